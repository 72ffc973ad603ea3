"""Delivering the outbox: claim due messages, post each to the person's DM, record the result.

Rules: 429 puts the message back until Retry-After has passed and stops the batch (pacing);
5xx and network errors retry with exponential backoff up to MAX_ATTEMPTS; Slack's permanent
errors (channel_not_found, user_disabled, ...) mark the message failed with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from storage.engine import SessionFactory, transaction
from storage.queries.outbox import claim_message, due_message_ids
from storage.tables import OutboxMessage

MAX_ATTEMPTS = 5
METADATA_EVENT = "mentorbot_outbox"  # each message carries its outbox key, so a delivery can be recognised


@dataclass
class DeliveryStats:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    rate_limited_until: datetime | None = None


def deliver_due(*, sessions: SessionFactory, client: WebClient, now: datetime, worker: str,
                limit: int = 50) -> DeliveryStats:
    """Send what is due now, at most `limit` messages."""
    with transaction(sessions) as session:
        ids = [i for i in due_message_ids(session=session, now=now, limit=limit)
               if claim_message(session=session, message_id=i, worker=worker, now=now)]
    stats = DeliveryStats()
    for position, message_id in enumerate(ids):
        _deliver_one(sessions, client, message_id, now, stats)
        if stats.rate_limited_until is not None:
            _release(sessions, ids[position + 1:], stats.rate_limited_until)
            break
    return stats


def _deliver_one(sessions: SessionFactory, client: WebClient, message_id: int, now: datetime, stats: DeliveryStats) -> None:
    with sessions() as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        recipient, payload, key = message.recipient, dict(message.payload), message.key
    try:
        channel, ts = post_direct(client, recipient, payload, key)
    except SlackApiError as error:
        _record_failure(sessions, message_id, error, now, stats)
        return
    except OSError as error:  # network: retry like a 5xx
        _record_failure(sessions, message_id, error, now, stats)
        return
    with transaction(sessions) as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        message.status, message.channel, message.ts, message.sent_at = "sent", channel, ts, now
        message.attempts += 1
        session.add(message)
    stats.sent += 1


def post_direct(client: WebClient, recipient: str, payload: dict[str, Any], key: str) -> tuple[str, str]:
    """conversations.open for a person's DM (channels are used as they are), then chat.postMessage."""
    channel = recipient
    if recipient[:1] in ("U", "W"):
        channel = client.conversations_open(users=recipient)["channel"]["id"]
    response = client.chat_postMessage(channel=channel, metadata={"event_type": METADATA_EVENT,
                                                                  "event_payload": {"key": key}}, **payload)
    return response["channel"], response["ts"]


def _record_failure(sessions: SessionFactory, message_id: int, error: Exception, now: datetime,
                    stats: DeliveryStats) -> None:
    status_code = getattr(getattr(error, "response", None), "status_code", None)
    with transaction(sessions) as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        message.attempts += 1
        if status_code == 429:
            wait = int(error.response.headers.get("Retry-After", 1))  # type: ignore[attr-defined]
            stats.rate_limited_until = now + timedelta(seconds=max(1, wait))
            message.status, message.not_before, message.attempts = "pending", stats.rate_limited_until, message.attempts - 1
        elif status_code is None or status_code >= 500:
            retryable = message.attempts < MAX_ATTEMPTS
            message.status = "pending" if retryable else "failed"
            message.not_before = now + timedelta(seconds=2 ** message.attempts)
            message.last_error = "server or network error" + ("" if retryable else f" after {MAX_ATTEMPTS} attempts")
            stats.retried += retryable
            stats.failed += not retryable
        else:
            message.status, message.last_error = "failed", str(error.response.get("error", "unknown"))[:200]  # type: ignore[attr-defined]
            stats.failed += 1
        session.add(message)


def _release(sessions: SessionFactory, message_ids: list[int], not_before: datetime) -> None:
    with transaction(sessions) as session:
        for message_id in message_ids:
            message = session.get(OutboxMessage, message_id)
            if message is not None and message.status == "sending":
                message.status, message.not_before, message.claimed_by = "pending", not_before, None
                session.add(message)
