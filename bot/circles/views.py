"""What circle messages show: light on purpose, so the outbox notifier never pulls in the formation's numpy."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CircleView:
    circle_id: int
    theme: str
    cadence_days: int
    members: tuple[tuple[str, str], ...]  # (slack id, name), facilitator first when there is one
    facilitator: str | None  # slack id
    shared_interests: tuple[str, ...]
