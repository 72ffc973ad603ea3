"""Mentees' SMART goals: what, why, how it is measured, by when; a status with a dated progress log.

Visibility: `visible_to` None = all the mentee's current mentors (the default), [] = private, or a list
of mentor person ids. Only the mentee changes their goals; mentors read the goals shared with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo, field_validator

from sqlmodel import Session, col, select

from bot.access import Refused
from bot.i18n import N_, _
from bot.program_settings import setting
from bot.input_errors import refusal
from bot.text_limits import fits_column
from storage.queries.audit import record_audit
from storage.queries.care import resolve_alert
from storage.queries.matching import active_matches
from storage.queries.people import get_person
from storage.tables import Goal, GoalStatus, GoalUpdate, Person

STATUSES: dict[str, str] = {GoalStatus.NOT_STARTED: N_("Not started"), GoalStatus.ON_TRACK: N_("On track"),
            GoalStatus.AT_RISK: N_("At risk"), GoalStatus.DONE: N_("Done"), GoalStatus.DROPPED: N_("Dropped")}
OPEN_STATUSES = (GoalStatus.NOT_STARTED, GoalStatus.ON_TRACK, GoalStatus.AT_RISK)


class GoalError(ValueError):
    """The goal cannot be saved or changed right now (not a mentee, not theirs); the message says why. Problems
    with what was written are the input models' ValidationError instead."""


class NotYourGoal(Refused, GoalError):
    """Someone tried to change a goal that is not theirs (audited)."""


def _visibility(value: Any) -> Any:
    """The form's radio word ("all", "private" or a mentor's person id) as the stored list; lists pass through."""
    if value == "all":
        return None
    if value == "private":
        return []
    return [value] if isinstance(value, (str, int)) else value


class GoalBase(BaseModel):
    """A goal as the mentee writes it (form or test), checked on its own: words, lengths, a known status."""

    title: Annotated[str, fits_column(Goal, "title", what=N_("The goal"))]
    why: Annotated[str, fits_column(Goal, "why", what=N_("Why it matters"))] = ""
    measure: Annotated[str, fits_column(Goal, "measure", what=N_("How you'll measure it"))] = ""
    target_date: date | None = None
    category: str = ""
    visible_to: Annotated[list[int] | None, BeforeValidator(_visibility)] = None
    status: str = GoalStatus.NOT_STARTED
    note: Annotated[str, fits_column(GoalUpdate, "note", what=N_("The note"))] = ""

    @field_validator("title")
    @classmethod
    def _said(cls, title: str) -> str:
        if not title:
            raise refusal(_("Say what the goal is, in a few words."))
        return title

    @field_validator("status")
    @classmethod
    def _known_status(cls, status: str) -> str:
        if status not in STATUSES:
            raise refusal(_("Choose a status."))
        return status


@dataclass(frozen=True)
class GoalRules:
    """What a goal is checked against beyond itself: the program's priorities, and today for a new goal."""

    priorities: list[str]
    today: date
    is_new: bool


class GoalCreate(GoalBase):
    """A goal fit to store: validate with `context={"rules": GoalRules(...)}`."""

    model_config = ConfigDict(validate_default=True)  # a field left out is checked like one left empty

    @field_validator("category")
    @classmethod
    def _a_priority(cls, category: str, info: ValidationInfo) -> str:
        priorities = _rules(info).priorities
        if category and category not in priorities:
            raise refusal(_("Choose one of the program's priorities: {priorities}.").format(
                priorities=", ".join(priorities)))
        return category

    @field_validator("target_date")
    @classmethod
    def _not_past_when_new(cls, target: date | None, info: ValidationInfo) -> date | None:
        rules = _rules(info)
        if rules.is_new and target is not None and target < rules.today:
            raise refusal(_("A new goal's target date can't be in the past."))
        return target


def _rules(info: ValidationInfo) -> GoalRules:
    rules = (info.context or {}).get("rules")
    assert isinstance(rules, GoalRules), "GoalCreate is validated with context={'rules': GoalRules(...)}"  # not text: a programming error
    return rules


class _GoalNote(BaseModel):
    """A progress note on its own (from a check-in): the same limit as the goal form's note."""

    note: Annotated[str, fits_column(GoalUpdate, "note", what=N_("The note"))] = ""


GOAL_FORM_FIELDS = {"visible_to": "visibility"}  # model field -> form field, where they differ


def _mentee(session: Session, slack_id: str) -> Person:
    person = get_person(session=session, slack_user_id=slack_id)
    if person is None or not person.active or not person.is_mentee:
        raise GoalError(_("Goals are for mentees: add the mentee role with `/mentor profile` first."))
    return person


def save_goal(*, session: Session, mentee_slack_id: str, goal_in: GoalBase | Mapping[str, Any], now: datetime,
              goal_id: int | None = None) -> Goal:
    """Create a goal, or update one of the mentee's own; a status change or a note goes into the log.
    pydantic.ValidationError when the goal is not fit to store (every problem, by field)."""
    mentee = _mentee(session, mentee_slack_id)
    rules = GoalRules(setting(session, "priorities"), now.date(), is_new=goal_id is None)
    raw = goal_in.model_dump() if isinstance(goal_in, GoalBase) else dict(goal_in)
    checked = GoalCreate.model_validate(raw, context={"rules": rules})  # ValidationError: nothing stored
    goal = _own_goal(session, mentee, goal_id) if goal_id else Goal(mentee_id=mentee.id or 0, title="", created_at=now,
                                                                    updated_at=now)
    status_changed = goal.id is None or goal.status != checked.status
    for name, value in checked.model_dump(exclude={"note"}).items():
        setattr(goal, name, value)
    goal.updated_at = now
    session.add(goal)
    session.flush()
    if status_changed or checked.note:
        _log(session, goal, checked.status, checked.note, mentee_slack_id, now)
    return goal


def _own_goal(session: Session, mentee: Person, goal_id: int) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None or goal.mentee_id != mentee.id:
        raise NotYourGoal(_("That goal isn't yours to change."), actor=mentee.slack_user_id, action="goal.edit",
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
        raise GoalError(_("Choose a status."))
    note = _GoalNote.model_validate({"note": note}).note
    goal = _own_goal(session, _mentee(session, mentee_slack_id), goal_id)
    goal.status, goal.updated_at = status, now
    session.add(goal)
    _log(session, goal, status, note, mentee_slack_id, now)
    return goal


def goals_of(*, session: Session, mentee_id: int, open_only: bool = False) -> list[Goal]:
    query = select(Goal).where(Goal.mentee_id == mentee_id).order_by(col(Goal.id))
    if open_only:
        query = query.where(col(Goal.status).in_(OPEN_STATUSES))
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
    return list(session.exec(select(GoalUpdate).where(GoalUpdate.goal_id == goal_id).order_by(col(GoalUpdate.id))))


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
