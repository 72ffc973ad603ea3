"""The coordinator's evaluation report: every indicator for a period, the early warnings, the program changes,
and the charts; plus the few headline numbers the coordinator App Home shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.i18n import SOURCE_LANGUAGE, _, current_language, speaking
from bot.i18n.choice import language_of
from bot.program_settings import setting
from bot.report.scheduling import Scheduling, scheduling
from bot.report.formats import Formats, formats
from bot.report.circles import CircleOutcomes, circle_outcomes
from bot.report.agreements import AgreementOutcomes, agreement_outcomes
from bot.report.competency import MentorCompetency, mentor_competency
from bot.report.meeting_ratings import MeetingRatings, meeting_ratings
from bot.report.changes import ProgramChange, program_changes
from bot.report.charts import Chart, activity_figure, coverage_figure, load_figure, png_bytes, pulse_figure
from bot.report.indicators import Indicator
from bot.report.institution import Activities, EquityBreakdown, Inputs, TrendPoint, activities, equity, inputs, trends
from bot.report.mentees import GoalOutcomes, Outputs, coverage_at, goal_outcomes, outputs
from bot.report.mentors import MentorLoad, mentor_load
from bot.report.network import NetworkSummary, mentorship_network, network_figure, summarize
from bot.report.period import MONTHLY_AFTER_DAYS, Period, parse_period
from bot.report.pulse import PulseOutcomes, pulse_outcomes
from bot.report.snapshot import Snapshot, load_snapshot, load_state
from bot.report.warnings import DEFAULT_UNMET_AFTER_DAYS, EarlyWarning, early_warnings
from bot.timing import zone
from bot.report.scoped import for_programs, state_for
from storage.queries.audit import record_audit
from storage.queries.care import open_alerts


@dataclass(frozen=True)
class Report:
    period: Period
    generated_at: datetime
    as_of: datetime
    minimum_group: int
    priorities: tuple[str, ...]
    unmet_after_days: int
    inputs: Inputs
    activities: Activities
    scheduling: Scheduling
    formats: Formats
    circles: CircleOutcomes
    outputs: Outputs
    goals: GoalOutcomes
    pulse: PulseOutcomes
    agreements: AgreementOutcomes
    meeting_ratings: MeetingRatings
    competency: MentorCompetency
    equity: tuple[EquityBreakdown, ...]
    load: MentorLoad
    trends: tuple[TrendPoint, ...]
    warnings: tuple[EarlyWarning, ...]
    changes: tuple[ProgramChange, ...]
    network: NetworkSummary
    snapshot: Snapshot  # kept for the network picture; not exported
    programs: tuple[str, ...] = ()  # the programs reported on; empty: faculty-wide
    language: str = SOURCE_LANGUAGE  # the language of whoever asked: its labels are in it, and so are its files

    @property
    def scope_label(self) -> str:
        with speaking(self.language):
            if self.programs:
                return _("Programs: {programs}").format(programs=", ".join(self.programs))
            return _("Faculty-wide: every program")


def requested_period(*, session: Session, from_text: str | None, to_text: str | None, now: datetime,
                     timezone: str) -> Period:
    """The period asked for; by default the academic year so far (raises PeriodError with what to type)."""
    today = now.astimezone(zone(timezone)).date()
    return parse_period(from_text, to_text, today=today, transition=str(setting(session, "transition_date")),
                        timezone=timezone)


def build_report(*, session: Session, period: Period, now: datetime,
                 unmet_after_days: int = DEFAULT_UNMET_AFTER_DAYS, programs: frozenset[str] | None = None) -> Report:
    """The faculty-wide report, or (`programs` given) one for those programs' people and matches."""
    snapshot = load_snapshot(session=session, period=period, now=now)
    if programs is not None:
        snapshot = for_programs(snapshot, programs)
    load = mentor_load(snapshot.state, snapshot.as_of)
    pulse = pulse_outcomes(snapshot)
    return Report(
        period=period, generated_at=now, as_of=snapshot.as_of, minimum_group=snapshot.minimum_group,
        priorities=tuple(snapshot.priorities), unmet_after_days=unmet_after_days,
        inputs=inputs(snapshot.state, snapshot.as_of), activities=activities(snapshot),
        scheduling=scheduling(snapshot), formats=formats(snapshot), circles=circle_outcomes(snapshot),
        outputs=outputs(snapshot),
        goals=goal_outcomes(snapshot), pulse=pulse, agreements=agreement_outcomes(snapshot),
        meeting_ratings=meeting_ratings(snapshot), competency=mentor_competency(snapshot),
        equity=tuple(equity(snapshot)), load=load,
        trends=tuple(trends(snapshot)), warnings=tuple(early_warnings(snapshot, pulse, load, unmet_after_days)),
        changes=tuple(program_changes(session=session, start=period.start, end=period.end)),
        network=summarize(mentorship_network(snapshot.state, snapshot.as_of)), snapshot=snapshot,
        programs=tuple(sorted(programs or ())), language=current_language())


