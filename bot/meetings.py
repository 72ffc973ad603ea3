"""Meeting log: one record per pair and day; a second log for the same day is merged, not counted twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from storage.queries.audit import record_audit
from storage.queries.care import resolve_alert
from bot.i18n import _, format_date, format_number, ngettext
from bot.checkin_plan import replan_open_checkins
from bot.pauses import local_today
from bot.program_settings import setting
from bot.timing import zone
from storage.queries.people import get_person
from storage.tables import Match, MatchStatus, Meeting


class MeetingError(ValueError):
    """The meeting cannot be logged; the message says why."""


@dataclass(frozen=True)
class LoggedMeeting:
    meeting_id: int
    match_id: int
    met_on: date
    merged: bool  # True when that day's meeting was already logged


def log_meeting(*, session: Session, match_id: int, actor: str, met_on: date | None, now: datetime,
                minutes: int | None = None, note: str = "") -> LoggedMeeting:
    """Log a meeting on `met_on` (None: today on the actor's own calendar)."""
    match = session.get(Match, match_id)
    person = get_person(session=session, slack_user_id=actor)
    if match is None or person is None or person.id not in (match.mentee_id, match.mentor_id):
        raise MeetingError(_("You can only log meetings of your own mentoring matches."))
    met_on = met_on or local_today(person, now)
    _check_date(met_on, match, local_today(person, now), setting(session, "meeting_log_days_back"), person.timezone)
    if minutes is not None and not 1 <= minutes <= 600:
        raise MeetingError(_("Minutes must be between 1 and 600."))
    existing = session.exec(select(Meeting).where(Meeting.match_id == match_id, Meeting.met_on == met_on)).first()
    if existing is not None:
        existing.minutes = max(filter(None, (existing.minutes, minutes)), default=None)
        session.add(existing)
        return LoggedMeeting(existing.id or 0, match_id, met_on, merged=True)
    meeting = Meeting(match_id=match_id, met_on=met_on, minutes=minutes, logged_by=actor, note=note.strip(),
                      created_at=now)
    session.add(meeting)
    session.flush()
    resolve_alert(session=session, kind="quiet_pair", subject_id=match_id, now=now)
    record_audit(session=session, now=now, actor=actor, action="meeting.log", target=str(match_id))
    return LoggedMeeting(meeting.id or 0, match_id, met_on, merged=False)


def _check_date(met_on: date, match: Match, today: date, days_back: int, timezone: str) -> None:
    """A meeting happened on or after the match began, not in the future, and not longer ago than the setting."""
    began = match.started_at.astimezone(zone(timezone)).date()
    if met_on > today:
        raise MeetingError(_("{day} is in the future; log a meeting once it has happened.").format(
            day=format_date(met_on, "long")))
    if met_on < began:
        raise MeetingError(_("{day} is before your match began ({began}); meetings from then on can be logged.").format(
            day=format_date(met_on, "long"), began=format_date(began, "long")))
    if (today - met_on).days > days_back:
        raise MeetingError(ngettext("{day} is more than {n} day ago; meetings can be logged up to {n} day back.",
                                    "{day} is more than {n} days ago; meetings can be logged up to {n} days back.",
                                    days_back).format(day=format_date(met_on, "long"), n=format_number(days_back)))


def _match_between(session: Session, actor: str, partner: str) -> Match:
    me, other = get_person(session=session, slack_user_id=actor), get_person(session=session, slack_user_id=partner)
    if me is None or other is None:
        raise MeetingError(_("{partner} and you have no active mentoring match.").format(partner=f"<@{partner}>"))
    for match in session.exec(select(Match).where(Match.status == MatchStatus.ACTIVE)):
        if {match.mentee_id, match.mentor_id} == {me.id, other.id}:
            return match
    raise MeetingError(_("{partner} and you have no active mentoring match.").format(partner=f"<@{partner}>"))


def log_meeting_with(*, session: Session, actor: str, partner: str, met_on: date | None, minutes: int | None,
                     now: datetime) -> LoggedMeeting:
    """`/mentor met @person [date] [minutes]`: today by default."""
    match = _match_between(session, actor, partner)
    return log_meeting(session=session, match_id=match.id or 0, actor=actor, met_on=met_on, now=now, minutes=minutes)


def change_cadence(*, session: Session, actor: str, partner: str, days: int, now: datetime) -> None:
    """Either person in a pair may change how often their check-ins come (7-120 days)."""
    if not 7 <= days <= 120:
        raise MeetingError(_("Choose between 7 and 120 days."))
    match = _match_between(session, actor, partner)
    match.cadence_days = days
    session.add(match)
    replan_open_checkins(session=session, match=match)
    record_audit(session=session, now=now, actor=actor, action="match.cadence", target=str(match.id),
                 detail={"days": days})
