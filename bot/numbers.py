"""Whole numbers typed by people (cadence, capacity, settings, roster cells): one parser, ASCII digits only.

`str.isdigit()` accepts "²" and "١", which `int()` then refuses (or reads as a different number than
the person saw); so only 0-9 count, and a refusal repeats what was typed.
"""

from __future__ import annotations

import re

ASCII_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
SHOWN_CHARACTERS = 20


class NotANumber(ValueError):
    """The text is not a whole number in range; the message names the field and what was typed."""


def parse_count(text: str, *, what: str, low: int | None = None, high: int | None = None) -> int:
    cleaned = text.strip()
    if not ASCII_WHOLE_NUMBER.fullmatch(cleaned):
        raise NotANumber(f"{what} must be a whole number{_range(low, high)}, written with the digits 0-9; "
                         f"got {_shown(cleaned)}.")
    number = int(cleaned)
    if (low is not None and number < low) or (high is not None and number > high):
        raise NotANumber(f"{what} must be a whole number{_range(low, high)}; got {number}.")
    return number


def _shown(text: str) -> str:
    if not text:
        return "nothing"
    clipped = text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"
    return f"“{clipped}”"


def _range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is None and high is None:
        return ""
    return f" of at least {low}" if low is not None else f" of at most {high}"
