"""Batch matching on each request's best candidates reaches the every-edge model's optimal total, always."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.matching import Candidate, MentorCapacity, Request, solve_matching
from bot.matching.pruned import solve_on_best_candidates
from tests.matching.test_optimizer import Instance, assert_obeys_rules, instances


@settings(max_examples=300, deadline=None)
@given(instances(max_mentees=4, max_mentors=4, max_requests=8), st.integers(1, 3))
def test_best_candidates_reach_the_every_edge_optimum(instance: Instance, keep: int) -> None:
    pruned = solve_on_best_candidates(instance.requests, instance.candidates, instance.capacities,
                                      distributed=instance.distributed, keep=keep)
    assert pruned.total_score == pytest.approx(instance.solve().total_score, abs=1e-9)
    # Which of several equally good assignments comes back is the solver's choice (two requests tied for one
    # mentor: either may wait), so only the total is compared; the rules and each unfilled reason are checked.
    assert_obeys_rules(instance, pruned)


@pytest.mark.parametrize("seed", range(10))
def test_crowded_programs_where_the_first_model_loses_are_widened_to_the_optimum(seed: int) -> None:
    """Few mentors, tight capacities, one candidate kept at first: the bound refuses it and the model widens."""
    rng = random.Random(seed)
    kinds = ("career", "research")
    requests = [Request(i, i // 2, kinds[i % 2]) for i in range(30)]
    capacities = [MentorCapacity(m, rng.randint(1, 3), {kinds[0]: 1} if rng.random() < 0.5 else {}) for m in range(6)]
    candidates = [Candidate(r.request_id, m, rng.randint(1, 10_000) / 10_000) for r in requests for m in range(6)]
    full = solve_matching(requests, candidates, capacities)
    assert solve_on_best_candidates(requests, candidates, capacities, keep=1).total_score == pytest.approx(
        full.total_score, abs=1e-9)


def test_refuses_what_the_every_edge_model_refuses() -> None:
    requests = [Request(1, 10, "career")]
    with pytest.raises(ValueError, match="duplicate"):
        solve_on_best_candidates(requests, [Candidate(1, 1, 0.5), Candidate(1, 1, 0.5)], [MentorCapacity(1, 1)])
    with pytest.raises(ValueError, match="score"):
        solve_on_best_candidates(requests, [Candidate(1, 1, 0.0)], [MentorCapacity(1, 1)])
