"""The language of the message being rendered: one context variable, set around each render.

A contextvar, not a thread-local: the outbox sender, the scheduler's jobs and Bolt's listener threads each render in
their own context, and a language set for one recipient never leaks into the next message.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from bot.i18n.catalogs import LANGUAGES, SOURCE_LANGUAGE

_language: ContextVar[str] = ContextVar("mentorbot_language", default=SOURCE_LANGUAGE)


def current_language() -> str:
    return _language.get()


def enter_language(language: str | None) -> str:
    """For the rest of this context: what Bolt's middleware does for a request (its `next()` returns before the
    listener runs, so a `with` would end too early); the listener's thread copies the context (context_executor)."""
    chosen = language if language in LANGUAGES else SOURCE_LANGUAGE
    _language.set(chosen)
    return chosen


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Render in `language` inside the block (an unknown or empty one falls back to English)."""
    chosen = language if language in LANGUAGES else SOURCE_LANGUAGE
    token = _language.set(chosen)
    try:
        yield chosen
    finally:
        _language.reset(token)
