"""The report as data: JSON (the whole structure) or CSV (one row per number, ready for a spreadsheet)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import asdict, fields
from datetime import date, datetime
from typing import Any

from defusedcsv import csv  # a cell starting with = + - @ | % is written with a leading ' so a spreadsheet never runs it

from bot.i18n import N_, _, ngettext, speaking
from bot.report.definitions import definitions_by_key, indicator_definitions
from bot.report.format import shown
from bot.report.indicators import Indicator
from bot.report.institution import EQUITY_COLUMNS
from bot.report.perspectives import perspectives
from bot.report.service import Report
from bot.report.warnings import WARNING_KINDS

CSV_COLUMNS = (N_("section"), N_("indicator"), N_("group"), N_("value"), N_("unit"), N_("based_on"), N_("informs"),
               N_("definition"))
HIDDEN = "hidden"
EQUITY_UNITS = {"network_coverage": "percent", "days_to_match_median": "days", "meetings_vs_cadence": "ratio",
                "rematch_rate": "percent", "goals_moving": "percent"}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")  # not text: a bug


def report_json(report: Report, identified: bool) -> str:
    """Every part of the report except the raw rows; early warnings name people only in the identified copy."""
    data = {f.name: asdict(getattr(report, f.name)) if hasattr(getattr(report, f.name), "__dataclass_fields__")
            else getattr(report, f.name) for f in fields(report) if f.name not in ("snapshot", "warnings")}
    data["equity"] = [asdict(breakdown) for breakdown in report.equity]
    data["trends"] = [asdict(point) for point in report.trends]
    data["changes"] = [asdict(change) for change in report.changes]
    data["warning_counts"] = {kind: sum(1 for w in report.warnings if w.kind == kind) for kind in WARNING_KINDS}
    if identified:
        data["warnings"] = [asdict(warning) for warning in report.warnings]
    data["perspectives"] = {view.key: {"title": view.title, "question": view.question,
                                       "indicators": [indicator.key for indicator in view.indicators],
                                       "latest_pulse": view.latest_pulse and asdict(view.latest_pulse)}
                            for view in perspectives(report)}
    data["definitions"] = [asdict(group) for group in indicator_definitions()]
    return json.dumps(data, default=_plain, indent=2, ensure_ascii=False)


def report_csv(report: Report) -> str:
    """Column headings in the language of whoever asked; the keys in the rows (section, indicator, unit) stay as
    they are in every language, so that a spreadsheet or a script reads any report alike."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    with speaking(report.language):
        writer.writerow([_(heading) for heading in CSV_COLUMNS])
        writer.writerows(csv_rows(report))
    return buffer.getvalue()


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def _indicator_row(section: str, indicator: Indicator, definitions: dict[str, str], group: str = "") -> list[str]:
    return [section, indicator.key, group, _number(indicator.value), indicator.unit,
            "" if indicator.n is None else str(indicator.n), "; ".join(indicator.priorities),
            definitions.get(indicator.key, "")]


def csv_rows(report: Report) -> Iterator[list[str]]:
    """Indicators, then the tables behind them, then trends; a hidden value is written as "hidden", never as 0."""
    definitions = definitions_by_key()
    for section, group in (("inputs", report.inputs), ("activities", report.activities),
                           ("scheduling", report.scheduling), ("formats", report.formats), ("formats", report.circles),
                           ("outputs", report.outputs),
                           ("outcomes", report.goals), ("outcomes", report.pulse), ("outcomes", report.agreements),
                           ("outcomes", report.meeting_ratings), ("outcomes", report.competency),
                           ("mentor load", report.load)):  # not text: section keys, for analysis
        for indicator in group.indicators():
            yield _indicator_row(section, indicator, definitions)
    for kind in report.inputs.capacity_by_kind:
        yield ["inputs", "free_places_by_kind", kind.kind, str(kind.free), "count", str(kind.mentors_offering), "", ""]
    for coverage in report.outputs.coverage_by_kind:
        yield ["outputs", "coverage_by_kind", coverage.kind, _number(coverage.share), "percent", str(coverage.wanting),
               "", ""]
    for reason, count in report.outputs.endings.items():
        yield ["outputs", "endings", reason, str(count), "count", "", "", ""]
    for row in report.competency.by_competency:
        yield ["outcomes", "competency_by_domain", row.competency, _number(row.mean), "score", str(row.respondents), "",
               ""]
    for view in perspectives(report):  # the same indicators again, grouped as each perspective reads them
        for indicator in view.indicators:
            yield _indicator_row(f"perspective: {view.key}", indicator, definitions)
    yield from _equity_rows(report)
    for pulse in report.pulse.index:
        yield ["outcomes", "pulse_index", f"{pulse.survey_title} · round {pulse.round_number} · {pulse.perspective}",
               HIDDEN if pulse.value is None else _number(pulse.value), "score", str(pulse.n), "", ""]
    for trend in report.trends:
        for key in ("meetings", "new_matches", "checkins_sent", "checkin_answer_rate", "coverage"):
            yield ["trend", key, trend.bucket.label, _number(getattr(trend, key)), "", "", "", ""]
    for warning_kind, label in WARNING_KINDS.items():
        yield ["early warnings", warning_kind, "", str(sum(1 for w in report.warnings if w.kind == warning_kind)),  # not text
               "count", "", "", str(label)]
    for change in report.changes:
        yield ["program changes", change.category, change.at.isoformat(), change.label, "", "", "", ""]  # not text


def _equity_rows(report: Report) -> Iterator[list[str]]:
    for breakdown in report.equity:
        for row in breakdown.rows:
            group = f"{breakdown.dimension}: {row.group}"
            yield ["equity", "mentees", group, HIDDEN if row.mentees is None else str(row.mentees), "count", "", "", ""]
            for key in EQUITY_COLUMNS:
                value = HIDDEN if key in row.hidden else _number(row.values.get(key))
                yield ["equity", key, group, value, EQUITY_UNITS[key], "", "", ""]


def summary_line(report: Report) -> str:
    """One line for a terminal: the period and the headline numbers."""
    o = report.outputs
    with speaking(report.language):
        return ngettext("{period}: coverage {coverage}, {waiting} waiting, median {days} to match, {warnings} early "
                        "warning",
                        "{period}: coverage {coverage}, {waiting} waiting, median {days} to match, {warnings} early "
                        "warnings", len(report.warnings)).format(
            period=report.period.label, coverage=shown(o.network_coverage.value, "percent"),
            waiting=shown(o.waiting_mentees.value, "count"), days=shown(o.days_to_match_median.value, "days"),
            warnings=len(report.warnings))
