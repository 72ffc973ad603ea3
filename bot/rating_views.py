"""What the mentee's meeting rating message shows, as plain data (imports neither bot.notify nor bot.deps)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RatingView:
    rating_id: int
    mentor_name: str
    met_on: date
    rating: str | None
