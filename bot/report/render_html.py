"""The report as one self-contained HTML file: inline CSS (screen and print), PNG charts embedded as base64,
no scripts and nothing fetched, so it opens anywhere, can be mailed, and prints cleanly.

Rendered by jinja2 with autoescape (templates/report.html.j2): names, survey titles and question texts are
escaped by default, so a value someone typed cannot become markup in the coordinators' file.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from bot.i18n import N_, _, format_date, format_datetime, format_number, gettext, ngettext, speaking
from bot.report.charts import Chart
from bot.report.definitions import definitions_preamble, indicator_definitions
from bot.report.format import NO_VALUE, kind_label, shown, shown_indicator
from bot.report.indicators import Indicator
from bot.report.institution import EQUITY_COLUMNS
from bot.report.perspectives import perspectives, pulse_sentence
from bot.report.service import Report
from bot.report.warnings import WARNING_KINDS
from bot.timing import zone

if TYPE_CHECKING:
    from jinja2 import Environment

CSS = """/* # not text: the style sheet */
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


@dataclass(frozen=True)
class Hidden:
    """A suppressed cell: the template shows the word "hidden", styled."""


@dataclass(frozen=True)
class Tags:
    items: tuple[tuple[str, bool], ...]  # (tag, is a program priority)


HIDDEN = Hidden()
INDICATOR_HEADS = (N_("Indicator"), N_("Informs"), N_("Value"), N_("Based on"))  # translated where shown
UNITS = {"network_coverage": "percent", "days_to_match_median": "days", "meetings_vs_cadence": "ratio",
         "rematch_rate": "percent", "goals_moving": "percent"}
Cell = str | Hidden | Tags


