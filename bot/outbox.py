"""Delivering the outbox: claim due messages, post each to the person's DM, record the result once.

Rules:
- Pacing: every Web API call waits for its method's slot in the process's SlackPacer; a message that would
  wait longer than MAX_INLINE_WAIT_SECONDS goes back to pending, so no claim is held through a long wait.
- 429: nothing was posted: pending again once Retry-After has passed (attempts unchanged).
- conversations.open failing with a 5xx or a network error: nothing was posted: pending again with
  exponential backoff, failed after MAX_ATTEMPTS.
- chat.postMessage failing with a 5xx, a network error or one of Slack's transient errors: it may have been
  posted. It stays "sending" with no claimer (in doubt) until the DM's history says whether it arrived.
- Slack's permanent errors (channel_not_found, user_disabled, ...): failed with the reason, never retried.
- Slack refusing the payload itself (invalid_blocks, invalid_arguments, ...): "refused", with the rule Slack gave,
  logged at ERROR: that is a bug in mentorbot's message, never filed as the recipient's delivery failure.
- In doubt (also whatever a dead worker left "sending"): each message carries its outbox key in Slack message
  metadata; conversations.history since the message was first claimed either shows that key (sent, with that
  ts) or not (pending again). So every message reaches Slack once: no loss, no duplicate.
- Files (bot/outbox_uploads.py): a failure before files.completeUploadExternal shared nothing (retried like a
  conversations.open); one during it leaves the file in doubt, settled by files.info on the file id recorded
  before completing: shared (sent), never completed (uploaded afresh), or not visible yet (asked again later).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.outbox_uploads import Shared, UploadFailed, UploadStep, share_file, shared_in
from bot.pacing import SlackPacer, retry_after_seconds
from storage.engine import SessionFactory, transaction
from storage.queries.outbox_files import file_of, record_slack_file, slack_file_of
from storage.tables import OutboxKind
from storage.queries.outbox import (
    Claimed,
    claim_due,
    confirm_delivered,
    confirm_missing,
    fail_message,
    in_doubt,
    leave_in_doubt,
    mark_all_sent,
    mark_sent,
    release,
    requeue,
    take_in_doubt,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
MAX_INLINE_WAIT_SECONDS = 2.0
METADATA_EVENT = "mentorbot_outbox"  # each message carries its outbox key, so a delivery can be recognised
VERIFY_SINCE_MARGIN = timedelta(minutes=10)  # our clock and Slack's may disagree a little
HISTORY_PAGE_SIZE = 200
HISTORY_MAX_PAGES = 10
# ok:false answers that mean the message itself is malformed: a bug in mentorbot, not the recipient's problem.
PAYLOAD_REFUSALS = frozenset({"invalid_blocks", "invalid_blocks_format", "invalid_arguments", "invalid_attachments",
                              "msg_too_long", "no_text", "invalid_metadata_format", "msg_blocks_too_long"})
# ok:false answers that mean "try later", not "never": Slack may even have posted the message.
TRANSIENT_ERRORS = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})


@dataclass
class DeliveryStats:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    verified: int = 0  # in-doubt messages found already delivered
    rate_limited_until: datetime | None = None

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.retried + self.verified

    def add(self, other: DeliveryStats) -> None:
        self.sent, self.failed = self.sent + other.sent, self.failed + other.failed
        self.retried, self.verified = self.retried + other.retried, self.verified + other.verified
        self.rate_limited_until = other.rate_limited_until or self.rate_limited_until


class Moment:
    """`now`, moving on with the pacer's clock while a batch takes its time."""

    def __init__(self, now: datetime, pacer: SlackPacer) -> None:
        self.start, self.pacer, self.started = now, pacer, pacer.clock()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self.pacer.clock() - self.started)


class UnverifiableError(Exception):
    """The DM has too many messages since the claim to look through; check again later."""


def _always() -> bool:
    return True


def deliver_due(*, sessions: SessionFactory, client: WebClient, now: datetime, worker: str, limit: int = 50,
                pacer: SlackPacer | None = None, may_post: Callable[[], bool] = _always,
                interactive_only: bool = False) -> DeliveryStats:
    """Claim up to `limit` due messages (interactive ones first) and send each; what has to wait goes back to
    pending."""
    pacer = pacer or SlackPacer(defaults={})
    at = Moment(now, pacer)
    with transaction(sessions) as session:
        batch = claim_due(session=session, now=now, worker=worker, limit=limit, interactive_only=interactive_only)
    stats, sent = DeliveryStats(), SentMarks()
    try:
        for position, message in enumerate(batch):
            wait = pacer.wait_seconds("chat.update") if message.kind == OutboxKind.UPDATE \
                else _wait_before(pacer, message.channel or message.recipient, then=_method_of(message.kind))
            if wait > MAX_INLINE_WAIT_SECONDS or not may_post():
                stats.rate_limited_until = at() + timedelta(seconds=wait) if wait else None
                with transaction(sessions) as session:
                    release(session=session, message_ids=[m.id for m in batch[position:]], worker=worker)
                break
            _deliver_one(sessions, client, pacer, message, at, stats, sent)
    finally:
        sent.record(sessions)
    return stats


