"""What matching refuses, in words for the person who asked."""

from __future__ import annotations

from bot.access import Refused


class MatchingError(ValueError):
    """The operation cannot be done; the message says why, kindly."""


class NotYours(Refused, MatchingError):
    """The person is not part of this decision (audited)."""


class AlreadyDecided(MatchingError):
    """Someone (or another click) decided this first; the message says what was decided."""
