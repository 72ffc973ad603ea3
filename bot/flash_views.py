"""What flash-conversation messages show, as plain data (imports neither bot.notify nor bot.deps)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.matching.views import PersonRef


@dataclass(frozen=True)
class FlashView:
    conversation_id: int
    topic: str
    mentee: PersonRef
    mentor: PersonRef
    reasons: tuple[str, ...]
    minutes: int = 30
