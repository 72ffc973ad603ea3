"""Forming peer circles for a theme: groups of 4-8 that share interests, mix stages and programs evenly, and never
put two people with a declared conflict of interest together.

Objective: the sum over every pair in the same circle of an affinity
    interest * shared interests / min(3, fewer interests of the two)  -  stage * same stage  -  program * same program
(a conflict of interest is a large negative affinity). Penalising same-stage and same-program pairs spreads stages
and programs across circles as evenly as the sizes allow (the number of same-kind pairs is smallest when each
circle mirrors the pool).

Algorithm: deal people round-robin by (stage, program) into the circles (already balanced), then local search:
the best improving swap of two people until none improves (sizes stay as dealt: as even as possible); the pair sums each
person has with each circle are kept as a matrix, so a person's every swap is priced in one vector operation.
A few seeded restarts keep the best. Deterministic for a given input.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

CONFLICT = -1000.0
WEIGHTS = {"interest": 1.0, "stage": 0.3, "program": 0.3}


@dataclass(frozen=True)
class Member:
    person_id: int
    stage: str
    program: str
    interests: frozenset[str]


@dataclass(frozen=True)
class Formation:
    circles: tuple[tuple[int, ...], ...]  # person ids, each circle sorted
    score: float
    unplaced: tuple[int, ...]  # they wait for the next formation: too few for a circle, or more than the sizes hold


def circle_count(people: int, size_min: int, size_max: int) -> int:
    """As many circles as brings sizes nearest the middle of the range, within it. When no split of everyone fits
    the range (9 people, circles of 6-8), as many circles as the minimum size allows; the rest wait."""
    fewest, most = math.ceil(people / size_max), people // size_min
    if fewest > most:
        return most
    target = (size_min + size_max) / 2
    return max(fewest, min(most, round(people / target)))


def affinity(members: list[Member], conflicts: Iterable[tuple[int, int]]) -> np.ndarray:
    index = {m.person_id: i for i, m in enumerate(members)}
    n = len(members)
    stages = np.array([hash(m.stage) for m in members])
    programs = np.array([hash(m.program) if m.program else i for i, m in enumerate(members)])
    tags = sorted({tag for m in members for tag in m.interests})
    tag_index = {tag: k for k, tag in enumerate(tags)}
    has = np.zeros((n, max(1, len(tags))))
    for i, m in enumerate(members):
        for tag in m.interests:
            has[i, tag_index[tag]] = 1.0
    shared = has @ has.T
    counts = has.sum(axis=1)
    denominator = np.maximum(1.0, np.minimum(3.0, np.minimum.outer(counts, counts)))
    matrix = (WEIGHTS["interest"] * np.minimum(1.0, shared / denominator)
              - WEIGHTS["stage"] * (stages[:, None] == stages[None, :])
              - WEIGHTS["program"] * (programs[:, None] == programs[None, :]))
    for a, b in conflicts:
        if a in index and b in index:
            matrix[index[a], index[b]] = matrix[index[b], index[a]] = CONFLICT
    np.fill_diagonal(matrix, 0.0)
    return matrix


def form_circles(members: list[Member], size_min: int, size_max: int,
                 conflicts: Iterable[tuple[int, int]] = (), restarts: int = 4) -> Formation:
    """Circles for `members`, in the order they joined: when the sizes cannot hold everyone, the last to join wait."""
    groups = circle_count(len(members), size_min, size_max)
    seats = min(len(members), groups * size_max)
    waiting = tuple(sorted(m.person_id for m in members[seats:]))
    members = sorted(members[:seats], key=lambda m: m.person_id)
    if groups == 0:
        return Formation((), 0.0, waiting)
    matrix = affinity(members, conflicts)
    best: tuple[float, np.ndarray] | None = None
    for attempt in range(restarts):
        start = _deal(members, groups, random.Random(attempt))
        assignment = _improve(matrix, start, groups)
        value = _score(matrix, assignment)
        if best is None or value > best[0] + 1e-9:
            best = (value, assignment)
    assert best is not None
    circles = tuple(tuple(sorted(members[i].person_id for i in np.flatnonzero(best[1] == g))) for g in range(groups))
    return Formation(tuple(sorted(circles)), round(best[0], 6), waiting)


def _deal(members: list[Member], groups: int, rng: random.Random) -> np.ndarray:
    """Round-robin by (stage, program): each circle gets its share of each stage and program."""
    order = sorted(range(len(members)), key=lambda i: (members[i].stage, members[i].program, rng.random()))
    assignment = np.empty(len(members), dtype=int)
    offset = rng.randrange(groups)
    for position, i in enumerate(order):
        assignment[i] = (position + offset) % groups
    return assignment


def _score(matrix: np.ndarray, assignment: np.ndarray) -> float:
    same = assignment[:, None] == assignment[None, :]
    return float((matrix * same).sum() / 2)


def _improve(matrix: np.ndarray, assignment: np.ndarray, groups: int) -> np.ndarray:
    """Best improving swaps until none improves (swaps keep the dealt sizes, which differ by at most one)."""
    assignment = assignment.copy()
    n = len(assignment)
    member_of = np.zeros((n, groups))
    member_of[np.arange(n), assignment] = 1.0
    sums = matrix @ member_of  # sums[i, g]: i's affinity with circle g
    for _ in range(50 * n):  # a bound, far above what converging takes
        improved = False
        for i in range(n):
            own = assignment[i]
            # swap i with each j elsewhere: i gains its pairs in j's circle (without j), loses its own circle's
            gain = (sums[i, assignment] - matrix[i] - sums[i, own]
                    + sums[np.arange(n), own] - matrix[:, i] - sums[np.arange(n), assignment])
            gain[assignment == own] = -np.inf
            j = int(np.argmax(gain))
            if gain[j] > 1e-9:
                other = assignment[j]
                _move(matrix, sums, assignment, i, other)
                _move(matrix, sums, assignment, j, own)
                improved = True
        if not improved:
            break
    return assignment


def _move(matrix: np.ndarray, sums: np.ndarray, assignment: np.ndarray, i: int, to: int) -> None:
    source = assignment[i]
    sums[:, source] -= matrix[:, i]
    sums[:, to] += matrix[:, i]
    assignment[i] = to
