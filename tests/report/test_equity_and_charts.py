"""Equity of access with small-cell and complementary suppression, and program changes marked on the charts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from matplotlib.dates import num2date

from bot.report.charts import CHANGE_MARKER, activity_figure, pulse_figure
from bot.report.export import report_csv
from bot.report.service import Report


def breakdown(report: Report, dimension: str) -> dict[str, tuple]:
    table = next(b for b in report.equity if b.dimension == dimension)
    return {row.group: (row.mentees, row.values, row.hidden) for row in table.rows}


def test_a_group_of_four_is_hidden_and_the_next_smallest_protects_it(report: Report) -> None:
    programs = breakdown(report, "Program")
    surgery, medicine, psychiatry = programs["Surgery"], programs["Internal Medicine"], programs["Psychiatry"]
    assert surgery[0] is None and surgery[2] == frozenset(surgery[1]) and set(surgery[1].values()) == {None}
    # 4 alone could be worked out as 17 - 6 - 7: the smallest visible group (6) is hidden with it
    assert medicine[0] is None and set(medicine[1].values()) == {None}
    assert psychiatry[0] == 7
    assert psychiatry[1]["network_coverage"] == pytest.approx(2 / 7)  # P2 and P3
    # shown groups still hide values resting on fewer than 5 mentees (3 Psychiatry mentees were matched)
    assert psychiatry[2] == {"days_to_match_median", "meetings_vs_cadence", "rematch_rate", "goals_moving"}
    assert psychiatry[1]["days_to_match_median"] is None


def test_identity_groups_include_not_stated_and_are_suppressed_the_same_way(report: Report) -> None:
    gender = breakdown(report, "Gender")
    # Non-binary 1 and Not stated 3 (no answer or prefer not to say) hold 4 < 5 together: Man (6) is hidden too
    assert {group: size for group, (size, _, _) in gender.items()} == {
        "Man": None, "Non-binary": None, "Woman": 7, "Not stated": None}
    assert breakdown(report, "Underrepresented in medicine") == {
        "Not stated": (17, pytest.approx({"network_coverage": 5 / 17, "days_to_match_median": 10.0,
                                          "meetings_vs_cadence": 7 / (333 / 30), "rematch_rate": 1 / 6,
                                          "goals_moving": None}), frozenset({"goals_moving"}))}  # 4 goal owners


def test_pulse_by_program_hides_every_group_when_each_is_small(report: Report) -> None:
    wellbeing = next(g for g in report.pulse.by_group if g.survey_title == "Monthly wellbeing pulse"
                     and g.dimension == "Program")
    assert wellbeing.rows == (("Internal Medicine", None, None), ("Psychiatry", None, None), ("Surgery", None, None))


def test_hidden_cells_are_written_as_hidden_never_as_zero(report: Report) -> None:
    rows = report_csv(report).splitlines()
    assert "equity,mentees,Program: Surgery,hidden,count,,," in rows
    assert "equity,network_coverage,Program: Internal Medicine,hidden,percent,,," in rows
    assert "equity,mentees,Program: Psychiatry,7,count,,," in rows


def markers(figure) -> tuple[list[datetime], list[str]]:
    """Where the change markers are drawn, as instants (matplotlib keeps dates as day numbers)."""
    lines = [line for axes in figure.axes for line in axes.get_lines() if line.get_gid() == CHANGE_MARKER]
    labels = [text.get_text() for axes in figure.axes for text in axes.texts if text.get_gid() == CHANGE_MARKER]
    return [num2date(line.get_xdata()[0]) for line in lines], labels


def test_program_changes_of_the_period_are_marked_on_the_trend_charts(report: Report) -> None:
    assert [(c.category, c.label) for c in report.changes] == [
        ("surveys", "survey started: Monthly wellbeing pulse"), ("cadence", "cadence_days → 14")]
    start, end = report.period.start, report.period.end
    activity = activity_figure(report.trends, report.changes, start, end, "month")
    xs, labels = markers(activity)
    survey, cadence = datetime(2026, 9, 1, 12, tzinfo=UTC), datetime(2026, 10, 1, 15, tzinfo=UTC)
    assert xs == [survey, cadence] * 2  # both panels
    assert labels == ["survey started: Monthly wellbeing…", "cadence_days → 14"] * 2
    pulse_xs, _ = markers(pulse_figure(report.pulse.index, report.changes, start, end))
    assert pulse_xs == [survey, cadence]
    # the August and December changes are outside the period: not drawn
    assert all(start <= c.at < end for c in report.changes)
