"""The outbox: durable, idempotent queue of Slack messages that jobs deliver.

Statuses: pending (waiting for not_before) -> sending (claimed; a post may be under way) -> sent | failed;
pending -> cancelled. A message still "sending" when its claimer is not the current sender is *in doubt*:
it may or may not have reached Slack, and is checked there before it is ever sent again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, update
from sqlmodel import Session, col, select

from storage.queries.columns import changed_rows
from storage.tables import Broadcast, OutboxMessage


@dataclass(frozen=True)
class Claimed:
    """What a sender needs to deliver one claimed message."""

    id: int
    key: str
    recipient: str
    payload: dict[str, Any]
    channel: str | None
    attempts: int
    claimed_at: datetime


def enqueue_message(*, session: Session, key: str, purpose: str, recipient: str, payload: dict[str, Any],
                    not_before: datetime, now: datetime) -> OutboxMessage:
    """Add a message unless one with this key exists (then return that one unchanged)."""
    existing = session.exec(select(OutboxMessage).where(OutboxMessage.key == key)).first()
    if existing is not None:
        return existing
    message = OutboxMessage(key=key, purpose=purpose, recipient=recipient, payload=payload, not_before=not_before,
                            created_at=now)
    session.add(message)
    session.flush()
    return message


def cancel_pending_to(*, session: Session, recipient: str) -> int:
    """Cancel every message still waiting for this person (someone who left gets nothing more)."""
    result = session.execute(update(OutboxMessage).where(
        OutboxMessage.recipient == recipient, OutboxMessage.status == "pending")  # type: ignore[arg-type]
        .values(status="cancelled"))
    return changed_rows(result)


def enqueue_many(*, session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert many new messages in one statement (a broadcast's deliveries); every key must be new."""
    if rows:
        session.execute(insert(OutboxMessage), rows)
    return len(rows)


def due_message_ids(*, session: Session, now: datetime, limit: int) -> list[int]:
    query = (select(OutboxMessage.id).where(OutboxMessage.status == "pending", OutboxMessage.not_before <= now)
             .order_by(OutboxMessage.not_before, OutboxMessage.id).limit(limit)  # type: ignore[arg-type]
             .with_for_update(skip_locked=True))
    return [row for row in session.exec(query)]  # type: ignore[misc]


def claim_message(*, session: Session, message_id: int, worker: str, now: datetime) -> bool:
    """Compare-and-set pending -> sending, so two workers never both send one message."""
    result = session.execute(update(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.status == "pending"  # type: ignore[arg-type]
    ).values(status="sending", claimed_by=worker, claimed_at=now))
    return changed_rows(result) == 1


def claim_due(*, session: Session, now: datetime, worker: str, limit: int) -> list[Claimed]:
    """Claim up to `limit` due messages (row locks skipped by others, then compare-and-set), oldest first."""
    ids = [i for i in due_message_ids(session=session, now=now, limit=limit)
           if claim_message(session=session, message_id=i, worker=worker, now=now)]
    if not ids:
        return []
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.id.in_(ids))  # type: ignore[union-attr]
                        .order_by(OutboxMessage.not_before, OutboxMessage.id))  # type: ignore[arg-type]
    claimed = [_claimed(row) for row in rows]
    known = known_dm_channels(session=session, recipients=[c.recipient for c in claimed if c.channel is None])
    return [c if c.channel or c.recipient not in known else _with_channel(session, c, known[c.recipient])
            for c in claimed]


def _claimed(row: OutboxMessage) -> Claimed:
    assert row.id is not None and row.claimed_at is not None
    return Claimed(row.id, row.key, row.recipient, dict(row.payload), row.channel, row.attempts, row.claimed_at)


def _with_channel(session: Session, claimed: Claimed, channel: str) -> Claimed:
    """Record the DM channel before posting, so an in-doubt check knows where to look."""
    session.execute(update(OutboxMessage).where(OutboxMessage.id == claimed.id).values(channel=channel))  # type: ignore[arg-type]
    return Claimed(claimed.id, claimed.key, claimed.recipient, claimed.payload, channel, claimed.attempts,
                   claimed.claimed_at)