def report_for(*, session: Session, period: Period, now: datetime, actor: str,
               unmet_after_days: int = DEFAULT_UNMET_AFTER_DAYS, programs: frozenset[str] | None = None) -> Report:
    """The report as a coordinator (or the CLI) asks for it, in their language (a coordinator's own, from Slack or
    their profile; the CLI's is already set, from --locale or the terminal): who saw it is audited, as it names
    people."""
    with speaking(SOURCE_LANGUAGE):  # the audit log is in one language, whoever asked
        target = period.label
    record_audit(session=session, now=now, actor=actor, action="report", target=target,
                 detail={"programs": sorted(programs) if programs is not None else "faculty-wide"})
    language = language_of(session, actor) if actor.startswith(("U", "W")) else current_language()
    with speaking(language):
        return build_report(session=session, period=period, now=now, unmet_after_days=unmet_after_days,
                            programs=programs)


def report_charts(report: Report, identified: bool) -> list[Chart]:
    """The trend charts (with program-change markers), coverage, mentor load and the network picture."""
    with speaking(report.language):
        return _charts(report, identified)


def _charts(report: Report, identified: bool) -> list[Chart]:
    start, end = report.period.start, report.period.end
    step = "month" if report.period.days > MONTHLY_AFTER_DAYS else "week"
    network = mentorship_network(report.snapshot.state, report.snapshot.as_of)
    summary = report.network
    return [
        Chart("activity", _("Activity and reach"),
              png_bytes(activity_figure(report.trends, report.changes, start, end, step)),
              _("Meetings, new matches, coverage and check-in answers per month, with program changes marked.")
              if step == "month" else
              _("Meetings, new matches, coverage and check-in answers per week, with program changes marked.")),
        Chart("pulse", _("Pulse surveys"), png_bytes(pulse_figure(report.pulse.index, report.changes, start, end)),
              _("Pulse index per survey round from mentees and mentors, with program changes marked.")),
        Chart("coverage", _("Coverage by kind"), png_bytes(coverage_figure(report.outputs.coverage_by_kind)),
              _("Share of mentees with a mentor of each kind they want.")),
        Chart("load", _("Mentor load"), png_bytes(load_figure(report.load)), _("Mentors by number of active matches.")),
        Chart("network", _("Mentorship network") if identified else _("Mentorship network (de-identified)"),
              png_bytes(network_figure(network, identified)),
              _("{mentees} mentees and {mentors} mentors; {isolated} mentees without a mentor, {overloaded} mentors "
                "over capacity.").format(mentees=summary.mentees, mentors=summary.mentors,
                                         isolated=summary.isolated_mentees, overloaded=summary.overloaded_mentors)),
    ]


@dataclass(frozen=True)
class Headline:
    """The few numbers the coordinator App Home shows, from the stored state now (no period, no clock)."""

    coverage: Indicator
    waiting_mentees: int
    mentees_per_mentor: Indicator
    over_capacity: int
    without_mentee: int
    open_alerts: int


def headline(*, session: Session, programs: frozenset[str] | None = None) -> Headline:
    """The faculty's headline, or (`programs` given) those programs' people and the matches they are part of."""
    state = load_state(session=session, until=None)
    if programs is not None:
        state = state_for(state, programs)
    match_ids = {m.id for m in state.matches}
    alerts = [a for a in open_alerts(session=session) if programs is None or a.match_id in match_ids]
    program_inputs = inputs(state, None)
    load = mentor_load(state, None)
    waiting = {r.mentee_id for r in state.open_requests(None)} & {p.id for p in state.mentees(None)}
    return Headline(coverage=coverage_at(state, None)[0], waiting_mentees=len(waiting),
                    mentees_per_mentor=program_inputs.mentees_per_mentor, over_capacity=int(load.over_capacity.value or 0),
                    without_mentee=int(load.without_mentee.value or 0), open_alerts=len(alerts))
