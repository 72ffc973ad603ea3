"""The matching problem's plain data: requests, candidate edges, capacities and the result.

Kept apart from the optimizer so that code which only describes a problem does not import scipy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

NO_CANDIDATE = "no_candidate"
ALL_AT_CAPACITY = "all_at_capacity"


@dataclass(frozen=True)
class Request:
    request_id: int
    mentee_id: int
    kind: str


@dataclass(frozen=True)
class Candidate:
    request_id: int
    mentor_id: int
    score: float


@dataclass(frozen=True)
class MentorCapacity:
    """Free slots of a mentor; a kind missing from per_kind is limited only by total."""

    mentor_id: int
    total: int
    per_kind: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Assignment:
    request_id: int
    mentor_id: int
    score: float


@dataclass(frozen=True)
class UnfilledRequest:
    request_id: int
    reason: str


@dataclass(frozen=True)
class MatchResult:
    assignments: tuple[Assignment, ...]
    unfilled: tuple[UnfilledRequest, ...]
    total_score: float
