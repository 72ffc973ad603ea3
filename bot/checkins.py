"""Scheduled check-ins: each side of a match gets a DM every cadence, in their working hours, with one
reminder; answers update the record and the prompt. Paused or departed people get nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.checkin_plan import latest_due_cycle, next_cycle, plan_cycle
from bot.deps import Deps
from bot.goals import OPEN_STATUSES, goals_of, shared_goals
from bot.matching.service import PersonRef, ref
from bot.meetings import log_meeting
from bot.pauses import is_paused, local_today
from bot.program_settings import delivery_window, setting
from storage.limits import length_error
from bot.timing import next_window_start
from storage.engine import transaction
from storage.queries.care import due_checkins, sent_message, unanswered_checkins
from storage.queries.outbox import enqueue_message
from storage.tables import CheckIn, CheckInStatus, Match, MatchStatus, Person

MET_ANSWERS = {"yes": "Yes, we met", "not_yet": "Not yet", "cancelled": "It was cancelled"}


class CheckInError(ValueError):
    """The answer cannot be recorded; the message says why."""


@dataclass(frozen=True)
class GoalLine:
    goal_id: int
    title: str
    status: str


@dataclass(frozen=True)
class CheckInInfo:
    checkin_id: int
    role: str
    recipient: PersonRef
    partner: PersonRef
    kind: str
    goals: tuple[GoalLine, ...]
    reminder: bool = False
    met: str | None = None
    goals_private_note: bool = False  # the mentee's goals list includes some only they can see
    met_question: str = ""  # "did you meet?", true for this cycle (see `met_question`)


def _people(session: Session, checkin: CheckIn) -> tuple[Match, Person, Person]:
    match = session.get(Match, checkin.match_id)
    assert match is not None
    mentee, mentor = session.get(Person, match.mentee_id), session.get(Person, match.mentor_id)
    assert mentee is not None and mentor is not None
    return match, mentee, mentor


def checkin_info(session: Session, checkin: CheckIn, *, reminder: bool = False) -> CheckInInfo:
    match, mentee, mentor = _people(session, checkin)
    if checkin.role == "mentee":
        recipient, partner = mentee, mentor
        goals = goals_of(session=session, mentee_id=mentee.id or 0)
    else:
        recipient, partner = mentor, mentee
        goals = shared_goals(session=session, mentee_id=mentee.id or 0, mentor_id=mentor.id or 0, open_only=False)
    # open goals, plus any closed since this check-in went out (so the answer shows where it was given)
    goals = [g for g in goals if g.status in OPEN_STATUSES or (checkin.sent_at and g.updated_at >= checkin.sent_at)]
    lines = tuple(GoalLine(g.id or 0, g.title, g.status) for g in goals)
    return CheckInInfo(checkin.id or 0, checkin.role, ref(recipient), ref(partner), match.kind, lines, reminder,
                       checkin.met, met_question=met_question(checkin.role, ref(partner).name, checkin.cycle,
                                                              match.cadence_days))


def met_question(role: str, partner_name: str, cycle: int, cadence_days: int) -> str:
    """The first check-in asks about the time since the match began (there was no "last time"); later ones name
    the pair's own cadence, whatever it is (not "this month")."""
    since = "since you were matched" if cycle <= 1 else f"in the last {cadence_phrase(cadence_days)}"
    return f"Did you meet {'with ' if role == 'mentor' else ''}{partner_name} {since}?"


def cadence_phrase(days: int) -> str:
    weeks = {7: "week", 14: "two weeks", 21: "three weeks", 28: "four weeks"}
    return weeks.get(days, f"{days} days")


def _skippable(match: Match, person: Person, now: datetime) -> bool:
    return match.status != MatchStatus.ACTIVE or not person.active or is_paused(person, now)


