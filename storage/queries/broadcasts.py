"""Reads and writes of announcements and their deliveries (outbox messages with a broadcast_id)."""

from __future__ import annotations

from sqlalchemy import delete, exists, func, update
from sqlmodel import Session, col, select

from storage.queries.columns import changed_rows
from storage.queries.decisions import hold
from storage.tables import Broadcast, BroadcastStatus, Match, MatchStatus, OutboxMessage, OutboxStatus, Person

ENROLLED = Person.is_mentee | Person.is_mentor


def add_broadcast(*, session: Session, broadcast: Broadcast) -> Broadcast:
    session.add(broadcast)
    session.flush()
    return broadcast


def get_broadcast(*, session: Session, broadcast_id: int, for_update: bool = False) -> Broadcast | None:
    """for_update: hold the row until the transaction ends (on SQLite too, which ignores FOR UPDATE) and read it fresh."""
    query = select(Broadcast).where(Broadcast.id == broadcast_id)
    if for_update:
        hold(session=session, model=Broadcast, row_id=broadcast_id)
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.exec(query).first()


def audience_people(*, session: Session, kind: str, value: str | None = None) -> list[Person]:
    """Active people a group audience names: everyone enrolled, mentees, mentors, a program, a stage, the unmatched."""
    query = select(Person).where(Person.active)
    if kind == "mentees":
        query = query.where(Person.is_mentee)
    elif kind == "mentors":
        query = query.where(Person.is_mentor)
    elif kind == "program":
        query = query.where(ENROLLED, Person.program == value)
    elif kind == "stage":
        query = query.where(ENROLLED, Person.stage == value)
    elif kind == "unmatched":
        matched = exists().where(col(Match.mentee_id) == col(Person.id), col(Match.status) == MatchStatus.ACTIVE)
        query = query.where(Person.is_mentee, ~matched)
    else:
        query = query.where(ENROLLED)
    return list(session.exec(query.order_by(col(Person.id))))


def program_names(*, session: Session) -> list[str]:
    query = (select(Person.program).where(Person.active, ENROLLED, col(Person.program).is_not(None))
             .distinct().order_by(Person.program))
    return [name for name in session.exec(query) if name]


def delivery_counts(*, session: Session, broadcast_id: int) -> dict[str, int]:
    query = (select(OutboxMessage.status, func.count()).where(OutboxMessage.broadcast_id == broadcast_id)
             .group_by(OutboxMessage.status))
    return {status: count for status, count in session.exec(query)}


def failed_deliveries(*, session: Session, broadcast_id: int, limit: int) -> list[tuple[str, str]]:
    """(recipient, reason) of failed deliveries, in recipient order, at most `limit`."""
    query = (select(OutboxMessage.recipient, OutboxMessage.last_error)
             .where(OutboxMessage.broadcast_id == broadcast_id, OutboxMessage.status == OutboxStatus.FAILED)
             .order_by(col(OutboxMessage.id)).limit(limit))
    return [(recipient, reason or "unknown") for recipient, reason in session.exec(query)]


def cancel_pending(*, session: Session, broadcast_id: int) -> int:
    """Stop every delivery not yet claimed; one being sent right now finishes (and is counted as sent)."""
    result = session.execute(update(OutboxMessage).where(
        col(OutboxMessage.broadcast_id) == broadcast_id, col(OutboxMessage.status) == OutboxStatus.PENDING,
    ).values(status=OutboxStatus.CANCELLED, claimed_by=None))
    return changed_rows(result)


def delete_pending(*, session: Session, broadcast_id: int) -> int:
    """Remove unclaimed deliveries (an edit rewrites them); returns how many."""
    result = session.execute(delete(OutboxMessage).where(
        col(OutboxMessage.broadcast_id) == broadcast_id, col(OutboxMessage.status) == OutboxStatus.PENDING))
    return changed_rows(result)


def unsettled_broadcasts(*, session: Session) -> list[Broadcast]:
    """Confirmed broadcasts whose confirmation message does not show their final state yet."""
    query = select(Broadcast).where(Broadcast.status != BroadcastStatus.DRAFT, col(Broadcast.shown) != "final").order_by(col(Broadcast.id))
    return list(session.exec(query))


def recent_broadcasts(*, session: Session, limit: int) -> list[Broadcast]:
    query = select(Broadcast).where(col(Broadcast.status) != BroadcastStatus.DRAFT).order_by(col(Broadcast.id).desc()).limit(limit)
    return list(session.exec(query))


def mark_shown(*, session: Session, broadcast_id: int, shown: str, message_id: int | None) -> None:
    values: dict[str, object] = {"shown": shown}
    if message_id is not None:
        values.update(confirmation_message_id=message_id)
    session.execute(update(Broadcast).where(col(Broadcast.id) == broadcast_id).values(**values))
