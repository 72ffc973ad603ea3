"""Batch matching on each request's best candidates, widened until a bound proves the answer optimal.

The model over every (request, mentor) edge grows with mentees x mentors and HiGHS's time with it
(bench_matching.py: 3,000 x 900 did not finish in 240 s). Each request's best few mentors almost
always contain the optimum, so the model is built over those only (bot/matching/bound.py) and every
edge is then priced with that model's LP duals: a proven upper bound on the optimum over all edges.
Scores are multiples of 10**-SCORE_DECIMALS, so any better assignment would score at least one step
more; a bound below half a step above the answer proves the answer optimal for the full problem.
Otherwise more candidates are kept and the model solved again, up to every edge (exact by itself),
so the result always has the full problem's optimal total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from bot.matching.bound import EdgeChunk, solve_matching_with_bound
from bot.matching.fit import SCORE_DECIMALS
from bot.matching.optimizer import _check_candidates, solve_matching
from bot.matching.types import Candidate, MatchResult, MentorCapacity, Request

FIRST_KEEP = 10  # best candidates per request in the first model (10 proved optimal at 10,000 x 3,000)
WIDEN_BY = 4  # each further model keeps this many times as many


def solve_on_best_candidates(
    requests: Sequence[Request],
    candidates: Sequence[Candidate],
    capacities: Sequence[MentorCapacity],
    *,
    distributed: bool = True,
    keep: int = FIRST_KEEP,
    score_step: float = 10.0 ** -SCORE_DECIMALS,
) -> MatchResult:
    """The full problem's optimal total, found on as few candidates per request as a bound can prove enough."""
    _check_candidates(candidates)  # the same refusals as the every-edge model, whichever edges are kept
    ranked = _ranked_per_request(requests, candidates, capacities)
    every_edge = [candidate for group in ranked for candidate in group]
    chunk = _chunk(every_edge)
    while any(len(group) > keep for group in ranked):
        kept = [candidate for group in ranked for candidate in group[:keep]]
        bounded = solve_matching_with_bound(requests, kept, capacities, [chunk], distributed=distributed)
        if bounded.upper_bound - bounded.result.total_score < score_step / 2:
            return bounded.result
        keep *= WIDEN_BY
    return solve_matching(requests, every_edge, capacities, distributed=distributed)


def _ranked_per_request(
    requests: Sequence[Request], candidates: Sequence[Candidate], capacities: Sequence[MentorCapacity]
) -> list[list[Candidate]]:
    """Each known request's candidates with a known mentor, best first (ties by mentor id, so runs agree)."""
    request_ids = {request.request_id for request in requests}
    mentor_ids = {capacity.mentor_id for capacity in capacities}
    by_request: defaultdict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        if candidate.request_id in request_ids and candidate.mentor_id in mentor_ids:
            by_request[candidate.request_id].append(candidate)
    return [sorted(group, key=lambda c: (-c.score, c.mentor_id)) for _, group in sorted(by_request.items())]


def _chunk(candidates: Sequence[Candidate]) -> EdgeChunk:
    return EdgeChunk(
        np.array([c.request_id for c in candidates], dtype=np.int64),
        np.array([c.mentor_id for c in candidates], dtype=np.int64),
        np.array([c.score for c in candidates], dtype=float),
    )