def send_due_checkins(deps: Deps, now: datetime) -> None:
    """Enqueue every check-in that is due and inside its recipient's working hours; plan the next cycle.

    After an outage only the newest due cycle is sent: older ones are skipped as superseded.
    """
    with transaction(deps.sessions) as session:
        window = delivery_window(session)
        for checkin in due_checkins(session=session, now=now):
            match, mentee, mentor = _people(session, checkin)
            person = mentee if checkin.role == "mentee" else mentor
            newest = latest_due_cycle(match, now)
            if match.status == MatchStatus.ACTIVE and newest > checkin.cycle:
                checkin.status = CheckInStatus.SKIPPED
                plan_cycle(session=session, match=match, cycle=newest)
            elif _skippable(match, person, now):
                checkin.status = CheckInStatus.SKIPPED
            elif (opening := next_window_start(now, person.timezone, window)) > now:
                checkin.due_at = opening  # not re-examined until their working day starts
            else:
                enqueue_message(session=session, key=f"checkin:{checkin.id}", purpose="checkin",
                                recipient=person.slack_user_id, payload=deps.notifier.render_checkin(
                                    checkin_info(session, checkin)), not_before=now, now=now)
                checkin.status, checkin.sent_at = CheckInStatus.SENT, now
            session.add(checkin)
            if checkin.status in (CheckInStatus.SENT, CheckInStatus.SKIPPED) and match.status == MatchStatus.ACTIVE:
                plan_cycle(session=session, match=match, cycle=next_cycle(match, max(newest, checkin.cycle), now))


def send_due_reminders(deps: Deps, now: datetime) -> None:
    """One reminder for a check-in still unanswered after the configured delay, in working hours; then stop."""
    with transaction(deps.sessions) as session:
        window, delay = delivery_window(session), timedelta(hours=setting(session, "reminder_after_hours"))
        for checkin in unanswered_checkins(session=session, sent_before=now - delay):
            match, mentee, mentor = _people(session, checkin)
            person = mentee if checkin.role == "mentee" else mentor
            if _skippable(match, person, now) or next_window_start(now, person.timezone, window) > now:
                continue
            enqueue_message(session=session, key=f"checkin-reminder:{checkin.id}", purpose="reminder",
                            recipient=person.slack_user_id, payload=deps.notifier.render_checkin(
                                checkin_info(session, checkin, reminder=True)), not_before=now, now=now)
            checkin.reminded_at = now
            session.add(checkin)


def answer_met(*, session: Session, checkin_id: int, actor: str, answer: str, now: datetime) -> CheckInInfo:
    """Record "did you meet?"; a yes logs a meeting for today (merged with any other log that day)."""
    checkin = session.get(CheckIn, checkin_id)
    if checkin is None or answer not in MET_ANSWERS:
        raise CheckInError("That check-in no longer exists.")
    match, mentee, mentor = _people(session, checkin)
    person = mentee if checkin.role == "mentee" else mentor
    if person.slack_user_id != actor:
        raise CheckInError("That check-in was meant for someone else.")
    checkin.met, checkin.status, checkin.answered_at = answer, CheckInStatus.ANSWERED, checkin.answered_at or now
    session.add(checkin)
    if answer == "yes" and match.status == MatchStatus.ACTIVE:
        log_meeting(session=session, match_id=match.id or 0, actor=actor, now=now,
                    met_on=local_today(person, now))
    return checkin_info(session, checkin)


def record_program_note(*, session: Session, checkin_id: int, actor: str, note: str, now: datetime) -> None:
    """The mentor's optional "anything the program should know?", visible to coordinators only."""
    checkin = session.get(CheckIn, checkin_id)
    if checkin is None:
        raise CheckInError("That check-in no longer exists.")
    _, _, mentor = _people(session, checkin)
    if mentor.slack_user_id != actor or checkin.role != "mentor":
        raise CheckInError("Only the mentor of this match can add a note for the program.")
    if problem := length_error(CheckIn, "program_note", note.strip(), what="The note"):
        raise CheckInError(problem)
    checkin.program_note, checkin.answered_at = note.strip(), checkin.answered_at or now
    checkin.program_note_at = now
    session.add(checkin)


def prompt_messages(*, session: Session, checkin_id: int) -> list[tuple[str, str]]:
    """(channel, ts) of the check-in DM and its reminder, so both can show the answer was received."""
    keys = (f"checkin:{checkin_id}", f"checkin-reminder:{checkin_id}")
    found = [sent_message(session=session, key=key) for key in keys]
    return [(m.channel, m.ts) for m in found if m is not None and m.channel and m.ts]
