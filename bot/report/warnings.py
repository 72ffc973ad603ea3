"""The coordinators' early-warning list: who needs a look now, at the end of the period.

Named people are for coordinators only; a de-identified report shows how many of each warning there are.
Only goals the mentee shared with the program (all their mentors) are named or mentioned: a private goal, or
one shared with a single mentor, is not even hinted at (bot/alerts.py:shared_with_program is the same rule).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.report.snapshot import OPEN_GOAL_STATUSES, Snapshot, local_day
from bot.vocabulary import KINDS
from storage.tables import GoalStatus

if TYPE_CHECKING:  # for annotations only (the warning kinds are read by Slack views that compute nothing)
    from bot.report.mentors import MentorLoad
    from bot.report.pulse import ItemPoint, PulseOutcomes

DEFAULT_UNMET_AFTER_DAYS = 30
FALLING_POINTS = 10.0  # a fall of this much on the 0-100 item score between two rounds is worth a look

WARNING_KINDS: dict[str, str] = {
    "quiet_pair": "Quiet pairs", "stalled_goal": "Stalled goals", "unmet_request": "Unmet requests",
    "overloaded_mentor": "Overloaded mentors", "falling_item": "Falling pulse items",
}


@dataclass(frozen=True)
class EarlyWarning:
    kind: str  # a key of WARNING_KINDS
    subject: str  # who or what (names: coordinators only)
    detail: str
    since: date | None = None


def early_warnings(snapshot: Snapshot, pulse: PulseOutcomes, load: MentorLoad,
                   unmet_after_days: int = DEFAULT_UNMET_AFTER_DAYS) -> list[EarlyWarning]:
    """Early warnings, at the end of the period.

    quiet_pair: an active match whose latest meeting (or, with none, its start) is more than quiet_after_cadences × its cadence in days ago (the same rule as the weekly digest).
    stalled_goal: a goal at risk, or still open past its target date, of an enrolled mentee.
    unmet_request: a request of an enrolled mentee open for more than N days (30 unless chosen otherwise).
    overloaded_mentor: an enrolled mentor with more active matches than their total capacity.
    falling_item: a pulse question whose 0-100 score fell by 10 points or more between its last two visible rounds in the period.
    """
    today = min(snapshot.period.last_day, local_day(snapshot.as_of, snapshot.period))
    return (_quiet_pairs(snapshot, today) + _stalled_goals(snapshot, today) + _unmet_requests(snapshot, unmet_after_days)
            + _overloaded(snapshot, load) + _falling(pulse.items))


def _name(snapshot: Snapshot, person_id: int) -> str:
    person = snapshot.state.people.get(person_id)
    return (person.display_name or person.slack_user_id) if person else f"person {person_id}"


def _quiet_pairs(snapshot: Snapshot, today: date) -> list[EarlyWarning]:
    warnings = []
    for match in snapshot.state.active_matches(snapshot.as_of):
        last = snapshot.last_meetings.get(match.id)
        reference = last or local_day(match.started_at, snapshot.period)
        if today - reference > timedelta(days=snapshot.quiet_after_cadences * match.cadence_days):
            since = f"since {last:%-d %B}" if last else "since they were matched"
            warnings.append(EarlyWarning(
                "quiet_pair", f"{_name(snapshot, match.mentee_id)} and {_name(snapshot, match.mentor_id)}",
                f"{KINDS.get(match.kind, match.kind)}: no meeting logged {since} ({(today - reference).days} days; "
                f"cadence {match.cadence_days} days)", reference))
    return warnings


def _stalled_goals(snapshot: Snapshot, today: date) -> list[EarlyWarning]:
    mentees = {p.id for p in snapshot.state.mentees(snapshot.as_of)}
    warnings = []
    for goal in snapshot.state.goals:
        status = snapshot.state.goal_status(goal, snapshot.as_of)
        overdue = status in OPEN_GOAL_STATUSES and goal.target_date is not None and goal.target_date < today
        if goal.mentee_id in mentees and goal.shared_with_program and (status == GoalStatus.AT_RISK or overdue):
            what = f"“{goal.title}”"
            state = "is at risk" if status == GoalStatus.AT_RISK else f"is past its target date ({goal.target_date:%-d %B %Y})"
            warnings.append(EarlyWarning("stalled_goal", _name(snapshot, goal.mentee_id), f"{what} {state}",
                                         goal.target_date))
    return warnings


def _unmet_requests(snapshot: Snapshot, after_days: int) -> list[EarlyWarning]:
    mentees = {p.id for p in snapshot.state.mentees(snapshot.as_of)}
    waiting: dict[int, list[tuple[str, int, date]]] = defaultdict(list)
    for request in snapshot.state.open_requests(snapshot.as_of):
        age = (snapshot.as_of - request.created_at).days
        if request.mentee_id in mentees and age > after_days:
            waiting[request.mentee_id].append((request.kind, age, local_day(request.created_at, snapshot.period)))
    return [EarlyWarning("unmet_request", _name(snapshot, mentee_id),
                         "; ".join(f"no {KINDS.get(kind, kind).lower()} mentor for {age} days" for kind, age, _ in asks),
                         min(day for _, _, day in asks)) for mentee_id, asks in waiting.items()]


def _overloaded(snapshot: Snapshot, load: MentorLoad) -> list[EarlyWarning]:
    active: dict[int, int] = defaultdict(int)
    for match in snapshot.state.active_matches(snapshot.as_of):
        active[match.mentor_id] += 1
    return [EarlyWarning("overloaded_mentor", _name(snapshot, mentor_id),
                         f"{active[mentor_id]} active matches for {snapshot.state.mentors[mentor_id].capacity_total} places")
            for mentor_id in load.overloaded_ids]


def _falling(items: tuple[ItemPoint, ...]) -> list[EarlyWarning]:
    series: dict[tuple[int, str], list[ItemPoint]] = defaultdict(list)
    for item in items:
        if item.favourable is not None:
            series[(item.survey_id, item.question_key)].append(item)
    warnings = []
    for points in series.values():
        if len(points) < 2:
            continue
        before, after = sorted(points, key=lambda p: p.opens_at)[-2:]
        if before.favourable is not None and after.favourable is not None and \
                after.favourable - before.favourable <= -FALLING_POINTS:
            warnings.append(EarlyWarning(
                "falling_item", f"{after.survey_title}: “{after.question_text}”",
                f"score fell from {before.favourable:.0f} to {after.favourable:.0f} (of 100) between round "
                f"{before.round_number} and round {after.round_number}", after.opens_at.date()))
    return warnings