def known_dm_channels(*, session: Session, recipients: Iterable[str]) -> dict[str, str]:
    """Each person's DM channel, if an earlier message reached it (saves a conversations.open)."""
    people = sorted({r for r in recipients if r[:1] in ("U", "W")})
    if not people:
        return {}
    query = (select(OutboxMessage.recipient, func.max(OutboxMessage.channel))
             .where(OutboxMessage.recipient.in_(people), OutboxMessage.status == "sent",  # type: ignore[attr-defined]
                    OutboxMessage.channel.startswith("D"))  # type: ignore[union-attr]
             .group_by(OutboxMessage.recipient))
    return {recipient: channel for recipient, channel in session.exec(query) if channel}


def release(*, session: Session, message_ids: list[int], worker: str) -> None:
    """Put claimed messages that were never attempted back to pending."""
    if message_ids:
        session.execute(update(OutboxMessage).where(
            OutboxMessage.id.in_(message_ids), OutboxMessage.status == "sending",  # type: ignore[union-attr,arg-type]
            OutboxMessage.claimed_by == worker,  # type: ignore[arg-type]
        ).values(status="pending", claimed_by=None))


def mark_sent(*, session: Session, message_id: int, channel: str, ts: str, now: datetime) -> None:
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(  # type: ignore[arg-type]
        status="sent", channel=channel, ts=ts, sent_at=now, attempts=OutboxMessage.attempts + 1,
        claimed_by=None, last_error=None))


def in_doubt(*, session: Session, now: datetime, sender: str, limit: int) -> list[OutboxMessage]:
    """Messages left "sending" by anyone but the current sender (a dead or displaced worker), due for a check."""
    query = (select(OutboxMessage).where(
        OutboxMessage.status == "sending", OutboxMessage.not_before <= now,
        or_(OutboxMessage.claimed_by.is_(None), OutboxMessage.claimed_by != sender))  # type: ignore[union-attr,arg-type]
        .order_by(OutboxMessage.id).limit(limit))  # type: ignore[arg-type]
    return list(session.exec(query))


def take_in_doubt(*, session: Session, message: OutboxMessage, sender: str) -> bool:
    """Compare-and-set the claimer to `sender`, keeping claimed_at (a post can only follow the first claim)."""
    result = session.execute(update(OutboxMessage).where(
        OutboxMessage.id == message.id, OutboxMessage.status == "sending",  # type: ignore[arg-type]
        OutboxMessage.claimed_by.is_(None) if message.claimed_by is None  # type: ignore[union-attr]
        else OutboxMessage.claimed_by == message.claimed_by,  # type: ignore[arg-type]
    ).values(claimed_by=sender))
    return changed_rows(result) == 1


def confirm_delivered(*, session: Session, message_id: int, sender: str, channel: str, ts: str, now: datetime) -> None:
    """An in-doubt message was found in Slack: it is sent, with the ts it got."""
    session.execute(update(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.status == "sending",  # type: ignore[arg-type]
        OutboxMessage.claimed_by == sender,  # type: ignore[arg-type]
    ).values(status="sent", channel=channel, ts=ts, sent_at=now, claimed_by=None, last_error=None))


def confirm_missing(*, session: Session, message_id: int, sender: str, failed_reason: str | None) -> None:
    """An in-doubt message is not in Slack: send it again (or, if its announcement was cancelled, never)."""
    message = session.get(OutboxMessage, message_id)
    if message is None or message.status != "sending" or message.claimed_by != sender:
        return
    broadcast = session.get(Broadcast, message.broadcast_id) if message.broadcast_id else None
    if broadcast is not None and broadcast.status == "cancelled":
        message.status = "cancelled"
    elif failed_reason is not None:
        message.status, message.last_error = "failed", failed_reason[:200]
    else:
        message.status = "pending"
    message.claimed_by = None
    session.add(message)


