"""The evaluation indicators, organised as a logic model (inputs, activities, outputs, outcomes), plus equity of
access and mentor load.

Each public function computes one group from a loaded snapshot and returns plain dataclasses. Its docstring is
the group's definition, one `key: definition` line per indicator: the report's appendix is generated from these
docstrings, so the published definitions and the code cannot drift apart. "The end" means the end of the
period, or now if the period has not ended; "in the period" means from its first to its last day, both included,
in the program's timezone.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime

from bot.privacy import publishable
from bot.report.period import Bucket
from bot.report.snapshot import OPEN_GOAL_STATUSES, ProgramState, Snapshot
from bot.vocabulary import IDENTITY_FIELDS, KINDS, PREFER_NOT_TO_SAY
from storage.queries.report import MatchRow
from storage.tables import GoalStatus, RequestStatus

NOT_STATED = "Not stated"
SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    value: float | None  # None: nothing to measure yet, or hidden to protect a small group
    unit: str  # count, percent (a share from 0 to 1), days, ratio, hours
    priorities: tuple[str, ...] = ()  # the program priorities it informs
    n: int | None = None  # how many people, requests, matches or answers it rests on


class IndicatorGroup:
    def indicators(self) -> list[Indicator]:
        values = [getattr(self, f.name) for f in fields(self)]  # type: ignore[arg-type]
        return [value for value in values if isinstance(value, Indicator)]


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `fraction` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def days_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / SECONDS_PER_DAY


# --- Inputs -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KindCapacity:
    kind: str
    mentors_offering: int
    places: int
    taken: int
    free: int


@dataclass(frozen=True)
class Inputs(IndicatorGroup):
    mentors: Indicator
    mentees: Indicator
    mentees_per_mentor: Indicator
    free_places: Indicator
    capacity_by_kind: tuple[KindCapacity, ...]


def inputs(state: ProgramState, at: datetime | None) -> Inputs:
    """Inputs: the people and the mentoring places the program has, at the end.

    mentors: people enrolled as mentors at the end (those on a pause included).
    mentees: people enrolled as mentees at the end (those on a pause included).
    mentees_per_mentor: mentees ÷ mentors, the mentor:mentee ratio read as 1:x.
    free_places: over enrolled mentors, the sum of max(0, total capacity − active matches).
    capacity_by_kind: per kind, over enrolled mentors offering it: places = the sum of the per-kind limit (the mentor's capacity for that kind, or the total capacity without one), taken = their active matches of that kind, free = the sum of max(0, min(per-kind limit − active matches of the kind, total capacity − all active matches)). One free place may serve several kinds, so free places by kind do not add up to the total.
    """
    mentors = [p for p in state.mentor_people(at) if p.id in state.mentors]
    mentees = state.mentees(at)
    load, load_by_kind = _loads(state.active_matches(at))
    free_total = sum(max(0, state.mentors[p.id].capacity_total - load[p.id]) for p in mentors)
    by_kind = []
    for kind in KINDS:
        offering = [state.mentors[p.id] for p in mentors if kind in state.mentors[p.id].kinds_offered]
        limits = {m.person_id: min(m.capacity_per_kind.get(kind, m.capacity_total), m.capacity_total) for m in offering}
        free = sum(max(0, min(limits[m.person_id] - load_by_kind[m.person_id][kind],
                              m.capacity_total - load[m.person_id])) for m in offering)
        by_kind.append(KindCapacity(kind, len(offering), sum(limits.values()),
                                    sum(load_by_kind[m.person_id][kind] for m in offering), free))
    return Inputs(
        mentors=Indicator("mentors", "Mentors enrolled", len(mentors), "count", ("equity of access",)),
        mentees=Indicator("mentees", "Mentees enrolled", len(mentees), "count", ("equity of access",)),
        mentees_per_mentor=Indicator("mentees_per_mentor", "Mentees per mentor (1:x)",
                                     len(mentees) / len(mentors) if mentors else None, "ratio", ("mentor workload",)),
        free_places=Indicator("free_places", "Free mentoring places", free_total, "count", ("equity of access",)),
        capacity_by_kind=tuple(by_kind))


def _loads(matches: Iterable[MatchRow]) -> tuple[Counter[int], dict[int, Counter[str]]]:
    load: Counter[int] = Counter()
    by_kind: dict[int, Counter[str]] = defaultdict(Counter)
    for match in matches:
        load[match.mentor_id] += 1
        by_kind[match.mentor_id][match.kind] += 1
    return load, by_kind


# --- Activities ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Activities(IndicatorGroup):
    introductions: Indicator
    checkins_sent: Indicator
    checkins_answered: Indicator
    checkin_answer_rate: Indicator
    reminders_sent: Indicator
    meetings_logged: Indicator
    meeting_hours: Indicator
    nudges_sent: Indicator
    broadcasts: Indicator
    broadcast_messages: Indicator


def activities(snapshot: Snapshot) -> Activities:
    """Activities: what the program did in the period.

    introductions: matches that started in the period (each new pair is introduced in a group DM).
    checkins_sent: check-in DMs sent in the period (one per person per match and cadence cycle).
    checkins_answered: check-ins sent in the period that were answered (by the time of the report).
    checkin_answer_rate: checkins_answered ÷ checkins_sent.
    reminders_sent: check-in reminders sent in the period (at most one per check-in).
    meetings_logged: meetings held on a day in the period, one per pair and day (from check-ins and /mentor met).
    meeting_hours: the minutes logged for those meetings ÷ 60 (a meeting logged without minutes adds 0).
    nudges_sent: early-warning alerts (quiet pair, stalled goal) a coordinator nudged in the period.
    broadcasts: announcements with at least one copy delivered in the period.
    broadcast_messages: announcement copies delivered in the period (one per recipient).
    """
    start, end = snapshot.period.start, snapshot.period.end
    started = sum(1 for m in snapshot.state.matches if start <= m.started_at < end)
    answered = sum(1 for c in snapshot.checkins if c.answered_at is not None)
    minutes = sum(minutes or 0 for _, _, minutes in snapshot.meetings)
    announcements = {broadcast_id for broadcast_id, _ in snapshot.broadcasts}
    engagement = ("engagement",)
    return Activities(
        introductions=Indicator("introductions", "Introductions made", started, "count", engagement),
        checkins_sent=Indicator("checkins_sent", "Check-ins sent", len(snapshot.checkins), "count", engagement),
        checkins_answered=Indicator("checkins_answered", "Check-ins answered", answered, "count", engagement),
        checkin_answer_rate=Indicator("checkin_answer_rate", "Check-in answer rate",
                                      share(answered, len(snapshot.checkins)), "percent", engagement,
                                      len(snapshot.checkins)),
        reminders_sent=Indicator("reminders_sent", "Check-in reminders sent", snapshot.reminders, "count", engagement),
        meetings_logged=Indicator("meetings_logged", "Meetings logged", len(snapshot.meetings), "count", engagement),
        meeting_hours=Indicator("meeting_hours", "Meeting hours logged", minutes / 60, "hours", engagement),
        nudges_sent=Indicator("nudges_sent", "Nudges sent", len(snapshot.nudges), "count", ("retention",)),
        broadcasts=Indicator("broadcasts", "Announcements", len(announcements), "count", engagement),
        broadcast_messages=Indicator("broadcast_messages", "Announcement messages delivered", len(snapshot.broadcasts),
                                     "count", engagement))


# --- Outputs ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KindCoverage:
    kind: str
    wanting: int
    covered: int
    share: float | None


@dataclass(frozen=True)
class SurveyResponse:
    title: str
    kind: str
    rounds: int
    asked: int
    responded: int
    rate: float | None


@dataclass(frozen=True)
class Outputs(IndicatorGroup):
    network_coverage: Indicator
    days_to_match_median: Indicator
    days_to_match_p90: Indicator
    waiting_mentees: Indicator
    meetings_vs_cadence: Indicator
    matches_on_cadence: Indicator
    rematch_rate: Indicator
    survey_response_rate: Indicator
    coverage_by_kind: tuple[KindCoverage, ...]
    endings: dict[str, int]
    responses_by_survey: tuple[SurveyResponse, ...]


def outputs(snapshot: Snapshot) -> Outputs:
    """Outputs: what the activities produced for mentees, in the period or at its end.

    network_coverage: of mentees enrolled at the end who want at least one kind of mentoring, the share with an active mentor for every kind they want (kinds as their profile states them now).
    coverage_by_kind: per kind, mentees enrolled at the end who want it, and the share of them with an active mentor of that kind.
    days_to_match_median: the median of days from a request's creation to its match, over requests matched in the period.
    days_to_match_p90: the nearest-rank 90th percentile of the same days: nine in ten requests were matched within it.
    waiting_mentees: mentees enrolled at the end with at least one request still open at the end.
    meetings_vs_cadence: meetings logged in the period ÷ meetings expected, where each match expects the days it was active within the period ÷ its cadence in days; only matches active for at least one whole cadence in the period count (a match a day old expects almost nothing, so one early meeting would read as hundreds of times the cadence).
    matches_on_cadence: of matches expected to meet at least once in the period, the share that logged at least the whole number of meetings expected.
    rematch_rate: matches ended no-fault in the period (by the mentee or mentor, who may then be matched again) ÷ matches active at any time in the period; a completed match is a success, not a rematch.
    endings: matches ended in the period, by reason (no_fault, coordinator, left_program, completed).
    survey_response_rate: over survey rounds opened in the period, invitations answered ÷ invitations sent (one per person, or per person and mentor for surveys about each mentor), read from the has-responded flags only.
    """
    coverage, by_kind = coverage_at(snapshot.state, snapshot.as_of)
    days, days_people = days_to_match(snapshot)
    ratio, on_cadence = meeting_rates(snapshot)
    rematch = rematch_rate(snapshot)
    endings = Counter(m.end_reason or "unknown" for m in snapshot.state.matches
                      if m.ended_at is not None and snapshot.period.start <= m.ended_at < snapshot.period.end)
    waiting = {r.mentee_id for r in snapshot.state.open_requests(snapshot.as_of)}
    waiting &= {p.id for p in snapshot.state.mentees(snapshot.as_of)}
    surveys = survey_responses(snapshot)
    asked, responded = sum(s.asked for s in surveys), sum(s.responded for s in surveys)
    access = ("equity of access",)
    return Outputs(
        network_coverage=coverage,
        days_to_match_median=Indicator("days_to_match_median", "Days from request to match (median)",
                                       statistics.median(days) if days else None, "days", access, days_people),
        days_to_match_p90=Indicator("days_to_match_p90", "Days from request to match (90th percentile)",
                                    percentile(days, 0.9), "days", access, days_people),
        waiting_mentees=Indicator("waiting_mentees", "Mentees waiting for a mentor", len(waiting), "count", access),
        meetings_vs_cadence=ratio, matches_on_cadence=on_cadence, rematch_rate=rematch,
        survey_response_rate=Indicator("survey_response_rate", "Survey response rate", share(responded, asked),
                                       "percent", ("engagement",), asked),
        coverage_by_kind=by_kind, endings=dict(sorted(endings.items())), responses_by_survey=tuple(surveys))


def coverage_at(state: ProgramState, at: datetime | None,
                mentee_ids: set[int] | None = None) -> tuple[Indicator, tuple[KindCoverage, ...]]:
    """Network coverage at an instant (see `outputs`), for all mentees or the given ones."""
    covering: dict[int, set[str]] = defaultdict(set)
    for match in state.active_matches(at):
        covering[match.mentee_id].add(match.kind)
    wanting, covered = Counter[str](), Counter[str]()
    asked = fully = 0
    for mentee in state.mentees(at):
        kinds = state.kinds_wanted.get(mentee.id, [])
        if not kinds or (mentee_ids is not None and mentee.id not in mentee_ids):
            continue
        asked += 1
        fully += all(kind in covering[mentee.id] for kind in kinds)
        for kind in kinds:
            wanting[kind] += 1
            covered[kind] += kind in covering[mentee.id]
    indicator = Indicator("network_coverage", "Network coverage (mentees with a mentor for every kind they want)",
                          share(fully, asked), "percent", ("equity of access",), asked)
    return indicator, tuple(KindCoverage(kind, wanting[kind], covered[kind], share(covered[kind], wanting[kind]))
                            for kind in KINDS if wanting[kind])


def days_to_match(snapshot: Snapshot, mentee_ids: set[int] | None = None) -> tuple[list[float], int]:
    """Days from request to match for requests matched in the period, and how many mentees they belong to."""
    start, end = snapshot.period.start, snapshot.period.end
    matched = [r for r in snapshot.state.requests if r.status == RequestStatus.MATCHED and r.closed_at is not None
               and start <= r.closed_at < end and (mentee_ids is None or r.mentee_id in mentee_ids)]
    return [days_between(r.created_at, r.closed_at) for r in matched if r.closed_at is not None], len(
        {r.mentee_id for r in matched})


def matches_in_period(snapshot: Snapshot, mentee_ids: set[int] | None = None) -> list[MatchRow]:
    """Matches active at any time in the period."""
    start, end = snapshot.period.start, snapshot.period.end
    return [m for m in snapshot.state.matches if m.started_at < end and (m.ended_at is None or m.ended_at > start)
            and (mentee_ids is None or m.mentee_id in mentee_ids)]


def meeting_rates(snapshot: Snapshot, mentee_ids: set[int] | None = None) -> tuple[Indicator, Indicator]:
    """Meetings against cadence (see `outputs`)."""
    matches = matches_in_period(snapshot, mentee_ids)
    logged = snapshot.meetings_per_match
    start, end = snapshot.period.start, snapshot.as_of
    expected = {m.id: max(0.0, days_between(max(m.started_at, start), min(m.ended_at or end, end))) / m.cadence_days
                for m in matches}
    due = [m for m in matches if expected[m.id] >= 1]
    total_expected = sum(expected[m.id] for m in due)
    total_logged = sum(logged[m.id] for m in due)
    kept = sum(1 for m in due if logged[m.id] >= math.floor(expected[m.id]))
    people = len({m.mentee_id for m in due})
    ratio = Indicator("meetings_vs_cadence", "Meetings logged ÷ meetings expected from cadence",
                      total_logged / total_expected if total_expected else None, "ratio", ("engagement",), people)
    on_cadence = Indicator("matches_on_cadence", "Matches meeting at their cadence", share(kept, len(due)), "percent",
                           ("engagement",), len({m.mentee_id for m in due}))
    return ratio, on_cadence


def rematch_rate(snapshot: Snapshot, mentee_ids: set[int] | None = None) -> Indicator:
    matches = matches_in_period(snapshot, mentee_ids)
    start, end = snapshot.period.start, snapshot.period.end
    no_fault = sum(1 for m in matches if m.end_reason == "no_fault" and m.ended_at is not None and start <= m.ended_at < end)
    return Indicator("rematch_rate", "Rematch rate (no-fault endings ÷ matches)", share(no_fault, len(matches)),
                     "percent", ("retention",), len({m.mentee_id for m in matches}))


def survey_responses(snapshot: Snapshot) -> list[SurveyResponse]:
    by_survey: dict[int, list[int]] = defaultdict(list)
    for survey_round in snapshot.pulse.rounds:
        by_survey[survey_round.survey_id].append(survey_round.id)
    rows = []
    for survey_id, round_ids in by_survey.items():
        first = next(r for r in snapshot.pulse.rounds if r.survey_id == survey_id)
        asked = sum(snapshot.pulse.asked_responded.get(r, (0, 0))[0] for r in round_ids)
        responded = sum(snapshot.pulse.asked_responded.get(r, (0, 0))[1] for r in round_ids)
        rows.append(SurveyResponse(first.title, first.kind, len(round_ids), asked, responded, share(responded, asked)))
    return rows


# --- Outcomes: goals (the pulse lives in bot.report.pulse) ---------------------------------------------------

@dataclass(frozen=True)
class PriorityGoals:
    priority: str
    set_in_period: int
    on_track: int
    done: int


@dataclass(frozen=True)
class GoalOutcomes(IndicatorGroup):
    goals_set: Indicator
    goals_progressing: Indicator
    goals_done: Indicator
    goals_at_risk: Indicator
    mentees_with_goals: Indicator
    status_at_end: dict[str, int]
    by_priority: tuple[PriorityGoals, ...]


def goal_outcomes(snapshot: Snapshot) -> GoalOutcomes:
    """Outcomes (goals): what mentees set out to do and how far they got.

    goals_set: goals created in the period.
    goals_progressing: goals whose status at the end is on track (a goal's status at an instant is that of its latest progress-log entry by then).
    goals_done: goals whose progress log records done in the period.
    goals_at_risk: goals whose status at the end is at risk.
    mentees_with_goals: of mentees enrolled at the end, the share with at least one goal that is not dropped.
    status_at_end: goals existing at the end, counted by status (not started, on track, at risk, done, dropped).
    by_priority: per program priority a goal is tagged with: goals set in the period, on track at the end, done at the end.
    """
    state, at, start, end = snapshot.state, snapshot.as_of, snapshot.period.start, snapshot.period.end
    status = {g.id: state.goal_status(g, at) for g in state.goals}
    existing = [g for g in state.goals if status[g.id] is not None]
    done_in_period = {g.id for g in state.goals for entry in state.goal_log.get(g.id, [])
                      if entry[2] == GoalStatus.DONE and start <= entry[0] < end}
    created = [g for g in state.goals if start <= g.created_at < end]
    mentees = {p.id for p in state.mentees(at)}
    with_goals = {g.mentee_id for g in existing if status[g.id] != GoalStatus.DROPPED} & mentees
    counts = Counter(str(status[g.id]) for g in existing)
    priorities = sorted({g.category or "(none)" for g in state.goals})
    by_priority = tuple(PriorityGoals(
        p, sum(1 for g in created if (g.category or "(none)") == p),
        sum(1 for g in existing if (g.category or "(none)") == p and status[g.id] == GoalStatus.ON_TRACK),
        sum(1 for g in existing if (g.category or "(none)") == p and status[g.id] == GoalStatus.DONE)) for p in priorities)
    goals = ("goal attainment",)
    return GoalOutcomes(
        goals_set=Indicator("goals_set", "Goals set", len(created), "count", goals),
        goals_progressing=Indicator("goals_progressing", "Goals on track", counts[GoalStatus.ON_TRACK], "count", goals),
        goals_done=Indicator("goals_done", "Goals done", len(done_in_period), "count", goals),
        goals_at_risk=Indicator("goals_at_risk", "Goals at risk", counts[GoalStatus.AT_RISK], "count", goals),
        mentees_with_goals=Indicator("mentees_with_goals", "Mentees with a goal", share(len(with_goals), len(mentees)),
                                     "percent", goals, len(mentees)),
        status_at_end={s: counts[s] for s in (*OPEN_GOAL_STATUSES, GoalStatus.DONE, GoalStatus.DROPPED)},
        by_priority=by_priority)


def goals_moving(snapshot: Snapshot, mentee_ids: set[int]) -> Indicator:
    """Of these mentees' goals existing at the end and not dropped, the share on track or done."""
    status = [snapshot.state.goal_status(g, snapshot.as_of) for g in snapshot.state.goals if g.mentee_id in mentee_ids]
    live = [s for s in status if s is not None and s != GoalStatus.DROPPED]
    owners = {g.mentee_id for g in snapshot.state.goals if g.mentee_id in mentee_ids
              and snapshot.state.goal_status(g, snapshot.as_of) not in (None, GoalStatus.DROPPED)}
    moving = sum(s in (GoalStatus.ON_TRACK, GoalStatus.DONE) for s in live)
    return Indicator("goals_moving", "Goals on track or done", share(moving, len(live)), "percent", ("goal attainment",),
                     len(owners))


# --- Equity of access ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EquityRow:
    group: str
    mentees: int | None  # None: hidden
    values: dict[str, float | None]  # indicator key -> value, None when hidden or not measurable
    hidden: frozenset[str]  # the keys hidden to protect small groups (the others are None only without data)


@dataclass(frozen=True)
class EquityBreakdown:
    dimension: str
    rows: tuple[EquityRow, ...]
    hidden_groups: int


EQUITY_COLUMNS: dict[str, str] = {
    "network_coverage": "Coverage", "days_to_match_median": "Days to match (median)",
    "meetings_vs_cadence": "Meetings vs cadence", "rematch_rate": "Rematch rate", "goals_moving": "Goals moving",
}


def equity(snapshot: Snapshot) -> list[EquityBreakdown]:
    """Equity of access: the outputs and outcomes above for each group of mentees enrolled at the end.

    dimensions: each optional self-described identity question (people who did not answer or preferred not to say form the group "Not stated"), the program, and the stage.
    network_coverage, days_to_match_median, meetings_vs_cadence, rematch_rate: as defined under outputs, over the group's mentees.
    goals_moving: of the group's goals existing at the end and not dropped, the share on track or done.
    suppression: a group with fewer mentees than the minimum group size (at least 5) is hidden, and if any group is hidden the smallest visible groups are hidden too until the hidden ones hold at least that many people in at least two groups (complementary suppression, bot/privacy.py); a visible group's value is also hidden when it rests on fewer mentees than the minimum.
    """
    mentees = snapshot.state.mentees(snapshot.as_of)
    dimensions: dict[str, dict[int, str]] = {}
    for field_key, (label, answers) in IDENTITY_FIELDS.items():
        dimensions[label] = {p.id: _identity_group(snapshot.state.identities.get(p.id, {}).get(field_key), answers)
                             for p in mentees}
    dimensions["Program"] = {p.id: p.program or NOT_STATED for p in mentees}
    dimensions["Stage"] = {p.id: p.stage or NOT_STATED for p in mentees}
    return [_breakdown(snapshot, name, groups) for name, groups in dimensions.items()]


def _identity_group(answer: str | None, labels: dict[str, str]) -> str:
    return NOT_STATED if answer in (None, "", PREFER_NOT_TO_SAY) else labels.get(str(answer), str(answer))


def _breakdown(snapshot: Snapshot, dimension: str, group_of: dict[int, str]) -> EquityBreakdown:
    members: dict[str, set[int]] = defaultdict(set)
    for person_id, group in group_of.items():
        members[group].add(person_id)
    sizes = publishable({group: len(ids) for group, ids in members.items()}, snapshot.minimum_group)
    rows = []
    for group in sorted(members, key=lambda g: (g == NOT_STATED, g)):
        size = sizes.get(group)
        measured = [] if size is None else _group_indicators(snapshot, members[group])
        hidden = frozenset(EQUITY_COLUMNS) if size is None else frozenset(
            i.key for i in measured if i.value is not None and (i.n or 0) < snapshot.minimum_group)
        rows.append(EquityRow(group, size, {i.key: None if i.key in hidden else i.value for i in measured}
                              or dict.fromkeys(EQUITY_COLUMNS), hidden))
    return EquityBreakdown(dimension, tuple(rows), sum(1 for size in sizes.values() if size is None))


def _group_indicators(snapshot: Snapshot, ids: set[int]) -> list[Indicator]:
    coverage, _ = coverage_at(snapshot.state, snapshot.as_of, ids)
    days, people = days_to_match(snapshot, ids)
    median = Indicator("days_to_match_median", "", statistics.median(days) if days else None, "days", (), people)
    ratio, _ = meeting_rates(snapshot, ids)
    return [coverage, median, ratio, rematch_rate(snapshot, ids), goals_moving(snapshot, ids)]


# --- Mentor load --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MentorLoad(IndicatorGroup):
    median_load: Indicator
    over_capacity: Indicator
    without_mentee: Indicator
    distribution: dict[int, int]  # active matches -> mentors
    overloaded_ids: tuple[int, ...]


def mentor_load(state: ProgramState, at: datetime | None) -> MentorLoad:
    """Mentor load at the end: how the mentoring is shared among mentors.

    distribution: for each number k, how many enrolled mentors have k active matches.
    median_load: the median number of active matches per enrolled mentor.
    over_capacity: enrolled mentors with more active matches than their total capacity.
    without_mentee: enrolled mentors with no active match.
    """
    mentors = [p for p in state.mentor_people(at) if p.id in state.mentors]
    load, _ = _loads(state.active_matches(at))
    loads = [load[p.id] for p in mentors]
    over = tuple(p.id for p in mentors if load[p.id] > state.mentors[p.id].capacity_total)
    workload = ("mentor workload",)
    return MentorLoad(
        median_load=Indicator("median_load", "Active matches per mentor (median)",
                              statistics.median(loads) if loads else None, "count", workload, len(loads)),
        over_capacity=Indicator("over_capacity", "Mentors over capacity", len(over), "count", workload),
        without_mentee=Indicator("without_mentee", "Mentors with no mentee", sum(1 for n in loads if n == 0), "count",
                                 workload),
        distribution=dict(sorted(Counter(loads).items())), overloaded_ids=over)


# --- Trends -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrendPoint:
    bucket: Bucket
    meetings: int
    new_matches: int
    checkins_sent: int
    checkin_answer_rate: float | None
    coverage: float | None  # at the end of the bucket


def trends(snapshot: Snapshot) -> list[TrendPoint]:
    """Trends: the period cut into months (weeks for periods of two months or less), up to the end.

    meetings: meetings held on the bucket's days.
    new_matches: matches that started in the bucket.
    checkin_answer_rate: of check-ins sent in the bucket, the share answered.
    coverage: network coverage at the end of the bucket.
    """
    points = []
    for bucket in snapshot.period.buckets():
        if bucket.start >= snapshot.as_of:
            break
        sent = [c for c in snapshot.checkins if bucket.start <= c.sent_at < bucket.end]
        coverage, _ = coverage_at(snapshot.state, min(bucket.end, snapshot.as_of))
        points.append(TrendPoint(
            bucket, sum(1 for _, day, _ in snapshot.meetings if bucket.first_day <= day <= bucket.last_day),
            sum(1 for m in snapshot.state.matches if bucket.start <= m.started_at < bucket.end), len(sent),
            share(sum(1 for c in sent if c.answered_at is not None), len(sent)), coverage.value))
    return points
