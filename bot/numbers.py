"""Whole numbers typed by people (cadence, capacity, settings, roster cells): one parser, ASCII digits only.

`str.isdigit()` accepts "²" and "١", which `int()` then refuses (or reads as a different number than
the person saw); so only 0-9 count, and a refusal repeats what was typed.
"""

from __future__ import annotations

import re

from bot.i18n import N_, _

ASCII_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
SHOWN_CHARACTERS = 20


class NotANumber(ValueError):
    """The text is not a whole number in range; the message names the field and what was typed."""


# Whole sentences, one per kind of range (a translation cannot be put together from pieces): (digits, range) -> text.
_REFUSALS = {
    (False, "both"): N_("{what} must be a whole number from {low} to {high}, written with the digits 0-9; got {typed}."),
    (False, "low"): N_("{what} must be a whole number of at least {low}, written with the digits 0-9; got {typed}."),
    (False, "high"): N_("{what} must be a whole number of at most {high}, written with the digits 0-9; got {typed}."),
    (False, "none"): N_("{what} must be a whole number, written with the digits 0-9; got {typed}."),
    (True, "both"): N_("{what} must be a whole number from {low} to {high}; got {typed}."),
    (True, "low"): N_("{what} must be a whole number of at least {low}; got {typed}."),
    (True, "high"): N_("{what} must be a whole number of at most {high}; got {typed}."),
}


def parse_count(text: str, *, what: str, low: int | None = None, high: int | None = None) -> int:
    """`what` names the field in the reader's language (the caller translates it)."""
    cleaned = text.strip()
    if not ASCII_WHOLE_NUMBER.fullmatch(cleaned):
        raise NotANumber(_refusal(False, what, low, high, _shown(cleaned)))
    number = int(cleaned)
    if (low is not None and number < low) or (high is not None and number > high):
        raise NotANumber(_refusal(True, what, low, high, str(number)))
    return number


def _refusal(digits: bool, what: str, low: int | None, high: int | None, typed: str) -> str:
    bounds = "both" if low is not None and high is not None else "low" if low is not None else \
        "high" if high is not None else "none"
    return _(_REFUSALS[digits, bounds]).format(what=what, low=low, high=high, typed=typed)


def _shown(text: str) -> str:
    if not text:
        return _("nothing")
    clipped = text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"
    return f"“{clipped}”"