def next_due_at(*, session: Session, sender: str) -> datetime | None:
    """When the earliest pending or in-doubt message becomes due (None: nothing waits)."""
    in_doubt_for_sender = (col(OutboxMessage.status) == "sending") & or_(
        col(OutboxMessage.claimed_by).is_(None), col(OutboxMessage.claimed_by) != sender)
    query = select(func.min(OutboxMessage.not_before)).where(
        (col(OutboxMessage.status) == "pending") | in_doubt_for_sender)
    return session.exec(query).one()


def requeue(*, session: Session, message_id: int, not_before: datetime, attempts: int,
            last_error: str | None) -> None:
    """Nothing reached Slack: pending again from not_before."""
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(  # type: ignore[arg-type]
        status="pending", not_before=not_before, attempts=attempts, last_error=last_error, claimed_by=None))


def fail_message(*, session: Session, message_id: int, attempts: int, reason: str,
                 refused_by_slack: bool = False) -> None:
    """Never retried: "refused" when Slack refused the payload itself (mentorbot's bug), else "failed"."""
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(  # type: ignore[arg-type]
        status="refused" if refused_by_slack else "failed", attempts=attempts, last_error=reason[:200],
        claimed_by=None))


def undelivered(*, session: Session, limit: int) -> list[OutboxMessage]:
    """Messages that will never be delivered, newest first: refused payloads and failed deliveries."""
    query = (select(OutboxMessage).where(OutboxMessage.status.in_(("refused", "failed")))  # type: ignore[attr-defined]
             .order_by(OutboxMessage.created_at.desc()).limit(limit))  # type: ignore[attr-defined]
    return list(session.exec(query))


def refused_count(*, session: Session) -> int:
    """How many messages Slack refused as malformed (each one is a bug to fix, not a person to chase)."""
    query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "refused")
    return int(session.exec(query).one())


def leave_in_doubt(*, session: Session, message_id: int, channel: str | None, not_before: datetime, attempts: int,
                   last_error: str) -> None:
    """The post may have reached Slack: keep it "sending" with no claimer, to be checked from not_before."""
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(  # type: ignore[arg-type]
        status="sending", channel=channel, not_before=not_before, attempts=attempts, last_error=last_error[:200],
        claimed_by=None))


NEW_MESSAGE_FIELDS = ("key", "purpose", "recipient", "payload", "not_before", "created_at")
KEYS_PER_QUERY = 500  # bound on one IN list (SQLite and PostgreSQL both take far more)


def existing_keys(*, session: Session, keys: Iterable[str]) -> set[str]:
    """Which of these message keys are already in the outbox, whatever their status."""
    wanted, found = list(keys), set[str]()
    for start in range(0, len(wanted), KEYS_PER_QUERY):
        chunk = wanted[start:start + KEYS_PER_QUERY]
        found.update(session.exec(select(OutboxMessage.key).where(OutboxMessage.key.in_(chunk))))  # type: ignore[attr-defined]
    return found


def enqueue_new_messages(*, session: Session, messages: list[dict[str, Any]]) -> int:
    """What calling enqueue_message for each message in turn stores (a message whose key exists is left as it is,
    the first of two with one key wins), with one query for the keys and one insert: the rows, their defaults and
    their order (so their ids) are the same. Each message has NEW_MESSAGE_FIELDS (`created_at` is enqueue_message's
    `now`). Returns how many were added."""
    present = existing_keys(session=session, keys=(m["key"] for m in messages))
    rows = []
    for message in messages:
        if message["key"] in present:
            continue
        present.add(message["key"])
        rows.append({field: message[field] for field in NEW_MESSAGE_FIELDS})  # the rest: the columns' defaults
    if rows:
        session.execute(insert(OutboxMessage), rows)
    return len(rows)