class SentMarks:
    """What a batch delivered, written as sent in one transaction at the batch's end rather than one each: the
    sender then waits for the database's write lock once a batch, not once a message. A sender that dies before
    the write leaves at most the batch "sending", in doubt, checked in Slack before anything is resent (as for a
    death mid-post)."""

    def __init__(self) -> None:
        self._marks: list[tuple[int, str, str | None, datetime]] = []

    def add(self, message_id: int, channel: str, ts: str | None, at: datetime) -> None:
        self._marks.append((message_id, channel, ts, at))

    def record(self, sessions: SessionFactory) -> None:
        if not self._marks:
            return
        with transaction(sessions) as session:
            mark_all_sent(session=session, sent=self._marks)
        self._marks.clear()


def _wait_before(pacer: SlackPacer, target: str, then: str = "chat.postMessage") -> float:
    opening = pacer.wait_seconds("conversations.open") if _is_person(target) else 0.0
    return max(opening, pacer.wait_seconds(then))


def _method_of(kind: str) -> str:
    return "files.completeUploadExternal" if kind == OutboxKind.UPLOAD else "chat.postMessage"


def _is_person(target: str) -> bool:
    return target[:1] in ("U", "W")


def _deliver_one(sessions: SessionFactory, client: WebClient, pacer: SlackPacer, message: Claimed,
                 at: Moment, stats: DeliveryStats, sent: SentMarks) -> None:
    if message.kind == OutboxKind.UPDATE:
        _edit_one(sessions, client, pacer, message, at, stats, sent)
        return
    try:
        channel = message.channel or open_dm(client, pacer, message.recipient)
    except (SlackApiError, OSError) as error:
        _not_posted(sessions, message, error, at(), stats)
        return
    if message.kind == OutboxKind.UPLOAD:
        _upload_one(sessions, client, pacer, message, channel, at, stats)
        return
    try:
        channel, ts = _post(client, pacer, channel, message.payload, message.key)
    except (SlackApiError, OSError) as error:
        if _may_have_posted(error):
            _in_doubt(sessions, message, channel, error, at(), stats)
        else:
            _not_posted(sessions, message, error, at(), stats)
        return
    sent.add(message.id, channel, ts, at())
    stats.sent += 1


def _upload_one(sessions: SessionFactory, client: WebClient, pacer: SlackPacer, message: Claimed, channel: str,
                at: Moment, stats: DeliveryStats) -> None:
    """Share the row's file in the channel; Slack's file id is recorded before the upload is completed."""
    with sessions() as session:
        file = file_of(session=session, message_id=message.id)
    if file is None:
        with transaction(sessions) as session:
            fail_message(session=session, message_id=message.id, attempts=message.attempts,
                         reason="its file is no longer kept")  # not text: stored diagnostics
        stats.failed += 1
        return

    def record(file_id: str) -> None:
        with transaction(sessions) as session:
            record_slack_file(session=session, message_id=message.id, slack_file_id=file_id)

    try:
        ts = share_file(client, pacer, channel, file, str(message.payload.get("initial_comment") or ""), record)
    except UploadFailed as failed:
        if failed.step == UploadStep.COMPLETE and _may_have_posted(failed.error):
            _in_doubt(sessions, message, channel, failed.error, at(), stats)
        else:
            _not_posted(sessions, message, failed.error, at(), stats)
        return
    with transaction(sessions) as session:
        mark_sent(session=session, message_id=message.id, channel=channel, ts=ts, now=at())
    stats.sent += 1


def _edit_one(sessions: SessionFactory, client: WebClient, pacer: SlackPacer, message: Claimed,
              at: Moment, stats: DeliveryStats, sent: SentMarks) -> None:
    """chat.update of a message already sent. Editing twice shows the same, so a failed edit is simply retried."""
    if message.edits is None:
        with transaction(sessions) as session:
            fail_message(session=session, message_id=message.id, attempts=message.attempts,
                         reason="the message it edits was never sent")  # not text: stored diagnostics
        stats.failed += 1
        return
    channel, ts = message.edits
    try:
        with pacer.call("chat.update"):
            client.chat_update(channel=channel, ts=ts, **message.payload)
    except (SlackApiError, OSError) as error:
        _not_posted(sessions, message, error, at(), stats)
        return
    sent.add(message.id, channel, ts, at())
    stats.sent += 1


