"""The mentees' perspective: what the program's activities produced for mentees (coverage, time to a match,
meetings against cadence, rematches, survey answers) and their goals. Definitions as in bot/report/indicators.py."""

from __future__ import annotations

from bot.i18n import _
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from bot.report.indicators import Indicator, IndicatorGroup, days_between, percentile, share
from bot.report.snapshot import OPEN_GOAL_STATUSES, ProgramState, Snapshot
from bot.vocabulary import KINDS
from storage.queries.report import MatchRow
from storage.tables import GoalStatus, RequestStatus


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
    access = ("equity of access",)  # not text: a program priority's name
    return Outputs(
        network_coverage=coverage,
        days_to_match_median=Indicator("days_to_match_median", _("Days from request to match (median)"),
                                       statistics.median(days) if days else None, "days", access, days_people),
        days_to_match_p90=Indicator("days_to_match_p90", _("Days from request to match (90th percentile)"),
                                    percentile(days, 0.9), "days", access, days_people),
        waiting_mentees=Indicator("waiting_mentees", _("Mentees waiting for a mentor"), len(waiting), "count", access),
        meetings_vs_cadence=ratio, matches_on_cadence=on_cadence, rematch_rate=rematch,
        survey_response_rate=Indicator("survey_response_rate", _("Survey response rate"), share(responded, asked),
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
    indicator = Indicator("network_coverage", _("Network coverage (mentees with a mentor for every kind they want)"),
                          share(fully, asked), "percent", ("equity of access",), asked)  # not text: a program priority's name
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
    ratio = Indicator("meetings_vs_cadence", _("Meetings logged ÷ meetings expected from cadence"),
                      total_logged / total_expected if total_expected else None, "ratio", ("engagement",), people)
    on_cadence = Indicator("matches_on_cadence", _("Matches meeting at their cadence"), share(kept, len(due)), "percent",
                           ("engagement",), len({m.mentee_id for m in due}))
    return ratio, on_cadence


def rematch_rate(snapshot: Snapshot, mentee_ids: set[int] | None = None) -> Indicator:
    matches = matches_in_period(snapshot, mentee_ids)
    start, end = snapshot.period.start, snapshot.period.end
    no_fault = sum(1 for m in matches if m.end_reason == "no_fault" and m.ended_at is not None and start <= m.ended_at < end)
    return Indicator("rematch_rate", _("Rematch rate (no-fault endings ÷ matches)"), share(no_fault, len(matches)),
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
    goals = ("goal attainment",)  # not text: a program priority's name
    return GoalOutcomes(
        goals_set=Indicator("goals_set", _("Goals set"), len(created), "count", goals),
        goals_progressing=Indicator("goals_progressing", _("Goals on track"), counts[GoalStatus.ON_TRACK], "count", goals),
        goals_done=Indicator("goals_done", _("Goals done"), len(done_in_period), "count", goals),
        goals_at_risk=Indicator("goals_at_risk", _("Goals at risk"), counts[GoalStatus.AT_RISK], "count", goals),
        mentees_with_goals=Indicator("mentees_with_goals", _("Mentees with a goal"), share(len(with_goals), len(mentees)),
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
    return Indicator("goals_moving", _("Goals on track or done"), share(moving, len(live)), "percent", ("goal attainment",),  # not text: a program priority's name
                     len(owners))
