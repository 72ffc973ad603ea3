"""Individual development plans: once a year each mentee rates themself on the program's competencies ("where I
am / where I want to be", 1 to 5), links up to three of their SMART goals as development goals, and chooses the
mentors who see it. Never visible to assessors; coordinators see only how many plans there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from bot.i18n import _, ngettext
from bot.goals import goals_of
from bot.matching.service import PersonRef, ref
from bot.program_settings import setting
from bot.timing import zone
from storage.queries.audit import record_audit
from storage.queries.matching import active_matches
from storage.queries.people import get_person
from storage.tables import DevelopmentPlan, Person

LEVELS = (1, 2, 3, 4, 5)
MAX_GOALS = 3


class PlanError(ValueError):
    """The plan cannot be saved; `fields` says what is wrong, field by field."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


@dataclass(frozen=True)
class PlanForm:
    """What the IDP modal shows: the program's competencies, the mentee's goals and mentors, and this year's plan."""

    year: int
    competencies: tuple[str, ...]
    goals: tuple[tuple[int, str], ...]  # (goal id, title)
    mentors: tuple[tuple[int, str], ...]  # (person id, name)
    ratings: dict[str, dict[str, int]] = field(default_factory=dict)
    goal_ids: tuple[int, ...] = ()
    shared_with: tuple[int, ...] = ()


@dataclass(frozen=True)
class SharedPlan:
    """A plan as a mentor it was shared with sees it: the ratings, and how many development goals."""

    mentee: PersonRef
    year: int
    ratings: dict[str, dict[str, int]]
    goals: int


def academic_year(session: Session, now: datetime, timezone: str) -> int:
    """The academic year by the calendar year it starts in, at the program's transition date."""
    today = now.astimezone(zone(timezone)).date()
    month, day = (int(part) for part in str(setting(session, "transition_date")).split("-"))
    return today.year if today >= date(today.year, month, day) else today.year - 1


def _mentee(session: Session, slack_id: str) -> Person:
    person = get_person(session=session, slack_user_id=slack_id)
    if person is None or not person.active or not person.is_mentee:
        raise PlanError(_("Development plans are for mentees: `/mentor join` (or `/mentor profile`) first."))
    return person


def _mentors(session: Session, mentee: Person) -> dict[int, str]:
    found = {}
    for match in active_matches(session=session, person_id=mentee.id):
        if match.mentee_id == mentee.id:
            mentor = session.get(Person, match.mentor_id)
            if mentor is not None:
                found[match.mentor_id] = ref(mentor).name
    return found


def plan_form(*, session: Session, mentee_slack_id: str, now: datetime, timezone: str) -> PlanForm:
    mentee = _mentee(session, mentee_slack_id)
    year = academic_year(session, now, timezone)
    plan = _plan(session, mentee.id or 0, year)
    goals = tuple((g.id or 0, g.title) for g in goals_of(session=session, mentee_id=mentee.id or 0))
    mentors = tuple(_mentors(session, mentee).items())
    competencies = tuple(str(c) for c in setting(session, "idp_competencies"))
    if plan is None:
        return PlanForm(year, competencies, goals, mentors)
    return PlanForm(year, competencies, goals, mentors, plan.ratings, tuple(plan.goal_ids), tuple(plan.shared_with))


def save_plan(*, session: Session, mentee_slack_id: str, ratings: dict[str, dict[str, int]], goal_ids: list[int],
              shared_with: list[int], now: datetime, timezone: str) -> DevelopmentPlan:
    form = plan_form(session=session, mentee_slack_id=mentee_slack_id, now=now, timezone=timezone)
    problems = {}
    for competency, levels in ratings.items():
        if competency not in form.competencies or not all(levels.get(k) in LEVELS for k in ("now", "want")):
            problems[competency] = _("Rate where you are and where you want to be, from 1 to 5.")
    if len(goal_ids) > MAX_GOALS:
        problems["goals"] = ngettext("Choose up to {most} development goals (you chose {n}).",
                                     "Choose up to {most} development goals (you chose {n}).", len(goal_ids)).format(
            most=MAX_GOALS, n=len(goal_ids))
    if not set(goal_ids) <= {goal_id for goal_id, _title in form.goals}:
        problems["goals"] = _("Those goals are not yours any more; open `/mentor idp` again.")
    if not set(shared_with) <= {mentor_id for mentor_id, _name in form.mentors}:
        problems["shared_with"] = _("You can share your plan only with your current mentors.")
    if problems:
        raise PlanError(" ".join(problems.values()), problems)
    mentee = _mentee(session, mentee_slack_id)
    plan = _plan(session, mentee.id or 0, form.year) or DevelopmentPlan(mentee_id=mentee.id or 0, year=form.year,
                                                                        created_at=now, updated_at=now)
    plan.ratings, plan.goal_ids, plan.shared_with, plan.updated_at = ratings, goal_ids, shared_with, now
    session.add(plan)
    record_audit(session=session, now=now, actor=mentee_slack_id, action="idp.save", target=str(form.year))
    return plan


def _plan(session: Session, mentee_id: int, year: int) -> DevelopmentPlan | None:
    return session.exec(select(DevelopmentPlan).where(DevelopmentPlan.mentee_id == mentee_id,
                                                      DevelopmentPlan.year == year)).first()


def plans_shared_with(*, session: Session, mentor_id: int) -> list[SharedPlan]:
    """The newest plan of each current mentee who shared it with this mentor."""
    shared = []
    for match in active_matches(session=session, person_id=mentor_id):
        if match.mentor_id != mentor_id:
            continue
        plan = session.exec(select(DevelopmentPlan).where(DevelopmentPlan.mentee_id == match.mentee_id)
                            .order_by(col(DevelopmentPlan.year).desc())).first()
        mentee = session.get(Person, match.mentee_id)
        if plan is not None and mentee is not None and mentor_id in plan.shared_with:
            shared.append(SharedPlan(ref(mentee), plan.year, plan.ratings, len(plan.goal_ids)))
    return list({p.mentee.slack_id: p for p in shared}.values())


def plan_count(*, session: Session, year: int, programs: frozenset[str] | None = None) -> int:
    """How many mentees have a plan for this year: faculty-wide, or in these programs (coordinators see counts)."""
    query = select(func.count()).select_from(DevelopmentPlan).where(DevelopmentPlan.year == year)
    if programs is not None:
        query = query.join(Person, col(Person.id) == DevelopmentPlan.mentee_id).where(col(Person.program).in_(programs))
    return int(session.exec(query).one())


def has_plan(*, session: Session, mentee_id: int, year: int) -> bool:
    return _plan(session, mentee_id, year) is not None
