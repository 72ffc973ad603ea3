"""What a person enrolled by a workflow is told, as plain data (imports neither bot.notify nor bot.deps)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EnrolledNotice:
    """What the person is told after a workflow enrolled them: what mentorbot now holds and how to change it."""

    roles: tuple[str, ...]
    program: str
    stage: str
    kinds_wanted: tuple[str, ...]
    kinds_offered: tuple[str, ...]