def open_dm(client: WebClient, pacer: SlackPacer, recipient: str) -> str:
    """The app's DM channel with a person (conversations.open); a channel id is used as it is."""
    if not _is_person(recipient):
        return recipient
    with pacer.call("conversations.open"):
        return client.conversations_open(users=recipient)["channel"]["id"]


def _post(client: WebClient, pacer: SlackPacer, channel: str, payload: dict[str, Any], key: str) -> tuple[str, str]:
    with pacer.call("chat.postMessage"):
        response = client.chat_postMessage(channel=channel, metadata={"event_type": METADATA_EVENT,
                                                                      "event_payload": {"key": key}}, **payload)
    return response["channel"], response["ts"]


def post_direct(client: WebClient, recipient: str, payload: dict[str, Any], key: str, *,
                pacer: SlackPacer | None = None) -> tuple[str, str]:
    """conversations.open for a person's DM (channels are used as they are), then chat.postMessage."""
    pacer = pacer or SlackPacer(defaults={})
    return _post(client, pacer, open_dm(client, pacer, recipient), payload, key)


def _error_code(error: Exception) -> str:
    response = getattr(error, "response", None)
    return str(response.get("error", "unknown")) if response is not None else type(error).__name__


def refusal_rule(error: Exception) -> str:
    """Slack's error code with the rules it named, e.g. "invalid_blocks: [ERROR] ... [json-pointer:/blocks/1]"."""
    response = getattr(error, "response", None)
    messages = (response.get("response_metadata") or {}).get("messages", []) if response is not None else []
    return "; ".join([_error_code(error), *messages])


def _may_have_posted(error: Exception) -> bool:
    if isinstance(error, OSError):
        return True  # a timeout or a dropped connection says nothing about what Slack did
    status = getattr(error.response, "status_code", 200)  # type: ignore[attr-defined]
    return status >= 500 or (status != 429 and _error_code(error) in TRANSIENT_ERRORS)


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=2 ** attempts)


def _not_posted(sessions: SessionFactory, message: Claimed, error: Exception, now: datetime,
                stats: DeliveryStats) -> None:
    retry_after = retry_after_seconds(error) if isinstance(error, SlackApiError) else None
    attempts = message.attempts + 1
    with transaction(sessions) as session:
        if retry_after is not None:
            stats.rate_limited_until = now + timedelta(seconds=retry_after)
            requeue(session=session, message_id=message.id, not_before=stats.rate_limited_until,
                    attempts=message.attempts, last_error="rate limited")  # not text: stored diagnostics
            stats.retried += 1
        elif _error_code(error) in PAYLOAD_REFUSALS:
            rule = refusal_rule(error)
            logger.error("Slack refused outbox message %s as malformed: %s", message.key, rule)
            fail_message(session=session, message_id=message.id, attempts=attempts, reason=rule,
                         refused_by_slack=True)
            stats.failed += 1
        elif not _may_have_posted(error):
            fail_message(session=session, message_id=message.id, attempts=attempts, reason=_error_code(error))
            stats.failed += 1
        elif attempts < MAX_ATTEMPTS:
            requeue(session=session, message_id=message.id, not_before=now + _backoff(attempts), attempts=attempts,
                    last_error=f"server or network error ({_error_code(error)})")  # not text: stored diagnostics
            stats.retried += 1
        else:
            fail_message(session=session, message_id=message.id, attempts=attempts,
                         reason=f"server or network error after {MAX_ATTEMPTS} attempts")  # not text: stored diagnostics
            stats.failed += 1


def _in_doubt(sessions: SessionFactory, message: Claimed, channel: str, error: Exception, now: datetime,
              stats: DeliveryStats) -> None:
    attempts = message.attempts + 1
    with transaction(sessions) as session:
        leave_in_doubt(session=session, message_id=message.id, channel=channel, not_before=now + _backoff(attempts),
                       attempts=attempts, last_error=f"server or network error ({_error_code(error)})")  # not text: stored diagnostics
    stats.retried += 1


def settle_in_doubt(*, sessions: SessionFactory, client: WebClient, now: datetime, sender: str,
                    pacer: SlackPacer | None = None, limit: int = 20,
                    may_post: Callable[[], bool] = _always) -> DeliveryStats:
    """Check messages another (dead or displaced) sender left "sending": mark sent if Slack has them, else resend.

    Only the one current sender (the holder of the outbox lease) may call this.
    """
    pacer = pacer or SlackPacer(defaults={})
    at = Moment(now, pacer)
    with transaction(sessions) as session:
        doubtful = [_claimed_in_doubt(m) for m in in_doubt(session=session, now=now, sender=sender, limit=limit)
                    if take_in_doubt(session=session, message=m, sender=sender)]
    stats = DeliveryStats()
    for position, message in enumerate(doubtful):
        wait = _wait_before(pacer, message.channel or message.recipient, then="conversations.history")
        if wait > MAX_INLINE_WAIT_SECONDS or not may_post():
            with transaction(sessions) as session:
                for rest in doubtful[position:]:
                    leave_in_doubt(session=session, message_id=rest.id, channel=rest.channel, not_before=now,
                                   attempts=rest.attempts, last_error="not checked yet")  # not text: stored diagnostics
            break
        _settle_one(sessions, client, pacer, message, sender, at, stats)
    return stats


