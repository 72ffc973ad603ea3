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

from sqlalchemy import bindparam, delete, exists, func, insert, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.limits import max_chars
from storage.queries.columns import changed_rows
from storage.tables import Broadcast, OutboxFile, OutboxKind, OutboxMessage, OutboxStatus
from storage.tenancy import own_rows

FINAL_STATUSES = (OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.REFUSED, OutboxStatus.CANCELLED)


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
    kind: str = OutboxKind.POST
    edits: tuple[str, str] | None = None  # an update's target (channel, ts), None if its original was never sent


def enqueue_message(*, session: Session, key: str, purpose: str, recipient: str, payload: dict[str, Any],
                    not_before: datetime, now: datetime, kind: str = OutboxKind.POST, edits_id: int | None = None,
                    channel: str | None = None, interactive: bool = False) -> OutboxMessage:
    """Add a message unless one with this key exists (then return that one unchanged).

    An update names what it edits by `edits_id` (an outbox message) or by `channel` and payload["ts"] (a message
    posted before the outbox carried it, or the one a click came from)."""
    existing = session.exec(select(OutboxMessage).where(OutboxMessage.key == key)).first()
    if existing is not None:
        return existing
    if len(recipient) > max_chars(OutboxMessage, "recipient"):  # SQLite would store it; PostgreSQL would refuse
        raise ValueError(f"an outbox recipient of {len(recipient)} characters: too many people for one group DM")
    message = OutboxMessage(key=key, purpose=purpose, recipient=recipient, payload=payload, not_before=not_before,
                            created_at=now, kind=kind, edits_id=edits_id, channel=channel, interactive=interactive)
    session.add(message)
    session.flush()
    return message


def supersede_edits(*, session: Session, edits_id: int | None, channel: str | None, ts: str | None) -> int:
    """Cancel edits of one message still waiting: a newer edit shows the whole message as it now stands."""
    pending = (col(OutboxMessage.kind) == OutboxKind.UPDATE) & (col(OutboxMessage.status) == OutboxStatus.PENDING)
    if edits_id is not None:
        target = col(OutboxMessage.edits_id) == edits_id
    else:
        target = (col(OutboxMessage.channel) == channel) & col(OutboxMessage.edits_id).is_(None)
    candidates = session.exec(select(OutboxMessage).where(pending & target)).all()
    cancelled = 0
    for row in candidates:
        if edits_id is not None or row.payload.get("ts") == ts:
            row.status = OutboxStatus.CANCELLED
            session.add(row)
            cancelled += 1
    return cancelled


def message_place(*, session: Session, message_id: int) -> tuple[str, str] | None:
    """Where an outbox message landed (channel, ts), once it is sent."""
    row = session.get(OutboxMessage, message_id)
    if row is None or row.status != OutboxStatus.SENT or not row.channel or not row.ts:
        return None
    return row.channel, row.ts


def sent_to(*, session: Session, recipient: str, channel: str, ts: str) -> bool:
    """Whether the message at (channel, ts) is one mentorbot posted to this person."""
    query = (select(OutboxMessage.id)
             .where(OutboxMessage.recipient == recipient, OutboxMessage.channel == channel, OutboxMessage.ts == ts,
                    col(OutboxMessage.status) == OutboxStatus.SENT, col(OutboxMessage.kind) == OutboxKind.POST)
             .limit(1))
    return session.exec(query).first() is not None


def delivered_at(*, session: Session, message_id: int) -> datetime | None:
    row = session.get(OutboxMessage, message_id)
    return row.sent_at if row is not None and row.status == OutboxStatus.SENT else None


def recent_send_times(*, session: Session, since: datetime) -> list[datetime]:
    """When messages were sent since `since`, oldest first: a new sender's pacer starts where the last one was."""
    query = (select(OutboxMessage.sent_at).where(col(OutboxMessage.sent_at) >= since,
                                                 OutboxMessage.kind != OutboxKind.UPDATE)
             .order_by(col(OutboxMessage.sent_at)))
    return [at for at in session.exec(query) if at is not None]


def cancel_pending_to(*, session: Session, recipient: str) -> int:
    """Cancel every message still waiting for this person (someone who left gets nothing more); edits of messages
    they already have still go (a withdrawn consent request loses its buttons)."""
    waiting = select(OutboxMessage.id).where(
        col(OutboxMessage.recipient) == recipient, col(OutboxMessage.status) == OutboxStatus.PENDING,
        col(OutboxMessage.kind) != OutboxKind.UPDATE)
    session.execute(delete(OutboxFile).where(col(OutboxFile.message_id).in_(waiting)))
    result = session.execute(update(OutboxMessage).where(col(OutboxMessage.id).in_(waiting))
                             .values(status="cancelled"))
    return changed_rows(result)


