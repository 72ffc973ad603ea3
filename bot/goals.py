"""Mentees' SMART goals: what, why, how it is measured, by when; a status with a dated progress log.

Visibility: `visible_to` None = all the mentee's current mentors (the default), [] = private, or a list
of mentor person ids. Only the mentee changes their goals; mentors read the goals shared with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from bot.access import Refused
from bot.i18n import N_
from bot.program_settings import setting
from storage.limits import length_error
from storage.queries.audit import record_audit
from storage.queries.care import resolve_alert
from storage.queries.matching import active_matches
from storage.queries.people import get_person
from storage.tables import Goal, GoalStatus, GoalUpdate, Person

STATUSES: dict[str, str] = {GoalStatus.NOT_STARTED: N_("Not started"), GoalStatus.ON_TRACK: N_("On track"),
            GoalStatus.AT_RISK: N_("At risk"), GoalStatus.DONE: N_("Done"), GoalStatus.DROPPED: N_("Dropped")}
OPEN_STATUSES = (GoalStatus.NOT_STARTED, GoalStatus.ON_TRACK, GoalStatus.AT_RISK)


class GoalError(ValueError):
    """The goal cannot be saved or changed; the message says why (and `fields`, which form field is wrong)."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class NotYourGoal(Refused, GoalError):
    """Someone tried to change a goal that is not theirs (audited)."""


@dataclass
class GoalInput:
    title: str
    why: str = ""
    measure: str = ""
    target_date: date | None = None
    category: str = ""
    visible_to: list[int] | None = None
    status: str = GoalStatus.NOT_STARTED
    note: str = ""


def validate_goal(goal: GoalInput, priorities: list[str], today: date, *, is_new: bool) -> dict[str, str]:
    errors = {}
    if not goal.title.strip():
        errors["title"] = "Say what the goal is, in a few words."
    if goal.category and goal.category not in priorities:
        errors["category"] = f"Choose one of the program's priorities: {', '.join(priorities)}."
    if goal.status not in STATUSES:
        errors["status"] = "Choose a status."
    if is_new and goal.target_date is not None and goal.target_date < today:
        errors["target_date"] = "A new goal's target date can't be in the past."
    too_long = {"title": length_error(Goal, "title", goal.title.strip(), what="The goal"),
                "why": length_error(Goal, "why", goal.why.strip(), what="Why it matters"),
                "measure": length_error(Goal, "measure", goal.measure.strip(), what="How you'll measure it"),
                "note": _note_error(goal.note)}
    return {**errors, **{field: error for field, error in too_long.items() if error}}


def _note_error(note: str) -> str | None:
    return length_error(GoalUpdate, "note", note.strip(), what="The note")


def _mentee(session: Session, slack_id: str) -> Person:
    person = get_person(session=session, slack_user_id=slack_id)
    if person is None or not person.active or not person.is_mentee:
        raise GoalError("Goals are for mentees: add the mentee role with `/mentor profile` first.")
    return person


def save_goal(*, session: Session, mentee_slack_id: str, goal_in: GoalInput, now: datetime,
              goal_id: int | None = None) -> Goal:
    """Create a goal, or update one of the mentee's own; a status change or a note goes into the log."""
    mentee = _mentee(session, mentee_slack_id)
    errors = validate_goal(goal_in, setting(session, "priorities"), now.date(), is_new=goal_id is None)
    if errors:
        raise GoalError(" ".join(errors.values()), errors)
    goal = _own_goal(session, mentee, goal_id) if goal_id else Goal(mentee_id=mentee.id or 0, title="", created_at=now,
                                                                    updated_at=now)
    status_changed = goal.id is None or goal.status != goal_in.status
    for name in ("title", "why", "measure", "target_date", "category", "visible_to", "status"):
        setattr(goal, name, getattr(goal_in, name).strip() if isinstance(getattr(goal_in, name), str) else getattr(goal_in, name))
    goal.updated_at = now
    session.add(goal)
    session.flush()
    if status_changed or goal_in.note.strip():
        _log(session, goal, goal_in.status, goal_in.note, mentee_slack_id, now)
    return goal


def _own_goal(session: Session, mentee: Person, goal_id: int) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None or goal.mentee_id != mentee.id:
        raise NotYourGoal("That goal isn't yours to change.", actor=mentee.slack_user_id, action="goal.edit",
                          target=str(goal_id))
    return goal


def _log(session: Session, goal: Goal, status: str, note: str, by: str, now: datetime) -> None:
    session.add(GoalUpdate(goal_id=goal.id or 0, at=now, status=status, note=note.strip(), by=by))
    resolve_alert(session=session, kind="stalled_goal", subject_id=goal.id or 0, now=now)
    record_audit(session=session, now=now, actor=by, action="goal.update", target=str(goal.id),
                 detail={"status": status})


def update_status(*, session: Session, mentee_slack_id: str, goal_id: int, status: str, note: str,
                  now: datetime) -> Goal:
    """A quick status change (from a check-in button or note modal)."""
    if status not in STATUSES:
        raise GoalError("Choose a status.")
    if problem := _note_error(note):
        raise GoalError(problem, {"note": problem})
    goal = _own_goal(session, _mentee(session, mentee_slack_id), goal_id)
    goal.status, goal.updated_at = status, now
    session.add(goal)
    _log(session, goal, status, note, mentee_slack_id, now)
    return goal


def goals_of(*, session: Session, mentee_id: int, open_only: bool = False) -> list[Goal]:
    query = select(Goal).where(Goal.mentee_id == mentee_id).order_by(Goal.id)  # type: ignore[arg-type]
    if open_only:
        query = query.where(Goal.status.in_(OPEN_STATUSES))  # type: ignore[attr-defined]
    return list(session.exec(query))


def visible_to_mentor(goal: Goal, mentor_id: int, current_mentor_ids: set[int]) -> bool:
    if goal.visible_to is None:
        return mentor_id in current_mentor_ids
    return mentor_id in goal.visible_to and mentor_id in current_mentor_ids


def shared_goals(*, session: Session, mentee_id: int, mentor_id: int, open_only: bool = True) -> list[Goal]:
    """The goals this mentee shares with this mentor (only while they are the mentee's mentor)."""
    mentors = {m.mentor_id for m in active_matches(session=session, person_id=mentee_id) if m.mentee_id == mentee_id}
    return [g for g in goals_of(session=session, mentee_id=mentee_id, open_only=open_only)
            if visible_to_mentor(g, mentor_id, mentors)]


def progress_log(*, session: Session, goal_id: int) -> list[GoalUpdate]:
    return list(session.exec(select(GoalUpdate).where(GoalUpdate.goal_id == goal_id).order_by(GoalUpdate.id)))  # type: ignore[arg-type]


@dataclass(frozen=True)
class GoalsPage:
    goals: list[Goal]
    mentor_names: dict[int, str]  # current mentors, for "who may see it"
    priorities: list[str]


def goals_page(*, session: Session, mentee_slack_id: str) -> GoalsPage:
    mentee = _mentee(session, mentee_slack_id)
    mentors = {}
    for match in active_matches(session=session, person_id=mentee.id):
        mentor = session.get(Person, match.mentor_id)
        if match.mentee_id == mentee.id and mentor is not None:
            mentors[mentor.id or 0] = mentor.display_name
    return GoalsPage(goals_of(session=session, mentee_id=mentee.id or 0), mentors, setting(session, "priorities"))


def goal_for_edit(*, session: Session, mentee_slack_id: str, goal_id: int) -> Goal:
    return _own_goal(session, _mentee(session, mentee_slack_id), goal_id)
