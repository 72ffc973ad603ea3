"""Scheduled meetings: the open one of a match, and compare-and-set steps so two clicks never both win."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from storage.tables import OutboxMessage, OutboxStatus, ScheduledMeeting, ScheduleStatus

OPEN = (ScheduleStatus.PROPOSED, ScheduleStatus.PICKED, ScheduleStatus.CONFIRMED)


def open_meeting(*, session: Session, match_id: int) -> ScheduledMeeting | None:
    """The meeting a pair is arranging or has arranged and not yet held (at most one)."""
    return session.exec(select(ScheduledMeeting).where(
        ScheduledMeeting.match_id == match_id, ScheduledMeeting.status.in_(OPEN))  # type: ignore[attr-defined]
        .order_by(ScheduledMeeting.id.desc())).first()  # type: ignore[union-attr]


def advance(*, session: Session, meeting_id: int, statuses: tuple[str, ...], round_: int, **values: Any) -> bool:
    """Set `values` only while the meeting is still in one of `statuses` at round `round_`; False if a click (or
    another device) got there first."""
    result = session.execute(update(ScheduledMeeting).where(
        ScheduledMeeting.id == meeting_id, ScheduledMeeting.status.in_(statuses),  # type: ignore[arg-type,attr-defined]
        ScheduledMeeting.round == round_).values(**values)  # type: ignore[arg-type]
        .execution_options(synchronize_session="fetch"))
    return result.rowcount == 1  # type: ignore[attr-defined, no-any-return]


def cancel_pending_with_prefix(*, session: Session, prefix: str, purposes: tuple[str, ...]) -> int:
    """Cancel reminders and follow-ups still waiting for a meeting that moved or was called off."""
    result = session.execute(update(OutboxMessage).where(
        OutboxMessage.key.startswith(prefix), OutboxMessage.purpose.in_(purposes),  # type: ignore[attr-defined]
        OutboxMessage.status == OutboxStatus.PENDING).values(status=OutboxStatus.CANCELLED))  # type: ignore[arg-type]
    return result.rowcount or 0  # type: ignore[attr-defined]


def meetings_of_matches(*, session: Session, match_ids: list[int]) -> list[ScheduledMeeting]:
    if not match_ids:
        return []
    return list(session.exec(select(ScheduledMeeting).where(
        ScheduledMeeting.match_id.in_(match_ids)).order_by(ScheduledMeeting.id)))  # type: ignore[attr-defined]
