"""Choices for menus that can grow past Slack's 100 options (interest tags, programs), served as people type."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from storage.engine import SessionFactory
from bot.programs import program_choices
from storage.queries.profiles import interest_tags

SUGGESTION_LIMIT = 100  # Slack shows at most 100 options from an external source

SOURCES: dict[str, Callable[[Session], list[str]]] = {
    "interests": lambda session: interest_tags(session=session),
    "expertise": lambda session: interest_tags(session=session),
    "program": program_choices,
}


def suggest(*, sessions: SessionFactory, field: str, typed: str) -> list[str]:
    """Up to 100 choices of field containing what was typed (any case), those starting with it first."""
    source = SOURCES.get(field)
    if source is None:
        return []
    with sessions() as session:
        choices = source(session)
    return rank(choices, typed)[:SUGGESTION_LIMIT]


def rank(choices: list[str], typed: str) -> list[str]:
    wanted = typed.strip().casefold()
    hits = [choice for choice in choices if wanted in choice.casefold()]
    return sorted(hits, key=lambda choice: (not choice.casefold().startswith(wanted), choice.casefold()))
