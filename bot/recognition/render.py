"""The mentor's record and the annual recognition list as print-ready HTML pages: jinja2 with autoescape, inline
CSS with a print stylesheet, no scripts and nothing fetched, so "Save as PDF" in any browser gives a clean page."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from datetime import date

from bot.i18n import current_language, format_date, format_number, gettext, ngettext
from bot.recognition.annual import RecognitionRow
from bot.recognition.record import MentorRecord

if TYPE_CHECKING:
    from jinja2 import Environment


@cache
def _templates() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    templates = Environment(loader=PackageLoader("bot.recognition", "templates"), autoescape=True,
                            undefined=StrictUndefined, extensions=["jinja2.ext.i18n"])
    # "newstyle", as the evaluation report: `_()` gives Markup and its .format() escapes what fills it (names)
    templates.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    templates.filters["number"] = format_number
    return templates


def render_record(record: MentorRecord) -> str:
    """Every value is escaped: a name someone typed in Slack cannot become markup in the statement. In the language
    being rendered (the mentor's, who asked for it)."""
    generated_on = format_date(date.fromisoformat(record.generated_on), "long")
    return _templates().get_template("record.html.j2").render(record=record, language=current_language(),
                                                              generated_on=generated_on)


def render_recognition(rows: list[RecognitionRow], year: int, generated_on: date) -> str:
    """The recognition list beside its CSV, for a recognition office that prints it; names typed in Slack escaped.
    In the language being rendered (the coordinator's, who asked for it)."""
    return _templates().get_template("recognition.html.j2").render(
        rows=rows, year=year, language=current_language(), generated_on=format_date(generated_on, "long"))
