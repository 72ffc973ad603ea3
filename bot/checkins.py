"""Scheduled check-ins: each side of a match gets a DM every cadence, in their working hours, with one
reminder; answers update the record and the prompt. Paused or departed people get nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from bot.care_views import CheckInInfo, GoalLine
from bot.checkin_plan import latest_due_cycle, next_cycle, plan_cycles
from bot.deps import Deps
from bot.goals import OPEN_STATUSES, goals_of, shared_goals, visible_to_mentor
from bot.i18n import N_, _, format_count, pgettext
from bot.matching.service import PersonRef, ref
from bot.meetings import log_meeting
from bot.pauses import is_paused, local_today
from bot.program_settings import delivery_window, setting
from bot.timing import next_window_start
from storage.engine import transaction
from storage.queries.care import due_checkins, sent_message, unanswered_checkins
from storage.queries.outbox import enqueue_new_messages
from storage.tables import CheckIn, CheckInStatus, Goal, Match, MatchStatus, Person
from bot.i18n.choice import speaking_to
from bot.text_limits import length_error

MatchOrPerson = TypeVar("MatchOrPerson", Match, Person)  # not text: a type  # the two tables a check-in batch reads by id

MET_ANSWERS = {"yes": N_("Yes, we met"), "not_yet": N_("Not yet"), "cancelled": N_("It was cancelled")}


class CheckInError(ValueError):
    """The answer cannot be recorded; the message says why."""


def _people(session: Session, checkin: CheckIn) -> tuple[Match, Person, Person]:
    match = session.get(Match, checkin.match_id)
    assert match is not None
    mentee, mentor = session.get(Person, match.mentee_id), session.get(Person, match.mentor_id)
    assert mentee is not None and mentor is not None
    return match, mentee, mentor


def checkin_info(session: Session, checkin: CheckIn, *, reminder: bool = False) -> CheckInInfo:
    match, mentee, mentor = _people(session, checkin)
    if checkin.role == "mentee":
        goals = goals_of(session=session, mentee_id=mentee.id or 0)
    else:
        goals = shared_goals(session=session, mentee_id=mentee.id or 0, mentor_id=mentor.id or 0, open_only=False)
    return _info(checkin, match, mentee, mentor, goals, reminder)


def _info(checkin: CheckIn, match: Match, mentee: Person, mentor: Person, goals: list[Goal],
          reminder: bool) -> CheckInInfo:
    """`goals`: the mentee's goals (to the mentee) or those shared with this mentor (to the mentor), by id."""
    recipient, partner = (mentee, mentor) if checkin.role == "mentee" else (mentor, mentee)
    # open goals, plus any closed since this check-in went out (so the answer shows where it was given)
    goals = [g for g in goals if g.status in OPEN_STATUSES or (checkin.sent_at and g.updated_at >= checkin.sent_at)]
    lines = tuple(GoalLine(g.id or 0, g.title, g.status) for g in goals)
    return CheckInInfo(checkin.id or 0, checkin.role, ref(recipient), ref(partner), match.kind, lines, reminder,
                       checkin.met, met_question=met_question(checkin.role, ref(partner).name, checkin.cycle,
                                                              match.cadence_days), match_id=match.id or 0)


class _Batch:
    """What a tick's check-ins need, read in a few queries for all of them instead of several per check-in:
    their matches and people (kept in the session, so `session.get` finds them), the mentees' goals and current
    mentors. Nothing the tick changes (check-in rows, the outbox) is read from here."""

    def __init__(self, session: Session, checkins: list[CheckIn]) -> None:
        self.session = session
        # held here: the session keeps loaded rows only while someone refers to them
        self.matches = _by_id(session, Match, sorted({c.match_id for c in checkins}))
        self.people = _by_id(session, Person, sorted({p for m in self.matches.values() for p in (m.mentee_id, m.mentor_id)}))
        mentee_ids = sorted({m.mentee_id for m in self.matches.values()})
        self.goals: dict[int, list[Goal]] = {mentee: [] for mentee in mentee_ids}
        self.mentors: dict[int, set[int]] = {mentee: set() for mentee in mentee_ids}
        for chunk in _chunks(mentee_ids):
            for goal in session.exec(select(Goal).where(col(Goal.mentee_id).in_(chunk)).order_by(col(Goal.id))):
                self.goals[goal.mentee_id].append(goal)
            for mentee, mentor in session.exec(select(Match.mentee_id, Match.mentor_id).where(
                    col(Match.status) == MatchStatus.ACTIVE, col(Match.mentee_id).in_(chunk))):
                self.mentors[mentee].add(mentor)

    def info(self, checkin: CheckIn, *, reminder: bool = False) -> CheckInInfo:
        match, mentee, mentor = _people(self.session, checkin)
        goals = self.goals[mentee.id or 0]
        if checkin.role == "mentor":
            goals = [g for g in goals if visible_to_mentor(g, mentor.id or 0, self.mentors[mentee.id or 0])]
        return _info(checkin, match, mentee, mentor, goals, reminder)


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[start:start + size] for start in range(0, len(ids), size)]


def _by_id(session: Session, table: type[MatchOrPerson], ids: list[int]) -> dict[int, MatchOrPerson]:
    found: dict[int, MatchOrPerson] = {}
    for chunk in _chunks(ids):
        found.update((row.id, row) for row in session.exec(select(table).where(col(table.id).in_(chunk))) if row.id is not None)
    return found


