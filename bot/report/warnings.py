"""The coordinators' early-warning list: who needs a look now, at the end of the period.

Named people are for coordinators only; a de-identified report shows how many of each warning there are.
Only goals the mentee shared with the program (all their mentors) are named or mentioned: a private goal, or
one shared with a single mentor, is not even hinted at (bot/alerts.py:shared_with_program is the same rule).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bot.i18n import _, format_date, lazy, ngettext
from bot.report.snapshot import OPEN_GOAL_STATUSES, Snapshot, local_day
from bot.report.format import kind_label
from storage.tables import GoalStatus

if TYPE_CHECKING:  # for annotations only (the warning kinds are read by Slack views that compute nothing)
    from bot.report.mentors import MentorLoad
    from bot.report.pulse import ItemPoint, PulseOutcomes

DEFAULT_UNMET_AFTER_DAYS = 30
FALLING_POINTS = 10.0  # a fall of this much on the 0-100 item score between two rounds is worth a look

WARNING_KINDS: dict[str, Any] = {  # lazy: each label is in the language of the report being rendered
    "quiet_pair": lazy("Quiet pairs"), "stalled_goal": lazy("Stalled goals"), "unmet_request": lazy("Unmet requests"),
    "overloaded_mentor": lazy("Overloaded mentors"), "falling_item": lazy("Falling pulse items"),
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
    return (person.display_name or person.slack_user_id) if person else _("person {id}").format(id=person_id)


def _quiet_pairs(snapshot: Snapshot, today: date) -> list[EarlyWarning]:
    warnings = []
    for match in snapshot.state.active_matches(snapshot.as_of):
        last = snapshot.last_meetings.get(match.id)
        reference = last or local_day(match.started_at, snapshot.period)
        if today - reference > timedelta(days=snapshot.quiet_after_cadences * match.cadence_days):
            since = _("since {date}").format(date=format_date(last, "d MMMM")) if last else _("since they were matched")
            days = (today - reference).days
            warnings.append(EarlyWarning(
                "quiet_pair", _("{mentee} and {mentor}").format(mentee=_name(snapshot, match.mentee_id),
                                                                mentor=_name(snapshot, match.mentor_id)),
                ngettext("{kind}: no meeting logged {since} ({days} day; cadence {cadence} days)",
                         "{kind}: no meeting logged {since} ({days} days; cadence {cadence} days)", days).format(
                    kind=kind_label(match.kind), since=since, days=days, cadence=match.cadence_days),
                reference))
    return warnings


def _stalled_goals(snapshot: Snapshot, today: date) -> list[EarlyWarning]:
    mentees = {p.id for p in snapshot.state.mentees(snapshot.as_of)}
    warnings = []
    for goal in snapshot.state.goals:
        status = snapshot.state.goal_status(goal, snapshot.as_of)
        overdue = status in OPEN_GOAL_STATUSES and goal.target_date is not None and goal.target_date < today
        if goal.mentee_id in mentees and goal.shared_with_program and (status == GoalStatus.AT_RISK or overdue):
            what = _("“{title}”").format(title=goal.title)
            target = format_date(goal.target_date, "d MMMM y") if goal.target_date else ""
            state = (_("{goal} is at risk").format(goal=what) if status == GoalStatus.AT_RISK
                     else _("{goal} is past its target date ({date})").format(goal=what, date=target))
            warnings.append(EarlyWarning("stalled_goal", _name(snapshot, goal.mentee_id), state, goal.target_date))
    return warnings


def _unmet_requests(snapshot: Snapshot, after_days: int) -> list[EarlyWarning]:
    mentees = {p.id for p in snapshot.state.mentees(snapshot.as_of)}
    waiting: dict[int, list[tuple[str, int, date]]] = defaultdict(list)
    for request in snapshot.state.open_requests(snapshot.as_of):
        age = (snapshot.as_of - request.created_at).days
        if request.mentee_id in mentees and age > after_days:
            waiting[request.mentee_id].append((request.kind, age, local_day(request.created_at, snapshot.period)))
    return [EarlyWarning("unmet_request", _name(snapshot, mentee_id),
                         "; ".join(ngettext("no {kind} mentor for {days} day", "no {kind} mentor for {days} days", age)
                                   .format(kind=kind_label(kind).lower(), days=age) for kind, age, _day in asks),
                         min(day for _kind, _age, day in asks)) for mentee_id, asks in waiting.items()]


def _overloaded(snapshot: Snapshot, load: MentorLoad) -> list[EarlyWarning]:
    active: dict[int, int] = defaultdict(int)
    for match in snapshot.state.active_matches(snapshot.as_of):
        active[match.mentor_id] += 1
    return [EarlyWarning("overloaded_mentor", _name(snapshot, mentor_id),
                         ngettext("{active} active matches for {places} place", "{active} active matches for {places} places",
                                  snapshot.state.mentors[mentor_id].capacity_total).format(
                             active=active[mentor_id], places=snapshot.state.mentors[mentor_id].capacity_total))
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
                "falling_item", _("{survey}: “{question}”").format(survey=after.survey_title,
                                                                    question=after.question_text),
                _("score fell from {before} to {after} (of 100) between round {first} and round {second}").format(
                    before=f"{before.favourable:.0f}", after=f"{after.favourable:.0f}", first=before.round_number,
                    second=after.round_number), after.opens_at.date()))
    return warnings
