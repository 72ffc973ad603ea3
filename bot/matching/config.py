"""The matching configuration in force (program settings can override the defaults)."""

from __future__ import annotations

from sqlmodel import Session

from bot.matching.fit import MatchingConfig


def matching_config(*, session: Session) -> MatchingConfig:
    """Today: the documented defaults in bot.matching.fit."""
    return MatchingConfig()
