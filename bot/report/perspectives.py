"""The report from three perspectives, as the program design evaluates mentoring: the mentees', the mentors' and
the institution's. Each is a question and the indicators that answer it, chosen from the logic model (where each
is computed and defined once), plus the latest pulse index that perspective gave."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.i18n import _, format_number, ngettext
from bot.report.format import shown

if TYPE_CHECKING:  # the report's service and indicators load only where a report is built
    from bot.report.indicators import Indicator
    from bot.report.pulse import PulsePoint
    from bot.report.service import Report


@dataclass(frozen=True)
class Perspective:
    key: str  # mentees, mentors, institution: the key in the JSON and CSV files
    title: str
    question: str  # what this perspective asks of the program
    indicators: tuple[Indicator, ...]
    latest_pulse: PulsePoint | None  # the latest round's index from this perspective, if any survey asked it


def perspectives(report: Report) -> tuple[Perspective, ...]:
    inputs, activities, outputs, goals, pulse, load = (report.inputs, report.activities, report.outputs, report.goals,
                                                       report.pulse, report.load)
    agreed = report.agreements
    return (
        Perspective("mentees", _("Mentees' perspective"),
                    _("Do mentees get the mentors they ask for, soon, and do they move on their goals?"),
                    (outputs.network_coverage, outputs.waiting_mentees, outputs.days_to_match_median,
                     outputs.matches_on_cadence, goals.mentees_with_goals, goals.goals_progressing, goals.goals_done,
                     pulse.would_continue_mentees, agreed.pulse_positive_mentees, agreed.mentees_with_plan,
                     report.meeting_ratings.meetings_rated_useful),
                    _latest_pulse(report, "mentees")),
        Perspective("mentors", _("Mentors' perspective"),
                    _("Is mentoring a load mentors can carry, and do they want to keep doing it?"),
                    (inputs.mentors, load.median_load, load.over_capacity, load.without_mentee,
                     activities.meeting_hours, activities.checkin_answer_rate, pulse.would_continue_mentors,
                     agreed.pulse_positive_mentors, report.competency.competency_self_assessment),
                    _latest_pulse(report, "mentors")),
        Perspective("institution", _("The institution's perspective"),
                    _("Does the program reach everyone fairly, serve its priorities, and last?"),
                    (inputs.mentees, inputs.mentees_per_mentor, inputs.free_places, activities.introductions,
                     outputs.rematch_rate, outputs.survey_response_rate, activities.broadcasts,
                     agreed.agreements_acknowledged, agreed.completed, agreed.renewed, agreed.ended_early, agreed.lapsed,
                     agreed.pulse_not_working, report.competency.competency_self_assessment),
                    None),
    )


def _latest_pulse(report: Report, perspective: str) -> PulsePoint | None:
    points = [point for point in report.pulse.index if point.perspective == perspective]
    return max(points, key=lambda point: (point.opens_at, point.round_number), default=None)


def pulse_sentence(point: PulsePoint | None) -> str:
    """The latest pulse index in words, the same in the HTML file and the Slack summary."""
    if point is None:
        return _("No pulse survey asked this perspective in the period.")
    where = _("{survey}, round {round}").format(survey=point.survey_title, round=point.round_number)
    if point.value is None:
        return _("Latest pulse index ({where}): hidden, too few responses ({n}).").format(where=where, n=point.n)
    return ngettext("Latest pulse index ({where}): {value} of 100, from {n} response.",
                    "Latest pulse index ({where}): {value} of 100, from {n} responses.", point.n).format(
        where=where, value=shown(point.value, "count"), n=format_number(point.n))
