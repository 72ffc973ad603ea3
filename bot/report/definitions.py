"""Indicator definitions, read from the docstrings of the functions that compute them (one source of truth)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class DefinitionGroup:
    title: str  # e.g. "Inputs: the people and the mentoring places the program has, at the end."
    source: str  # the function that computes it, e.g. "bot.report.institution.inputs"
    definitions: tuple[tuple[str, str], ...]  # (indicator key, definition)


def definition_group(function: Callable[..., Any]) -> DefinitionGroup:
    """Parse a docstring: the first line is the group's title, then one `key: definition` line per indicator."""
    lines = inspect.getdoc(function).splitlines()  # type: ignore[union-attr]
    entries = []
    for line in lines[1:]:
        key, colon, text = line.partition(": ")
        if colon and key.strip():
            entries.append((key.strip(), text.strip()))
    return DefinitionGroup(lines[0], f"{function.__module__}.{function.__name__}", tuple(entries))


def indicator_definitions() -> list[DefinitionGroup]:
    return [definition_group(function) for function in DEFINED_BY]


def definitions_by_key() -> dict[str, str]:
    return {key: text for group in indicator_definitions() for key, text in group.definitions}
