"""Meeting log: one record per pair and day; a second log for the same day is merged, not counted twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from storage.queries.audit import record_audit
from storage.queries.people import get_person
from storage.tables import Match, Meeting


class MeetingError(ValueError):
    """The meeting cannot be logged; the message says why."""


@dataclass(frozen=True)
class LoggedMeeting:
    meeting_id: int
    match_id: int
    met_on: date
    merged: bool  # True when that day's meeting was already logged


def log_meeting(*, session: Session, match_id: int, actor: str, met_on: date, now: datetime,
                minutes: int | None = None, note: str = "") -> LoggedMeeting:
    match = session.get(Match, match_id)
    person = get_person(session=session, slack_user_id=actor)
    if match is None or person is None or person.id not in (match.mentee_id, match.mentor_id):
        raise MeetingError("You can only log meetings of your own mentoring matches.")
    if met_on > now.date():
        raise MeetingError("That date is in the future; log a meeting once it has happened.")
    if minutes is not None and not 1 <= minutes <= 600:
        raise MeetingError("Minutes must be between 1 and 600.")
    existing = session.exec(select(Meeting).where(Meeting.match_id == match_id, Meeting.met_on == met_on)).first()
    if existing is not None:
        existing.minutes = max(filter(None, (existing.minutes, minutes)), default=None)
        session.add(existing)
        return LoggedMeeting(existing.id or 0, match_id, met_on, merged=True)
    meeting = Meeting(match_id=match_id, met_on=met_on, minutes=minutes, logged_by=actor, note=note.strip(),
                      created_at=now)
    session.add(meeting)
    session.flush()
    record_audit(session=session, now=now, actor=actor, action="meeting.log", target=str(match_id))
    return LoggedMeeting(meeting.id or 0, match_id, met_on, merged=False)
