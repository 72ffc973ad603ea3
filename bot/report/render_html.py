"""The report as one self-contained HTML file: inline CSS (screen and print), PNG charts embedded as base64,
no scripts and nothing fetched, so it opens anywhere, can be mailed, and prints cleanly.
"""

from __future__ import annotations

import base64
import inspect
from collections.abc import Iterable, Sequence
from html import escape

from bot.report import indicators as indicators_module
from bot.report.charts import Chart
from bot.report.definitions import indicator_definitions
from bot.report.format import NO_VALUE, shown, shown_indicator
from bot.report.indicators import EQUITY_COLUMNS, Indicator
from bot.report.service import Report
from bot.report.warnings import WARNING_KINDS
from bot.timing import zone
from bot.vocabulary import KINDS

CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b2631; margin: 0 auto;
       max-width: 1000px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 2px solid #d5dbdb; }
h3 { font-size: 15px; margin: 18px 0 6px; } .muted { color: #5d6d7e; font-size: 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; }
.card { border: 1px solid #d5dbdb; border-radius: 8px; padding: 10px 12px; }
.card b { display: block; font-size: 22px; } .card span { font-size: 12px; color: #5d6d7e; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid #e5e8e8; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f6f6; } td.num { text-align: right; white-space: nowrap; }
.tag { display: inline-block; font-size: 11px; border: 1px solid #aeb6bf; border-radius: 9px; padding: 0 6px;
       margin: 1px 2px; color: #5d6d7e; } .tag.priority { border-color: #117a65; color: #117a65; font-weight: 600; }
.hidden { color: #a04000; font-style: italic; } .warn { border-left: 4px solid #c0392b; padding-left: 8px; }
figure { margin: 12px 0 20px; } figure img { max-width: 100%; height: auto; border: 1px solid #e5e8e8; }
figcaption { font-size: 12px; color: #5d6d7e; } dl dt { font-weight: 600; margin-top: 6px; } dl dd { margin-left: 16px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; } h2 { break-after: avoid; }
  figure, table, .card { break-inside: avoid; } figure img { max-height: 9in; border: none; }
  a { color: inherit; text-decoration: none; } .noprint { display: none; }
  @page { margin: 16mm; }
}
"""


def render_html(report: Report, charts: Sequence[Chart], identified: bool) -> str:
    sections = [_heading(report, identified), _headline(report), _logic_model(report), _equity(report),
                _load(report), _warnings(report, identified), _changes(report), _charts(charts), _appendix(report)]
    title = f"mentorbot evaluation report, {report.period.label}"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>\n" + "\n".join(sections)
            + "\n</body></html>\n")


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]], numeric_from: int = 1) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td class=\"num\">{cell}</td>" if i >= numeric_from else f"<td>{cell}</td>"
                                    for i, cell in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _tags(tags: Iterable[str], priorities: Sequence[str]) -> str:
    return "".join(f"<span class=\"tag{' priority' if tag in priorities else ''}\">{escape(tag)}</span>" for tag in tags)


def _heading(report: Report, identified: bool) -> str:
    local = report.generated_at.astimezone(zone(report.period.timezone))
    audience = ("Identified: for program coordinators only." if identified
                else "De-identified: no names; shareable with the institution.")
    return (f"<h1>Mentorship program evaluation</h1><p class=\"muted\">{escape(report.period.label)} · generated "
            f"{local:%-d %B %Y %H:%M} ({escape(report.period.timezone)}) · {audience} Groups smaller than "
            f"{report.minimum_group} people are never shown. Program priorities: "
            f"{_tags(report.priorities, report.priorities) or 'none named'}</p>")


def _headline(report: Report) -> str:
    cards = [report.outputs.network_coverage, report.outputs.waiting_mentees, report.outputs.days_to_match_median,
             report.outputs.meetings_vs_cadence, report.activities.meetings_logged, report.goals.goals_done,
             report.load.over_capacity, report.pulse.would_continue_mentors]
    body = "".join(f"<div class=\"card\"><b>{escape(shown_indicator(i))}</b><span>{escape(i.label)}</span></div>"
                   for i in cards)
    return f"<h2>At a glance</h2><div class=\"cards\">{body}</div>"


def _indicator_rows(items: Iterable[Indicator], priorities: Sequence[str]) -> list[list[str]]:
    return [[escape(i.label), _tags(i.priorities, priorities), escape(shown_indicator(i)),
             NO_VALUE if i.n is None else f"{i.n:,}"] for i in items]


def _logic_model(report: Report) -> str:
    p = report.priorities
    heads = ("Indicator", "Informs", "Value", "Based on")
    capacity = _table(("Kind", "Mentors offering", "Places", "Taken", "Free"),
                      [[escape(KINDS[k.kind]), str(k.mentors_offering), str(k.places), str(k.taken), str(k.free)]
                       for k in report.inputs.capacity_by_kind])
    coverage = _table(("Kind", "Mentees wanting it", "With a mentor of that kind", "Share"),
                      [[escape(KINDS[k.kind]), str(k.wanting), str(k.covered), shown(k.share, "percent")]
                       for k in report.outputs.coverage_by_kind])
    endings = ", ".join(f"{reason.replace('_', ' ')}: {count}" for reason, count in report.outputs.endings.items())
    surveys = _table(("Survey", "Kind", "Rounds", "Asked", "Responded", "Rate"),
                     [[escape(s.title), escape(s.kind), str(s.rounds), str(s.asked), str(s.responded),
                       shown(s.rate, "percent")] for s in report.outputs.responses_by_survey])
    return ("<h2>Logic model</h2>"
            f"<h3>Inputs</h3>{_table(heads, _indicator_rows(report.inputs.indicators(), p), 2)}{capacity}"
            f"<h3>Activities</h3>{_table(heads, _indicator_rows(report.activities.indicators(), p), 2)}"
            f"<h3>Outputs</h3>{_table(heads, _indicator_rows(report.outputs.indicators(), p), 2)}{coverage}"
            f"<p class=\"muted\">Matches ended in the period: {escape(endings) or 'none'}.</p>{surveys}"
            f"<h3>Outcomes</h3>{_table(heads, _indicator_rows(report.goals.indicators() + report.pulse.indicators(), p), 2)}"
            f"{_goals(report)}{_pulse(report)}")


def _goals(report: Report) -> str:
    status = ", ".join(f"{name.replace('_', ' ')}: {count}" for name, count in report.goals.status_at_end.items())
    rows = [[_tags([g.priority], report.priorities), str(g.set_in_period), str(g.on_track), str(g.done)]
            for g in report.goals.by_priority]
    return (f"<p class=\"muted\">Goals at the end, by status: {escape(status)}.</p>"
            + _table(("Program priority", "Set in the period", "On track at the end", "Done at the end"), rows))


def _pulse(report: Report) -> str:
    index = _table(("Survey", "Round", "Opened", "Perspective", "Index (0-100)", "Responses"),
                   [[escape(p.survey_title), str(p.round_number), f"{p.opens_at:%-d %b %Y}", p.perspective,
                     _hidden_or(shown(p.value, "count"), p.value is None), str(p.n)] for p in report.pulse.index], 4)
    items = _table(("Survey · round", "Question", "Priority", "Mean", "Score (0-100)", "Answers"),
                   [[f"{escape(i.survey_title)} · {i.round_number}", escape(i.question_text), escape(i.priority or ""),
                     _hidden_or(shown(i.mean, "ratio"), i.mean is None), _hidden_or(shown(i.favourable, "count"),
                                                                                     i.favourable is None), str(i.n)]
                    for i in report.pulse.items], 3)
    return f"<h3>Pulse surveys</h3>{index}<details open><summary>Every question</summary>{items}</details>"


def _hidden_or(text: str, hidden: bool) -> str:
    return "<span class=\"hidden\">hidden</span>" if hidden else escape(text)


def _equity(report: Report) -> str:
    parts = ["<h2>Equity of access</h2><p class=\"muted\">Per group of mentees enrolled at the end. <span class=\"hidden\">"
             f"hidden</span>: fewer than {report.minimum_group} people, or hidden so that a smaller group cannot be "
             "worked out from the total.</p>"]
    units = {"network_coverage": "percent", "days_to_match_median": "days", "meetings_vs_cadence": "ratio",
             "rematch_rate": "percent", "goals_moving": "percent"}
    for breakdown in report.equity:
        rows = [[escape(row.group), _hidden_or(str(row.mentees), row.mentees is None)]
                + [_hidden_or(shown(row.values.get(key), units[key]), key in row.hidden) for key in EQUITY_COLUMNS]
                for row in breakdown.rows]
        parts.append(f"<h3>By {escape(breakdown.dimension.lower())}</h3>"
                     + _table(("Group", "Mentees", *EQUITY_COLUMNS.values()), rows))
    for group in report.pulse.by_group:
        rows = [[escape(name), _hidden_or(str(n), n is None), _hidden_or(shown(value, "count"), value is None)]
                for name, value, n in group.rows]
        parts.append(f"<h3>{escape(group.survey_title)}, latest round, by {escape(group.dimension.lower())}</h3>"
                     + _table(("Group", "Responses", "Index (0-100)"), rows))
    return "".join(parts)


def _load(report: Report) -> str:
    rows = [[str(k), str(count)] for k, count in report.load.distribution.items()]
    return ("<h2>Mentor load</h2>" + _table(("Indicator", "Informs", "Value", "Based on"),
                                            _indicator_rows(report.load.indicators(), report.priorities), 2)
            + _table(("Active matches", "Mentors"), rows))


def _warnings(report: Report, identified: bool) -> str:
    counts = {kind: sum(1 for w in report.warnings if w.kind == kind) for kind in WARNING_KINDS}
    summary = " · ".join(f"{label}: {counts[kind]}" for kind, label in WARNING_KINDS.items())
    if not identified:
        return f"<h2>Early warnings</h2><p>{escape(summary)}</p><p class=\"muted\">Names are in the coordinators' copy.</p>"
    rows = [[escape(WARNING_KINDS[w.kind]), escape(w.subject), escape(w.detail)] for w in report.warnings]
    note = f"Unmet requests: open for more than {report.unmet_after_days} days."
    return (f"<h2 class=\"warn\">Early warnings</h2><p>{escape(summary)}</p><p class=\"muted\">{note}</p>"
            + _table(("Warning", "Who or what", "Detail"), rows, numeric_from=99))


def _changes(report: Report) -> str:
    if not report.changes:
        return "<h2>Program changes</h2><p>No program changes in this period.</p>"
    rows = [[str(n), f"{c.at.astimezone(zone(report.period.timezone)):%-d %b %Y}", escape(c.category), escape(c.label)]
            for n, c in enumerate(report.changes, start=1)]
    return ("<h2>Program changes</h2><p class=\"muted\">Marked as dashed lines on the trend charts (numbered when there "
            "are many).</p>" + _table(("#", "Date", "What", "Change"), rows, numeric_from=99))


def _charts(charts: Sequence[Chart]) -> str:
    figures = "".join(
        f"<figure id=\"chart-{escape(c.key)}\"><img src=\"data:image/png;base64,{base64.b64encode(c.png).decode()}\" "
        f"alt=\"{escape(c.alt)}\"><figcaption>{escape(c.title)}: {escape(c.alt)}</figcaption></figure>" for c in charts)
    return f"<h2>Charts</h2>{figures}"


def _appendix(report: Report) -> str:
    groups = "".join(
        f"<h3>{escape(group.title)}</h3><p class=\"muted\">Computed by <code>{escape(group.source)}</code>.</p><dl>"
        + "".join(f"<dt>{escape(key)}</dt><dd>{escape(text)}</dd>" for key, text in group.definitions) + "</dl>"
        for group in indicator_definitions())
    preamble = inspect.getdoc(indicators_module) or ""
    return (f"<h2>Appendix: indicator definitions</h2><p>{escape(' '.join(preamble.split()))}</p>"
            f"<p>The numbers are reproducible: the same database and period give the same report. Minimum group size "
            f"in force: {report.minimum_group}.</p>{groups}")