@cache
def _templates() -> Environment:
    """Built on the first report (jinja2 is imported then, not when the app starts)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    templates = Environment(loader=PackageLoader("bot.report", "templates"), autoescape=True, undefined=StrictUndefined,
                            extensions=["jinja2.ext.i18n"])
    # "newstyle": `_()` gives Markup (the catalog is trusted), and its .format() escapes what fills it (names,
    # survey titles); a literal % in the template's text is written %%
    templates.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    templates.tests["hidden"] = lambda value: isinstance(value, Hidden)
    templates.tests["tags"] = lambda value: isinstance(value, Tags)
    return templates


def render_html(report: Report, charts: Sequence[Chart], identified: bool) -> str:
    """The report through a jinja2 template with autoescape on: every value is escaped unless marked safe. In the
    language of the coordinator who asked (report.language)."""
    with speaking(report.language):
        return _render(report, charts, identified)


def _render(report: Report, charts: Sequence[Chart], identified: bool) -> str:
    local = report.generated_at.astimezone(zone(report.period.timezone))
    p = report.priorities
    return _templates().get_template("report.html.j2").render(
        report=report, language=report.language, css=Markup(CSS),
        generated=format_datetime(local, "d MMMM y HH:mm"), priorities=_tags(p, p),
        audience=(_("Identified: for program coordinators only.") if identified
                  else _("De-identified: no names; shareable with the institution.")),
        minimum_sentence=ngettext("Groups smaller than {n} person are never shown.",
                                  "Groups smaller than {n} people are never shown.",
                                  report.minimum_group).format(n=report.minimum_group),
        unmet_sentence=ngettext("Unmet requests: open for more than {n} day.",
                                "Unmet requests: open for more than {n} days.",
                                report.unmet_after_days).format(n=report.unmet_after_days),
        cards=[(shown_indicator(i), i.label) for i in _headline_cards(report)],
        indicator_heads=[_(head) for head in INDICATOR_HEADS],
        logic=[(_("Inputs"), _indicator_rows(report.inputs.indicators(), p), "capacity"),
               (_("Activities"), _indicator_rows(report.activities.indicators() + report.scheduling.indicators()
                                              + report.formats.indicators() + report.circles.indicators(), p), ""),
               (_("Outputs"), _indicator_rows(report.outputs.indicators(), p), "outputs"),
               (_("Outcomes"), _indicator_rows(report.goals.indicators() + report.pulse.indicators()
                                                 + report.agreements.indicators()
                                            + report.meeting_ratings.indicators() + report.competency.indicators(), p),
                "outcomes")],
        perspectives=_perspectives(report, p), **_logic_tables(report), equity=_equity(report),
        load=_indicator_rows(report.load.indicators(), p),
        load_distribution=[[str(k), str(count)] for k, count in report.load.distribution.items()],
        **_warnings(report, identified), changes=_changes(report),
        charts=[{"key": c.key, "alt": c.alt, "title": c.title, "png_base64": base64.b64encode(c.png).decode()}
                for c in charts],
        preamble=definitions_preamble(), definitions=indicator_definitions())


def _tags(tags: Iterable[str], priorities: Sequence[str]) -> Tags:
    return Tags(tuple((tag, tag in priorities) for tag in tags))


def _hidden_or(text: str, hidden: bool) -> Cell:
    return HIDDEN if hidden else text


def _headline_cards(report: Report) -> list[Indicator]:
    return [report.outputs.network_coverage, report.outputs.waiting_mentees, report.outputs.days_to_match_median,
            report.outputs.meetings_vs_cadence, report.activities.meetings_logged, report.goals.goals_done,
            report.load.over_capacity, report.pulse.would_continue_mentors]


def _indicator_rows(items: Iterable[Indicator], priorities: Sequence[str]) -> list[list[Cell]]:
    return [[i.label, _tags(i.priorities, priorities), shown_indicator(i), NO_VALUE if i.n is None else format_number(i.n)]
            for i in items]


def _logic_tables(report: Report) -> dict[str, object]:
    return {
        "capacity": [[kind_label(k.kind), str(k.mentors_offering), str(k.places), str(k.taken), str(k.free)]
                     for k in report.inputs.capacity_by_kind],
        "coverage": [[kind_label(k.kind), str(k.wanting), str(k.covered), shown(k.share, "percent")]
                     for k in report.outputs.coverage_by_kind],
        "endings": ", ".join(_("{what}: {count}").format(what=reason.replace("_", " "), count=count)
                             for reason, count in report.outputs.endings.items()),
        "surveys": [[s.title, s.kind, str(s.rounds), str(s.asked), str(s.responded), shown(s.rate, "percent")]
                    for s in report.outputs.responses_by_survey],
        "goal_status": ", ".join(_("{what}: {count}").format(what=name.replace("_", " "), count=count)
                                 for name, count in report.goals.status_at_end.items()),
        "goals": [[_tags([g.priority], report.priorities), str(g.set_in_period), str(g.on_track), str(g.done)]
                  for g in report.goals.by_priority],
        "pulse_index": [[p.survey_title, str(p.round_number), format_date(p.opens_at, "medium"), p.perspective,
                         _hidden_or(shown(p.value, "count"), p.value is None), str(p.n)] for p in report.pulse.index],
        "pulse_items": [[f"{i.survey_title} · {i.round_number}", i.question_text, i.priority or "",
                         _hidden_or(shown(i.mean, "ratio"), i.mean is None),
                         _hidden_or(shown(i.favourable, "count"), i.favourable is None), str(i.n)]
                        for i in report.pulse.items],
    }


def _perspectives(report: Report, priorities: Sequence[str]) -> list[dict[str, object]]:
    return [{"key": view.key, "title": view.title, "question": view.question,
             "rows": _indicator_rows(view.indicators, priorities), "pulse": pulse_sentence(view.latest_pulse)}
            for view in perspectives(report)]


def _equity(report: Report) -> list[tuple[str, tuple[str, ...], list[list[Cell]]]]:
    tables = []
    for breakdown in report.equity:
        rows = [[row.group, _hidden_or(str(row.mentees), row.mentees is None)]
                + [_hidden_or(shown(row.values.get(key), UNITS[key]), key in row.hidden) for key in EQUITY_COLUMNS]
                for row in breakdown.rows]
        tables.append((_("By {dimension}").format(dimension=breakdown.dimension.lower()),
                       (_("Group"), _("Mentees"), *(_(heading) for heading in EQUITY_COLUMNS.values())), rows))
    for group in report.pulse.by_group:
        rows = [[name, _hidden_or(str(n), n is None), _hidden_or(shown(value, "count"), value is None)]
                for name, value, n in group.rows]
        tables.append((_("{survey}, latest round, by {dimension}").format(survey=group.survey_title,
                                                                             dimension=group.dimension.lower()),
                       (_("Group"), _("Responses"), _("Index (0-100)")), rows))
    return tables


def _warnings(report: Report, identified: bool) -> dict[str, object]:
    counts = {kind: sum(1 for w in report.warnings if w.kind == kind) for kind in WARNING_KINDS}
    summary = " · ".join(_("{what}: {count}").format(what=label, count=counts[kind])
                         for kind, label in WARNING_KINDS.items())
    rows = [[str(WARNING_KINDS[w.kind]), w.subject, w.detail] for w in report.warnings] if identified else None
    return {"warning_summary": summary, "warnings": rows}


def _changes(report: Report) -> list[list[Cell]]:
    return [[str(n), format_date(c.at.astimezone(zone(report.period.timezone)), "medium"), c.category, c.label]
            for n, c in enumerate(report.changes, start=1)]
