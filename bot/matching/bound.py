"""Matching at consortium scale: solve on each request's best candidates, prove how far from optimal.

Every (request, mentor) edge of 10,000 mentees x 3,000 mentors is ~30 million edges, too many
to hold as Python objects or to give HiGHS. So the caller keeps each request's best few
candidates, solve_matching_with_bound solves that pruned model exactly, and then streams ALL
edges (in numpy chunks, never held at once) through the LP dual of the pruned model to get an
upper bound on the optimum of the FULL problem.

Why it is a proof: for any non-negative dual prices y on the groups (request, mentor,
mentor-kind, mentee-mentor pair), weak LP duality gives
    optimum(full) <= sum_g limit_g * y_g + sum_{every edge e} max(0, score_e - sum_{g containing e} y_g),
because x_e <= 1. The pruned model's optimal duals are such prices (groups absent from it are
priced 0). When the pruned edges are all priced out the bound equals the pruned LP value and
the pruned answer is optimal for the full problem; otherwise the gap is printed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.matching.optimizer import (
    _binding_constraints,
    _Problem,
    _build_problem,
    _optimal_edge_mask,
    _result,
    _solve_relaxation,
)
from bot.matching.types import Candidate, MatchResult, MentorCapacity, Request


@dataclass(frozen=True)
class EdgeChunk:
    """Some edges of the full problem as parallel arrays (every edge must appear in exactly one chunk)."""

    request_ids: np.ndarray
    mentor_ids: np.ndarray
    scores: np.ndarray


@dataclass(frozen=True)
class BoundedResult:
    result: MatchResult
    upper_bound: float  # no assignment of the full problem scores more

    @property
    def gap(self) -> float:
        """Proven relative distance from the optimum, 0 when the result is optimal."""
        return max(0.0, self.upper_bound - self.result.total_score) / max(self.upper_bound, 1e-12)


def solve_matching_with_bound(
    requests: Sequence[Request],
    kept: Sequence[Candidate],
    capacities: Sequence[MentorCapacity],
    all_edges: Iterable[EdgeChunk],
    *,
    distributed: bool = True,
) -> BoundedResult:
    """Exact optimum over the kept candidates, and an upper bound over all_edges."""
    problem = _build_problem(requests, kept, capacities, distributed)
    result = _result(problem, np.flatnonzero(_optimal_edge_mask(problem)).tolist())
    prices = _Prices.of(problem, requests, capacities)
    bound = prices.fixed_part + math.fsum(prices.excess(chunk) for chunk in all_edges)
    return BoundedResult(result, max(bound, result.total_score))


@dataclass(frozen=True)
class _Prices:
    """The pruned LP's dual prices, looked up by key so that any edge can be priced."""

    fixed_part: float  # sum of limit * price over all groups
    request_ids: np.ndarray  # sorted
    request_price: np.ndarray
    mentee_of_request: np.ndarray
    kind_of_request: np.ndarray
    mentor_ids: np.ndarray  # sorted
    mentor_price: np.ndarray
    mentor_kind_price: np.ndarray  # [mentor index, kind code]
    pair_codes: np.ndarray  # sorted mentee * (max mentor + 1) + mentor, priced pairs only
    pair_price: np.ndarray

    @classmethod
    def of(cls, problem: _Problem, requests: Sequence[Request], capacities: Sequence[MentorCapacity]) -> _Prices:
        matrix, limits = _binding_constraints(problem)
        group_price = np.zeros(len(problem.limits))
        if matrix.shape[0]:
            relaxation = _solve_relaxation(problem.scores, matrix, limits)
            counts = np.bincount(problem.groups.ravel(), minlength=len(problem.limits))
            group_price[counts > problem.limits] = np.maximum(0.0, -relaxation.ineqlin.marginals)
        fixed_part = float(np.dot(group_price, problem.limits.astype(float)))
        ordered = sorted(requests, key=lambda request: request.request_id)
        kinds = sorted({request.kind for request in requests})
        kind_code = {kind: code for code, kind in enumerate(kinds)}
        request_ids = np.array([request.request_id for request in ordered], dtype=np.int64)
        mentor_ids = np.array(sorted(capacity.mentor_id for capacity in capacities), dtype=np.int64)
        request_price = np.zeros(len(request_ids))
        mentor_price = np.zeros(len(mentor_ids))
        mentor_kind_price = np.zeros((len(mentor_ids), max(len(kinds), 1)))
        request_index = np.searchsorted(request_ids, problem.request_of_edge)
        mentor_index = np.searchsorted(mentor_ids, problem.mentor_of_edge)
        kind_of_request = np.array([kind_code[request.kind] for request in ordered], dtype=np.int64)
        mentee_of_request = np.array([request.mentee_id for request in ordered], dtype=np.int64)
        request_price[request_index] = group_price[problem.groups[:, 0]]
        mentor_price[mentor_index] = group_price[problem.groups[:, 1]]
        mentor_kind_price[mentor_index, kind_of_request[request_index]] = group_price[problem.groups[:, 2]]
        _price_out_zero_limits(capacities, mentor_ids, kind_code, mentor_price, mentor_kind_price)
        pair_price_of_edge = group_price[problem.groups[:, 3]]
        priced = pair_price_of_edge > 0
        codes = _pair_code(mentee_of_request[request_index[priced]], problem.mentor_of_edge[priced], mentor_ids)
        order = np.argsort(codes)
        return cls(
            fixed_part, request_ids, request_price, mentee_of_request, kind_of_request,
            mentor_ids, mentor_price, mentor_kind_price, codes[order], pair_price_of_edge[priced][order],
        )

    def excess(self, chunk: EdgeChunk) -> float:
        """Sum over the chunk's edges of what each scores above the prices of its groups."""
        request_index = np.searchsorted(self.request_ids, chunk.request_ids)
        mentor_index = np.searchsorted(self.mentor_ids, chunk.mentor_ids)
        if not (np.array_equal(self.request_ids[request_index], chunk.request_ids)
                and np.array_equal(self.mentor_ids[mentor_index], chunk.mentor_ids)):
            raise ValueError("edge for an unknown request or mentor")  # not text: a programming error
        price = (
            self.request_price[request_index]
            + self.mentor_price[mentor_index]
            + self.mentor_kind_price[mentor_index, self.kind_of_request[request_index]]
        )
        if len(self.pair_codes):
            codes = _pair_code(self.mentee_of_request[request_index], chunk.mentor_ids, self.mentor_ids)
            position = np.minimum(np.searchsorted(self.pair_codes, codes), len(self.pair_codes) - 1)
            price = price + np.where(self.pair_codes[position] == codes, self.pair_price[position], 0.0)
        return float(np.maximum(0.0, chunk.scores - price).sum())


def _price_out_zero_limits(
    capacities: Sequence[MentorCapacity],
    mentor_ids: np.ndarray,
    kind_code: dict[str, int],
    mentor_price: np.ndarray,
    mentor_kind_price: np.ndarray,
) -> None:
    """An edge into a zero limit can never be chosen: an infinite price keeps it out of the bound."""
    for capacity in capacities:
        index = int(np.searchsorted(mentor_ids, capacity.mentor_id))
        if capacity.total == 0:
            mentor_price[index] = math.inf
        for kind, limit in capacity.per_kind.items():
            if limit == 0 and kind in kind_code:
                mentor_kind_price[index, kind_code[kind]] = math.inf


def _pair_code(mentees: np.ndarray, mentors: np.ndarray, mentor_ids: np.ndarray) -> np.ndarray:
    return mentees.astype(np.int64) * (int(mentor_ids.max(initial=0)) + 1) + mentors.astype(np.int64)
