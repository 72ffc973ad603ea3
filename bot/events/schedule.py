"""The rotation of a speed-mentoring event: who sits with whom in each round.

Rules: a mentor hosts at most `seats` mentees a round, a mentee sits at one table a round, no pair meets twice,
excluded pairs (conflicts of interest, earlier matches that ended: matching's pool) never meet, as many mentees as
possible are seated every round, and among those schedules the total fit (matching's score) is the largest.

Because a pair's fit does not depend on the round, the problem splits in two, both exact:
1. Which pairs meet: a bipartite b-matching (each mentee meets at most R mentors, each mentor at most seats x R
   mentees, each pair at most once). Its constraint matrix is an incidence matrix of a bipartite graph, totally
   unimodular, so the LP vertex HiGHS returns is integral and optimal. Each seating is worth more than any
   schedule's whole fit, so the optimum seats the most and, among those, has the largest total fit; the LP
   optimum is a proven bound, and the schedule reaches it.
2. Which round each pair meets in: split each mentor into `seats` hosts of degree at most R; a bipartite graph of
   maximum degree R has a proper R-edge-colouring (König), found with alternating paths; colours are rounds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array

Pair = tuple[int, int]  # (mentee id, mentor id)


@dataclass(frozen=True)
class Rotation:
    rounds: tuple[tuple[Pair, ...], ...]  # rounds[r]: the pairs meeting in round r + 1
    total_fit: float
    bound: float  # the LP optimum for this seating: the schedule is optimal when total_fit reaches it
    unseated: dict[int, int]  # mentee id -> rounds without a table

    def schedule_of(self, person_id: int) -> list[int | None]:
        """Round by round, whom this person meets (None: a break)."""
        found: list[int | None] = []
        for pairs in self.rounds:
            partner = [mentor for mentee, mentor in pairs if mentee == person_id]
            partner += [mentee for mentee, mentor in pairs if mentor == person_id]
            found.append(partner[0] if partner else None)
        return found


def seats_per_mentor(mentees: int, mentors: int) -> int:
    """Enough seats at each table for every mentee to sit each round (at least one)."""
    return max(1, -(-mentees // max(1, mentors)))


def plan_rotation(mentees: list[int], mentors: list[int], fits: Mapping[Pair, float], rounds: int,
                  seats: int | None = None) -> Rotation:
    """`fits` holds every pair that may meet (an excluded pair is absent) and its fit."""
    seats = seats or seats_per_mentor(len(mentees), len(mentors))
    pairs = sorted(pair for pair in fits if pair[0] in set(mentees) and pair[1] in set(mentors))
    if not pairs or rounds < 1:
        return Rotation(tuple(() for _ in range(max(0, rounds))), 0.0, 0.0, {m: rounds for m in mentees})
    chosen, bound = _choose_pairs(mentees, mentors, pairs, fits, rounds, seats)
    schedule = _colour_rounds(chosen, rounds, seats)
    seated: dict[int, int] = defaultdict(int)
    for mentee, _ in chosen:
        seated[mentee] += 1
    total = round(sum(fits[pair] for pair in chosen), 6)
    return Rotation(schedule, total, round(bound, 6), {m: rounds - seated[m] for m in mentees if seated[m] < rounds})


def _choose_pairs(mentees: list[int], mentors: list[int], pairs: list[Pair], fits: Mapping[Pair, float],
                  rounds: int, seats: int) -> tuple[list[Pair], float]:
    mentee_row = {m: i for i, m in enumerate(sorted(mentees))}
    mentor_row = {m: len(mentee_row) + i for i, m in enumerate(sorted(mentors))}
    columns = np.arange(len(pairs))
    rows = np.concatenate([[mentee_row[a] for a, _ in pairs], [mentor_row[b] for _, b in pairs]])
    matrix = csr_array((np.ones(2 * len(pairs)), (rows, np.concatenate([columns, columns]))),
                       shape=(len(mentee_row) + len(mentor_row), len(pairs)))
    limits = np.array([rounds] * len(mentee_row) + [rounds * seats] * len(mentor_row), dtype=float)
    # Seating first: each seat is worth more than all the fit any schedule can hold (at most one per seating),
    # so the optimum seats the most mentees and, among those schedules, has the largest fit.
    seat_value = float(len(mentee_row) * rounds + 1)
    scores = np.array([fits[pair] for pair in pairs])
    values, optimum = _solve(scores + seat_value, matrix, limits)
    chosen = [pair for pair, value in zip(pairs, values) if value > 0.5]
    return chosen, optimum - seat_value * len(chosen)  # the relaxation's fit: no schedule with this seating beats it


def _solve(scores: np.ndarray, matrix: csr_array, limits: np.ndarray) -> tuple[np.ndarray, float]:
    """An optimal vertex of the LP relaxation (integral here) and the relaxation's optimum."""
    result = linprog(-scores, A_ub=matrix, b_ub=limits, bounds=(0, 1), method="highs-ds")
    if result.status != 0:
        raise RuntimeError(f"HiGHS could not solve the rotation: {result.message}")  # not text: a programming error
    values = np.asarray(result.x)
    if np.any(np.abs(values - values.round()) > 1e-6):  # cannot happen for a totally unimodular matrix
        raise RuntimeError("the rotation LP returned a fractional vertex")  # not text: a programming error
    return values.round(), float(-result.fun)


def _colour_rounds(chosen: list[Pair], rounds: int, seats: int) -> tuple[tuple[Pair, ...], ...]:
    """A proper edge colouring with `rounds` colours of mentees x (mentor, host) where each host has degree <= R."""
    host_of: dict[Pair, tuple[int, int]] = {}
    hosted: dict[int, int] = defaultdict(int)
    for mentee, mentor in sorted(chosen, key=lambda pair: (pair[1], pair[0])):
        host_of[(mentee, mentor)] = (mentor, hosted[mentor] % seats)
        hosted[mentor] += 1
    # colour_at[node][colour] = the other end of the edge with that colour
    left: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    right: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for (mentee, mentor), host in sorted(host_of.items()):
        a = next(c for c in range(rounds) if c not in left[mentee])
        b = next(c for c in range(rounds) if c not in right[host])
        if a not in right[host]:
            _paint(left, right, mentee, host, a)
            continue
        _flip_path(left, right, host, a, b)  # an a/b path from host never reaches mentee (bipartite parity)
        _paint(left, right, mentee, host, a)
    schedule: list[list[Pair]] = [[] for _ in range(rounds)]
    for mentee, colours in left.items():
        for colour, (mentor, _) in colours.items():
            schedule[colour].append((mentee, mentor))
    return tuple(tuple(sorted(pairs)) for pairs in schedule)


def _paint(left: dict, right: dict, mentee: int, host: tuple[int, int], colour: int) -> None:
    left[mentee][colour] = host
    right[host][colour] = mentee


def _flip_path(left: dict, right: dict, host: tuple[int, int], a: int, b: int) -> None:
    """Swap colours a and b along the path from `host` that starts with its a-edge (host has no b-edge)."""
    path: list[tuple[int, tuple[int, int], int]] = []  # (mentee, host, colour)
    node: object = host
    colour, on_right = a, True
    while True:
        side = right if on_right else left
        if colour not in side[node]:
            break
        other = side[node][colour]
        path.append((other, node, colour) if on_right else (node, other, colour))  # type: ignore[arg-type]
        node, on_right, colour = other, not on_right, (b if colour == a else a)
    for mentee, host_node, c in path:
        del left[mentee][c]
        del right[host_node][c]
    for mentee, host_node, c in path:
        _paint(left, right, mentee, host_node, b if c == a else a)
