"""Indicator definitions, read from the docstrings of the functions that compute them (one source of truth).

The docstrings are English; `python -m bot.i18n.catalog extract reports` puts each of their lines in the catalog
(`docstring_lines`, with its place in the code), and a report shows them in its reader's language. A changed
docstring line has no translation until the catalog is extracted and translated again (tests/i18n fails meanwhile).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.i18n import _, gettext_extracted
from bot.report.agreements import agreement_outcomes
from bot.report.competency import mentor_competency
from bot.report.meeting_ratings import meeting_ratings
from bot.report.institution import activities, equity, inputs, trends
from bot.report.mentees import goal_outcomes, outputs
from bot.report.mentors import mentor_load
from bot.report.pulse import pulse_outcomes
from bot.report.scheduling import scheduling
from bot.report.formats import formats
from bot.report.circles import circle_outcomes
from bot.report.warnings import early_warnings

DEFINED_BY: tuple[Callable[..., Any], ...] = (inputs, activities, scheduling, formats, circle_outcomes, outputs, goal_outcomes,
                                              pulse_outcomes, agreement_outcomes, meeting_ratings, mentor_competency,
                                              equity, mentor_load, early_warnings, trends)


TITLE_CONTEXT = "indicator group title"  # not text: the catalog context of a group's first docstring line


@dataclass(frozen=True)
class DefinitionGroup:
    title: str  # e.g. "Inputs: the people and the mentoring places the program has, at the end."
    source: str  # the function that computes it, e.g. "bot.report.institution.inputs"
    definitions: tuple[tuple[str, str], ...]  # (indicator key, definition)


@dataclass(frozen=True)
class DocstringLine:
    """One line of a definition docstring as the catalog holds it: the indicator key (or TITLE_CONTEXT) as context."""
    context: str
    text: str
    path: str  # the module's file, from the repository's root
    line: int


def definition_group(function: Callable[..., Any]) -> DefinitionGroup:
    """One group, in the current language (a line not in the catalog yet stays English)."""
    title, entries = _parsed(function)
    return DefinitionGroup(gettext_extracted(TITLE_CONTEXT, title), f"{function.__module__}.{function.__name__}",
                           tuple((key, gettext_extracted(key, text)) for key, text in entries))


def _parsed(function: Callable[..., Any]) -> tuple[str, list[tuple[str, str]]]:
    """Parse a docstring: the first line is the group's title, then one `key: definition` line per indicator."""
    lines = inspect.getdoc(function).splitlines()  # type: ignore[union-attr]
    entries = []
    for line in lines[1:]:
        key, colon, text = line.partition(": ")
        if colon and key.strip():
            entries.append((key.strip(), text.strip()))
    return lines[0], entries


def docstring_lines() -> list[DocstringLine]:
    """Every line the report translates, English, each with the line of code it is written on (for the catalog)."""
    found = []
    for function in DEFINED_BY:
        title, entries = _parsed(function)
        source, first = inspect.getsourcelines(function)
        path = function.__module__.replace(".", "/") + ".py"
        cursor = 0
        for context, text in ((TITLE_CONTEXT, title), *entries):
            while text not in source[cursor]:
                cursor += 1
            found.append(DocstringLine(context, text, path, first + cursor))
    return found


def definitions_preamble() -> str:
    """What the appendix says before the definitions, in the reader's language (the indicators module's docstring
    speaks to developers: which file computes what)."""
    return _("The indicators follow a logic model (inputs, activities, outputs, outcomes), plus equity of access and "
             "mentor load. Each definition below is generated from the code that computes the indicator, so the "
             "published definitions and the code cannot drift apart. \"The end\" means the end of the period, or now "
             "if the period has not ended; \"in the period\" means from its first to its last day, both included, in "
             "the program's timezone.")


def indicator_definitions() -> list[DefinitionGroup]:
    return [definition_group(function) for function in DEFINED_BY]


def definitions_by_key() -> dict[str, str]:
    return {key: text for group in indicator_definitions() for key, text in group.definitions}
