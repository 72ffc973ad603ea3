"""Mentor-to-request matching: exact optimizer plus greedy and brute-force baselines.

The solvers import scipy, which takes a second to load; they are loaded on first use so that
processes which never match (the outbox worker, most requests) start quickly.
"""

from typing import Any

from bot.matching.types import (
    ALL_AT_CAPACITY,
    NO_CANDIDATE,
    Assignment,
    Candidate,
    MatchResult,
    MentorCapacity,
    Request,
    UnfilledRequest,
)

SOLVERS = ("brute_force_matching", "greedy_matching", "solve_matching")

__all__ = [
    "ALL_AT_CAPACITY",
    "NO_CANDIDATE",
    "Assignment",
    "Candidate",
    "MatchResult",
    "MentorCapacity",
    "Request",
    "UnfilledRequest",
    *SOLVERS,
]


def preload_solvers() -> None:
    """Load scipy now (web processes call this at start, so no request pays for it)."""
    from bot.matching import optimizer  # noqa: F401


def __getattr__(name: str) -> Any:
    if name in SOLVERS:
        from bot.matching import optimizer

        return getattr(optimizer, name)
    raise AttributeError(f"module 'bot.matching' has no attribute {name!r}")  # not text: Python's own error
