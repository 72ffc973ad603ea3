"""The pruned solve's upper bound is a proof: never below the full problem's optimum, and tight when nothing is pruned."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.matching import Candidate, solve_matching
from bot.matching.bound import EdgeChunk, solve_matching_with_bound
from tests.matching.test_optimizer import Instance, assert_obeys_rules, instances


def best_per_request(candidates: list[Candidate], keep: int) -> list[Candidate]:
    by_request: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        by_request.setdefault(candidate.request_id, []).append(candidate)
    return [c for group in by_request.values() for c in sorted(group, key=lambda c: -c.score)[:keep]]


def known(instance: Instance) -> list[Candidate]:
    request_ids = {request.request_id for request in instance.requests}
    mentor_ids = {capacity.mentor_id for capacity in instance.capacities}
    return [c for c in instance.candidates if c.request_id in request_ids and c.mentor_id in mentor_ids]


def chunks(candidates: list[Candidate]) -> list[EdgeChunk]:
    """Every edge once, split in two chunks to exercise the streaming."""
    half = len(candidates) // 2
    return [
        EdgeChunk(
            np.array([c.request_id for c in part], dtype=np.int64),
            np.array([c.mentor_id for c in part], dtype=np.int64),
            np.array([c.score for c in part], dtype=float),
        )
        for part in (candidates[:half], candidates[half:])
    ]


@settings(max_examples=150, deadline=None)
@given(instances(max_mentees=4, max_mentors=4, max_requests=8), st.integers(1, 3))
def test_bound_is_at_least_the_full_optimum_and_the_pruned_answer_obeys_the_rules(instance: Instance, keep: int) -> None:
    candidates = known(instance)
    pruned = best_per_request(candidates, keep)
    bounded = solve_matching_with_bound(
        instance.requests, pruned, instance.capacities, chunks(candidates), distributed=instance.distributed
    )
    full = instance.solve().total_score
    assert bounded.result.total_score <= full + 1e-9
    assert bounded.upper_bound >= full - 1e-6
    assert_obeys_rules(instance, bounded.result)


@settings(max_examples=150, deadline=None)
@given(instances(max_mentees=4, max_mentors=4, max_requests=8))
def test_nothing_pruned_means_the_bound_is_the_optimum_up_to_integrality(instance: Instance) -> None:
    candidates = known(instance)
    bounded = solve_matching_with_bound(
        instance.requests, candidates, instance.capacities, chunks(candidates), distributed=instance.distributed
    )
    assert bounded.result.total_score == pytest.approx(instance.solve().total_score, abs=1e-9)
    # Totally unimodular cases (no crossing kind and pair groups) have an integral LP: no gap.
    if not instance.distributed or not any(c.per_kind for c in instance.capacities):
        assert bounded.gap == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("seed", range(20))
def test_bound_holds_on_crowded_programs_where_pruning_loses(seed: int) -> None:
    """Few mentors, tight capacities, one candidate kept: pruning costs fit (the bound is loose here), and the bound must still cover the optimum."""
    import random

    from bot.matching import MentorCapacity, Request

    rng = random.Random(seed)
    kinds = ("career", "research")
    requests = [Request(i, i // 2, kinds[i % 2]) for i in range(30)]
    capacities = [
        MentorCapacity(m, rng.randint(1, 3), {kinds[0]: 1} if rng.random() < 0.5 else {}) for m in range(6)
    ]
    candidates = [Candidate(r.request_id, m, rng.randint(1, 1000) / 1000) for r in requests for m in range(6)]
    instance = Instance(requests, candidates, capacities, distributed=True)
    bounded = solve_matching_with_bound(requests, best_per_request(candidates, 1), capacities, chunks(candidates))
    full = instance.solve().total_score
    assert bounded.result.total_score <= full + 1e-9 <= bounded.upper_bound + 1e-6
