"""The mentor's record as one print-ready HTML page: jinja2 with autoescape, inline CSS with a print stylesheet,
no scripts and nothing fetched, so "Save as PDF" in any browser gives a clean page for a dossier."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

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
