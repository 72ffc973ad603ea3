"""Mentor-to-request matching: exact optimizer plus greedy and brute-force baselines."""

from bot.matching.optimizer import (
    ALL_AT_CAPACITY,
    NO_CANDIDATE,
    Assignment,
    Candidate,
    MatchResult,
    MentorCapacity,
    Request,
    Unfilled,
    brute_force_matching,
    greedy_matching,
    solve_matching,
)

__all__ = [
    "ALL_AT_CAPACITY",
    "NO_CANDIDATE",
    "Assignment",
    "Candidate",
    "MatchResult",
    "MentorCapacity",
    "Request",
    "Unfilled",
    "brute_force_matching",
    "greedy_matching",
    "solve_matching",
]