def enqueue_many(*, session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert many new messages in one statement (a broadcast's deliveries); every key must be new."""
    if rows:
        session.execute(insert(OutboxMessage), rows)
    return len(rows)


def due_message_ids(*, session: Session, now: datetime, limit: int, interactive_only: bool = False) -> list[int]:
    """Due messages, interactive ones first; an edit only once the message it edits is settled (sent, or never)."""
    query = (select(OutboxMessage.id).where(OutboxMessage.status == "pending", OutboxMessage.not_before <= now,
                                            _original_settled())
             .order_by(OutboxMessage.interactive.desc(), OutboxMessage.not_before, OutboxMessage.id)  # type: ignore[attr-defined,arg-type]
             .limit(limit).with_for_update(skip_locked=True))
    if interactive_only:
        query = query.where(OutboxMessage.interactive)
    return [row for row in session.exec(query)]  # type: ignore[misc]


# Built once: aliasing this wide table (and adapting its columns) cost more than the sender's query it sits in.
_ORIGINAL = aliased(OutboxMessage)


def _original_settled() -> Any:
    """Not an edit, or an edit whose original is sent (or will never be): an edit waits for what it edits."""
    original = _ORIGINAL
    settled = exists().where(original.id == OutboxMessage.edits_id,  # type: ignore[arg-type]
                             original.status.in_(FINAL_STATUSES))  # type: ignore[attr-defined]
    return or_(col(OutboxMessage.edits_id).is_(None), settled)


def claim_message(*, session: Session, message_id: int, worker: str, now: datetime) -> bool:
    """Compare-and-set pending -> sending, so two workers never both send one message."""
    result = session.execute(update(OutboxMessage).where(
        col(OutboxMessage.id) == message_id, col(OutboxMessage.status) == "pending"
    ).values(status="sending", claimed_by=worker, claimed_at=now))
    return changed_rows(result) == 1


def claim_messages(*, session: Session, message_ids: list[int], worker: str, now: datetime) -> list[int]:
    """claim_message for several messages in one statement (one round trip, not one each): the ids now held."""
    if not message_ids:
        return []
    result = session.execute(update(OutboxMessage).where(
        col(OutboxMessage.id).in_(message_ids), OutboxMessage.status == "pending"  # type: ignore[arg-type]
    ).values(status="sending", claimed_by=worker, claimed_at=now).returning(col(OutboxMessage.id)))
    return [row[0] for row in result]


def claim_due(*, session: Session, now: datetime, worker: str, limit: int,
              interactive_only: bool = False) -> list[Claimed]:
    """Claim up to `limit` due messages (row locks skipped by others, then compare-and-set), interactive first,
    then oldest first."""
    ids = claim_messages(session=session, worker=worker, now=now, message_ids=due_message_ids(
        session=session, now=now, limit=limit, interactive_only=interactive_only))
    if not ids:
        return []
    rows = session.exec(select(OutboxMessage).where(col(OutboxMessage.id).in_(ids))
                        .order_by(col(OutboxMessage.interactive).desc(), col(OutboxMessage.not_before),
                                  col(OutboxMessage.id)))
    claimed = [_claimed(session, row) for row in rows]
    posts = [c for c in claimed if c.kind in (OutboxKind.POST, OutboxKind.UPLOAD) and c.channel is None]
    known = known_dm_channels(session=session, recipients=[c.recipient for c in posts])
    return [_with_channel(session, c, known[c.recipient]) if c in posts and c.recipient in known else c
            for c in claimed]


def _claimed(session: Session, row: OutboxMessage) -> Claimed:
    assert row.id is not None and row.claimed_at is not None
    edits = None
    if row.kind == OutboxKind.UPDATE:
        if row.edits_id is not None:
            edits = message_place(session=session, message_id=row.edits_id)
        elif row.channel and row.payload.get("ts"):
            edits = (row.channel, str(row.payload["ts"]))
    payload = {k: v for k, v in dict(row.payload).items() if k != "ts"} if row.kind == OutboxKind.UPDATE \
        else dict(row.payload)
    return Claimed(row.id, row.key, row.recipient, payload, row.channel, row.attempts, row.claimed_at,
                   row.kind, edits)


def _with_channel(session: Session, claimed: Claimed, channel: str) -> Claimed:
    """Record the DM channel before posting, so an in-doubt check knows where to look."""
    session.execute(update(OutboxMessage).where(col(OutboxMessage.id) == claimed.id).values(channel=channel))
    return Claimed(claimed.id, claimed.key, claimed.recipient, claimed.payload, channel, claimed.attempts,
                   claimed.claimed_at, claimed.kind, claimed.edits)


def known_dm_channels(*, session: Session, recipients: Iterable[str]) -> dict[str, str]:
    """Each person's DM channel, if an earlier message reached it (saves a conversations.open)."""
    people = sorted({r for r in recipients if r[:1] in ("U", "W")})
    if not people:
        return {}
    query = (select(OutboxMessage.recipient, func.max(OutboxMessage.channel))
             .where(col(OutboxMessage.recipient).in_(people), col(OutboxMessage.status) == "sent",
                    OutboxMessage.channel.startswith("D"))  # type: ignore[union-attr]
             .group_by(OutboxMessage.recipient))
    return {recipient: channel for recipient, channel in session.exec(query) if channel}


def release(*, session: Session, message_ids: list[int], worker: str) -> None:
    """Put claimed messages that were never attempted back to pending."""
    if message_ids:
        session.execute(update(OutboxMessage).where(
            col(OutboxMessage.id).in_(message_ids), col(OutboxMessage.status) == "sending",
            col(OutboxMessage.claimed_by) == worker,
        ).values(status="pending", claimed_by=None))


def mark_sent(*, session: Session, message_id: int, channel: str, ts: str | None, now: datetime) -> None:
    session.execute(update(OutboxMessage).where(col(OutboxMessage.id) == message_id).values(
        status="sent", channel=channel, ts=ts, sent_at=now, attempts=OutboxMessage.attempts + 1,
        claimed_by=None, last_error=None))
    forget_file(session=session, message_id=message_id)


def mark_all_sent(*, session: Session, sent: list[tuple[int, str, str | None, datetime]]) -> None:
    """mark_sent for a batch, (message id, channel, ts, when) each, in two statements whatever its size."""
    if not sent:
        return
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    session.execute(update(table).where(table.c.id == bindparam("message_id"), *own_rows(table)).values(
        status="sent", channel=bindparam("sent_channel"), ts=bindparam("sent_ts"), sent_at=bindparam("sent_when"),
        attempts=table.c.attempts + 1, claimed_by=None, last_error=None),
        [{"message_id": i, "sent_channel": channel, "sent_ts": ts, "sent_when": at} for i, channel, ts, at in sent])
    session.execute(delete(OutboxFile).where(col(OutboxFile.message_id).in_([i for i, *_ in sent])))


def forget_file(*, session: Session, message_id: int) -> None:
    """A settled upload's bytes (and name) are not kept: exports hold personal data."""
    session.execute(delete(OutboxFile).where(col(OutboxFile.message_id) == message_id))


def in_doubt(*, session: Session, now: datetime, sender: str, limit: int) -> list[OutboxMessage]:
    """Messages left "sending" by anyone but the current sender (a dead or displaced worker), due for a check."""
    query = (select(OutboxMessage).where(
        OutboxMessage.status == "sending", OutboxMessage.not_before <= now,
        or_(col(OutboxMessage.claimed_by).is_(None), col(OutboxMessage.claimed_by) != sender))
        .order_by(col(OutboxMessage.id)).limit(limit))
    return list(session.exec(query))


def take_in_doubt(*, session: Session, message: OutboxMessage, sender: str) -> bool:
    """Compare-and-set the claimer to `sender`, keeping claimed_at (a post can only follow the first claim)."""
    result = session.execute(update(OutboxMessage).where(
        col(OutboxMessage.id) == message.id, col(OutboxMessage.status) == "sending",
        col(OutboxMessage.claimed_by).is_(None) if message.claimed_by is None
        else col(OutboxMessage.claimed_by) == message.claimed_by,
    ).values(claimed_by=sender))
    return changed_rows(result) == 1


def confirm_delivered(*, session: Session, message_id: int, sender: str, channel: str, ts: str | None,
                      now: datetime) -> None:
    """An in-doubt message was found in Slack: it is sent, with the ts it got."""
    result = session.execute(update(OutboxMessage).where(
        col(OutboxMessage.id) == message_id, col(OutboxMessage.status) == "sending",
        col(OutboxMessage.claimed_by) == sender,
    ).values(status="sent", channel=channel, ts=ts, sent_at=now, claimed_by=None, last_error=None))
    if changed_rows(result):
        forget_file(session=session, message_id=message_id)


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
    if message.status != "pending":
        forget_file(session=session, message_id=message_id)


def next_due_at(*, session: Session, sender: str) -> datetime | None:
    """When the earliest pending or in-doubt message becomes due (None: nothing waits)."""
    in_doubt_for_sender = (col(OutboxMessage.status) == "sending") & or_(
        col(OutboxMessage.claimed_by).is_(None), col(OutboxMessage.claimed_by) != sender)
    query = select(func.min(OutboxMessage.not_before)).where(
        ((OutboxMessage.status == "pending") & _original_settled()) | in_doubt_for_sender)
    return session.exec(query).one()


def requeue(*, session: Session, message_id: int, not_before: datetime, attempts: int,
            last_error: str | None) -> None:
    """Nothing reached Slack: pending again from not_before."""
    session.execute(update(OutboxMessage).where(col(OutboxMessage.id) == message_id).values(
        status="pending", not_before=not_before, attempts=attempts, last_error=last_error, claimed_by=None))


def fail_message(*, session: Session, message_id: int, attempts: int, reason: str,
                 refused_by_slack: bool = False) -> None:
    """Never retried: "refused" when Slack refused the payload itself (mentorbot's bug), else "failed"."""
    session.execute(update(OutboxMessage).where(col(OutboxMessage.id) == message_id).values(
        status="refused" if refused_by_slack else "failed", attempts=attempts, last_error=reason[:200],
        claimed_by=None))
    forget_file(session=session, message_id=message_id)


def undelivered(*, session: Session, limit: int) -> list[OutboxMessage]:
    """Messages that will never be delivered, newest first: refused payloads and failed deliveries."""
    query = (select(OutboxMessage).where(col(OutboxMessage.status).in_(("refused", "failed")))
             .order_by(col(OutboxMessage.created_at).desc()).limit(limit))
    return list(session.exec(query))


def refused_count(*, session: Session) -> int:
    """How many messages Slack refused as malformed (each one is a bug to fix, not a person to chase)."""
    query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "refused")
    return int(session.exec(query).one())


def leave_in_doubt(*, session: Session, message_id: int, channel: str | None, not_before: datetime, attempts: int,
                   last_error: str) -> None:
    """The post may have reached Slack: keep it "sending" with no claimer, to be checked from not_before."""
    session.execute(update(OutboxMessage).where(col(OutboxMessage.id) == message_id).values(
        status="sending", channel=channel, not_before=not_before, attempts=attempts, last_error=last_error[:200],
        claimed_by=None))


NEW_MESSAGE_FIELDS = ("key", "purpose", "recipient", "payload", "not_before", "created_at")
KEYS_PER_QUERY = 500  # bound on one IN list (SQLite and PostgreSQL both take far more)


def existing_keys(*, session: Session, keys: Iterable[str]) -> set[str]:
    """Which of these message keys are already in the outbox, whatever their status."""
    wanted, found = list(keys), set[str]()
    for start in range(0, len(wanted), KEYS_PER_QUERY):
        chunk = wanted[start:start + KEYS_PER_QUERY]
        found.update(session.exec(select(OutboxMessage.key).where(col(OutboxMessage.key).in_(chunk))))
    return found


def enqueue_new_messages(*, session: Session, messages: list[dict[str, Any]]) -> int:
    """What calling enqueue_message for each message in turn stores (a message whose key exists is left as it is,
    the first of two with one key wins), with one query for the keys and one insert: the rows, their defaults and
    their order (so their ids) are the same. Each message has NEW_MESSAGE_FIELDS (`created_at` is enqueue_message's
    `now`) and may say it is `interactive`. Returns how many were added."""
    present = existing_keys(session=session, keys=(m["key"] for m in messages))
    rows = []
    for message in messages:
        if message["key"] in present:
            continue
        present.add(message["key"])
        rows.append({**{field: message[field] for field in NEW_MESSAGE_FIELDS},  # the rest: the columns' defaults
                     "interactive": bool(message.get("interactive", False))})
    if rows:
        session.execute(insert(OutboxMessage), rows)
    return len(rows)


def waiting_count(*, session: Session) -> int:
    """How many messages still wait to go out (pending, or in doubt): what an uninstalled program's outbox holds."""
    query = select(func.count(col(OutboxMessage.id))).where(
        col(OutboxMessage.status).in_((OutboxStatus.PENDING, OutboxStatus.SENDING)))
    return int(session.exec(query).one())