def met_question(role: str, partner_name: str, cycle: int, cadence_days: int) -> str:
    """The first check-in asks about the time since the match began (there was no "last time"); later ones name
    the pair's own cadence, whatever it is (not "this month")."""
    if cycle <= 1:
        question = (pgettext("mentor", "Did you meet with {name} since you were matched?") if role == "mentor"
                    else _("Did you meet {name} since you were matched?"))
        return question.format(name=partner_name)
    question = (pgettext("mentor", "Did you meet with {name} {in_the_last_period}?") if role == "mentor"
                else _("Did you meet {name} {in_the_last_period}?"))
    return question.format(name=partner_name, in_the_last_period=cadence_phrase(cadence_days))


def cadence_phrase(days: int) -> str:
    """The whole phrase, preposition included: its words agree with the period in French ("au cours des deux
    dernières semaines", "au cours des 30 derniers jours")."""
    weeks = {7: N_("in the last week"), 14: N_("in the last two weeks"), 21: N_("in the last three weeks"),
             28: N_("in the last four weeks")}
    return _(weeks[days]) if days in weeks else format_count("in the last {n} day", "in the last {n} days", days)


def _skippable(match: Match, person: Person, now: datetime) -> bool:
    return match.status != MatchStatus.ACTIVE or not person.active or is_paused(person, now)


def send_due_checkins(deps: Deps, now: datetime) -> None:
    """Enqueue every check-in that is due and inside its recipient's working hours; plan the next cycle.

    After an outage only the newest due cycle is sent: older ones are skipped as superseded. What every due
    check-in needs is read at once, the messages are inserted together and the next cycles planned together,
    so the step costs a few statements however many are due (and nothing for the people who are not).
    """
    with transaction(deps.sessions) as session:
        window = delivery_window(session)
        due = due_checkins(session=session, now=now)
        batch = _Batch(session, due)
        messages: list[dict[str, Any]] = []
        plans: list[tuple[Match, int]] = []
        for checkin in due:
            match, mentee, mentor = _people(session, checkin)
            person = mentee if checkin.role == "mentee" else mentor
            newest = latest_due_cycle(match, now)
            if match.status == MatchStatus.ACTIVE and newest > checkin.cycle:
                checkin.status = CheckInStatus.SKIPPED
                plans.append((match, newest))
            elif _skippable(match, person, now):
                checkin.status = CheckInStatus.SKIPPED
            elif (opening := next_window_start(now, person.timezone, window)) > now:
                checkin.due_at = opening  # not re-examined until their working day starts
            else:
                with speaking_to(session, person):
                    payload = deps.notifier.render_checkin(batch.info(checkin))
                messages.append({"key": f"checkin:{checkin.id}", "purpose": "checkin",
                                 "recipient": person.slack_user_id, "payload": payload,
                                 "not_before": now, "created_at": now})
                checkin.status, checkin.sent_at = CheckInStatus.SENT, now
            session.add(checkin)
            if checkin.status in (CheckInStatus.SENT, CheckInStatus.SKIPPED) and match.status == MatchStatus.ACTIVE:
                plans.append((match, next_cycle(match, max(newest, checkin.cycle), now)))
        plan_cycles(session=session, plans=plans)
        enqueue_new_messages(session=session, messages=messages)


def send_due_reminders(deps: Deps, now: datetime) -> None:
    """One reminder for a check-in still unanswered after the configured delay, in working hours; then stop."""
    with transaction(deps.sessions) as session:
        window, delay = delivery_window(session), timedelta(hours=setting(session, "reminder_after_hours"))
        unanswered = unanswered_checkins(session=session, sent_before=now - delay)
        batch = _Batch(session, unanswered)
        messages: list[dict[str, Any]] = []
        for checkin in unanswered:
            match, mentee, mentor = _people(session, checkin)
            person = mentee if checkin.role == "mentee" else mentor
            if _skippable(match, person, now) or next_window_start(now, person.timezone, window) > now:
                continue
            with speaking_to(session, person):
                payload = deps.notifier.render_checkin(batch.info(checkin, reminder=True))
            messages.append({"key": f"checkin-reminder:{checkin.id}", "purpose": "reminder",
                             "recipient": person.slack_user_id, "payload": payload,
                             "not_before": now, "created_at": now})
            checkin.reminded_at = now
            session.add(checkin)
        enqueue_new_messages(session=session, messages=messages)


def answer_met(*, session: Session, checkin_id: int, actor: str, answer: str, now: datetime) -> CheckInInfo:
    """Record "did you meet?"; a yes logs a meeting for today (merged with any other log that day)."""
    checkin = session.get(CheckIn, checkin_id)
    if checkin is None or answer not in MET_ANSWERS:
        raise CheckInError(_("That check-in no longer exists."))
    match, mentee, mentor = _people(session, checkin)
    person = mentee if checkin.role == "mentee" else mentor
    if person.slack_user_id != actor:
        raise CheckInError(_("That check-in was meant for someone else."))
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
        raise CheckInError(_("That check-in no longer exists."))
    mentor = _people(session, checkin)[2]
    if mentor.slack_user_id != actor or checkin.role != "mentor":
        raise CheckInError(_("Only the mentor of this match can add a note for the program."))
    if problem := length_error(CheckIn, "program_note", note.strip(), what=_("The note")):
        raise CheckInError(problem)
    checkin.program_note, checkin.answered_at = note.strip(), checkin.answered_at or now
    checkin.program_note_at = now
    session.add(checkin)


def prompt_messages(*, session: Session, checkin_id: int) -> list[tuple[str, str]]:
    """(channel, ts) of the check-in DM and its reminder, so both can show the answer was received."""
    keys = (f"checkin:{checkin_id}", f"checkin-reminder:{checkin_id}")
    found = [sent_message(session=session, key=key) for key in keys]
    return [(m.channel, m.ts) for m in found if m is not None and m.channel and m.ts]
