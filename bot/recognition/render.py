"""The mentor's record and the annual recognition list as print-ready HTML pages: jinja2 with autoescape, inline
CSS with a print stylesheet, no scripts and nothing fetched, so "Save as PDF" in any browser gives a clean page."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from datetime import date

from bot.recognition.annual import RecognitionRow
from bot.recognition.record import MentorRecord

if TYPE_CHECKING:
    from jinja2 import Environment


@cache
def _templates() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("bot.recognition", "templates"), autoescape=True,
                       undefined=StrictUndefined)


def render_record(record: MentorRecord) -> str:
    """Every value is escaped: a name someone typed in Slack cannot become markup in the statement."""
    return _templates().get_template("record.html.j2").render(record=record)


def render_recognition(rows: list[RecognitionRow], year: int, generated_on: date) -> str:
    """The recognition list beside its CSV, for a recognition office that prints it; names typed in Slack escaped."""
    return _templates().get_template("recognition.html.j2").render(rows=rows, year=year,
                                                                   generated_on=f"{generated_on:%B %-d, %Y}")
