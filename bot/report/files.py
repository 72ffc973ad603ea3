"""The report's files: the HTML report, or the data (CSV, JSON), and the chart PNGs for Slack."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.deps import Deps
from bot.i18n import _, speaking
from bot.report.charts import Chart
from bot.report.export import report_csv, report_json
from bot.report.render_html import render_html
from bot.report.service import Report, build_report, report_charts, requested_period

FORMATS = ("html", "csv", "json")


@dataclass(frozen=True)
class ReportFile:
    filename: str
    title: str
    content: bytes


def report_document(report: Report, output_format: str, identified: bool, charts: list[Chart] | None = None) -> bytes:
    """The whole report in one format; HTML embeds the charts (drawn here unless given)."""
    if output_format == "html":
        return render_html(report, charts if charts is not None else report_charts(report, identified),
                           identified).encode("utf-8")
    if output_format == "csv":
        return report_csv(report).encode("utf-8")
    if output_format == "json":
        return report_json(report, identified).encode("utf-8")
    raise ValueError(f"unknown format {output_format!r}; choose one of {', '.join(FORMATS)}")  # not text: a bug


def slack_files(report: Report) -> list[ReportFile]:
    """For the coordinator's DM: the charts as PNGs, then the full identified report as one HTML file, titled in
    the language of the coordinator who asked."""
    charts = report_charts(report, identified=True)
    stem = f"mentorbot-report-{report.period.first_day}-to-{report.period.last_day}"
    with speaking(report.language):
        title = _("Evaluation report, {period} (open in a browser; prints cleanly)").format(period=report.period.label)
    return [ReportFile(f"{stem}-{chart.key}.png", chart.title, chart.png) for chart in charts] + [
        ReportFile(f"{stem}.html", title, report_document(report, "html", True, charts))]


def write_report_file(deps: Deps, now: datetime) -> Path:
    """The academic year so far as an identified HTML report, in a new temporary folder that is kept (the demo)."""
    with deps.sessions() as session:
        period = requested_period(session=session, from_text=None, to_text=None, now=now,
                                  timezone=deps.settings.timezone)
        report = build_report(session=session, period=period, now=now)
    name = f"mentorbot-report-{period.first_day}-to-{period.last_day}.html"
    path = Path(tempfile.mkdtemp(prefix="mentorbot-report-")) / name
    path.write_bytes(report_document(report, "html", identified=True))
    return path
