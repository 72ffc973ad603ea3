"""Scheduled meetings: the open one of a match, and compare-and-set steps so two clicks never both win."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.queries.columns import changed_rows
from storage.tables import OutboxMessage, OutboxStatus, ScheduledMeeting, ScheduleStatus

OPEN = (ScheduleStatus.PROPOSED, ScheduleStatus.PICKED, ScheduleStatus.CONFIRMED)


def open_meeting(*, session: Session, match_id: int) -> ScheduledMeeting | None:
    """The meeting a pair is arranging or has arranged and not yet held (at most one)."""
    return session.exec(select(ScheduledMeeting).where(
        col(ScheduledMeeting.match_id) == match_id, col(ScheduledMeeting.status).in_(OPEN))
        .order_by(col(ScheduledMeeting.id).desc())).first()


def advance(*, session: Session, meeting_id: int, statuses: tuple[str, ...], round_: int, **values: Any) -> bool:
    """Set `values` only while the meeting is still in one of `statuses` at round `round_`; False if a click (or
    another device) got there first."""
    result = session.execute(update(ScheduledMeeting).where(
        col(ScheduledMeeting.id) == meeting_id, col(ScheduledMeeting.status).in_(statuses),
        col(ScheduledMeeting.round) == round_).values(**values)
        .execution_options(synchronize_session="fetch"))
    return changed_rows(result) == 1


def cancel_pending_with_prefix(*, session: Session, prefix: str, purposes: tuple[str, ...]) -> int:
    """Cancel reminders and follow-ups still waiting for a meeting that moved or was called off."""
    result = session.execute(update(OutboxMessage).where(
        col(OutboxMessage.key).startswith(prefix, autoescape=True), col(OutboxMessage.purpose).in_(purposes),
        col(OutboxMessage.status) == OutboxStatus.PENDING).values(status=OutboxStatus.CANCELLED))
    return changed_rows(result)


def meetings_of_matches(*, session: Session, match_ids: list[int]) -> list[ScheduledMeeting]:
    if not match_ids:
        return []
    return list(session.exec(select(ScheduledMeeting).where(
        col(ScheduledMeeting.match_id).in_(match_ids)).order_by(col(ScheduledMeeting.id))))