def _claimed_in_doubt(row: Any) -> Claimed:
    return Claimed(row.id, row.key, row.recipient, {}, row.channel, row.attempts, row.claimed_at or row.created_at,
                   row.kind)


def _settle_one(sessions: SessionFactory, client: WebClient, pacer: SlackPacer, message: Claimed, sender: str,
                at: Moment, stats: DeliveryStats) -> None:
    try:
        channel = message.channel or open_dm(client, pacer, message.recipient)
        if message.kind == OutboxKind.UPLOAD:
            found, ts = _find_shared_file(sessions, client, pacer, message, channel)
        else:
            ts = find_delivered(client, pacer, channel, message.key, since=message.claimed_at - VERIFY_SINCE_MARGIN)
            found = ts is not None
    except (SlackApiError, OSError, UnverifiableError) as error:
        _unsettled(sessions, message, error, at(), stats)
        return
    with transaction(sessions) as session:
        if found:
            confirm_delivered(session=session, message_id=message.id, sender=sender, channel=channel, ts=ts, now=at())
            stats.verified += 1
            return
        gave_up = message.attempts >= MAX_ATTEMPTS
        confirm_missing(session=session, message_id=message.id, sender=sender,
                        failed_reason=f"server or network error after {MAX_ATTEMPTS} attempts" if gave_up else None)  # not text: stored diagnostics
    stats.failed += gave_up
    stats.retried += not gave_up


def _unsettled(sessions: SessionFactory, message: Claimed, error: Exception, now: datetime,
               stats: DeliveryStats) -> None:
    """The check itself failed: a permanent Slack error ends the message; anything else is checked again later."""
    retry_after = retry_after_seconds(error) if isinstance(error, SlackApiError) else None
    permanent = isinstance(error, SlackApiError) and retry_after is None and not _may_have_posted(error)
    with transaction(sessions) as session:
        if permanent:
            fail_message(session=session, message_id=message.id, attempts=message.attempts, reason=_error_code(error))
        else:
            wait = timedelta(seconds=retry_after) if retry_after else _backoff(min(message.attempts + 1, MAX_ATTEMPTS))
            leave_in_doubt(session=session, message_id=message.id, channel=message.channel, not_before=now + wait,
                           attempts=message.attempts, last_error=f"could not check delivery ({_error_code(error)})")  # not text: stored diagnostics
    stats.failed += permanent
    stats.retried += not permanent


def _find_shared_file(sessions: SessionFactory, client: WebClient, pacer: SlackPacer, message: Claimed,
                      channel: str) -> tuple[bool, str | None]:
    """Whether the upload in doubt was shared (files.info on the file id recorded before completing). A file whose
    share Slack does not show yet is checked again later, never uploaded twice."""
    with sessions() as session:
        file_id = slack_file_of(session=session, message_id=message.id)
    if file_id is None:
        return False, None  # the sender stopped before Slack gave an id: nothing can have been shared
    shared, ts = shared_in(client, pacer, file_id, channel)
    if shared == Shared.NOT_YET:
        raise UnverifiableError(f"file {file_id} is completed but not yet shown shared in {channel}")  # not text: stored diagnostics
    return shared == Shared.YES, ts


def find_delivered(client: WebClient, pacer: SlackPacer, channel: str, key: str, since: datetime) -> str | None:
    """The ts of the message carrying this outbox key in the channel's history since `since`, or None."""
    cursor: str | None = None
    for _ in range(HISTORY_MAX_PAGES):
        with pacer.call("conversations.history"):
            page = client.conversations_history(channel=channel, oldest=f"{since.timestamp():.6f}",
                                                include_all_metadata=True, limit=HISTORY_PAGE_SIZE, cursor=cursor)
        posted: dict[str, Any]
        for posted in page.get("messages", []):
            metadata: dict[str, Any] = posted.get("metadata") or {}
            if metadata.get("event_type") == METADATA_EVENT and metadata.get("event_payload", {}).get("key") == key:
                return str(posted["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            return None
    raise UnverifiableError(f"more than {HISTORY_MAX_PAGES * HISTORY_PAGE_SIZE} messages since the claim")  # not text: stored diagnostics
