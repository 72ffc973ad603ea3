"""Tests for the mentor matching optimizer against brute force, greedy and the stated rules."""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.matching.optimizer as optimizer
from bot.matching import (
    ALL_AT_CAPACITY,
    NO_CANDIDATE,
    Assignment,
    Candidate,
    MatchResult,
    MentorCapacity,
    Request,
    UnfilledRequest,
    brute_force_matching,
    greedy_matching,
    solve_matching,
)

KINDS = ("career", "research", "clinical")
# Few distinct values so that ties (and tie-breaking) are common.
TIED_SCORES = (0.1, 0.25, 0.5, 1.0)


@dataclass(frozen=True)
class Instance:
    requests: list[Request]
    candidates: list[Candidate]
    capacities: list[MentorCapacity]
    distributed: bool

    def solve(self, solver=solve_matching) -> MatchResult:
        return solver(self.requests, self.candidates, self.capacities, distributed=self.distributed)


@st.composite
def instances(draw: st.DrawFn, max_mentees: int = 3, max_mentors: int = 3, max_requests: int = 6) -> Instance:
    """Random programs; kinds may repeat per mentee and some edges point at unknown ids."""
    requests: list[Request] = []
    for mentee_id in range(draw(st.integers(0, max_mentees))):
        for kind in draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=3)):
            if len(requests) < max_requests:
                requests.append(Request(len(requests) + 1, 100 + mentee_id, kind))
    capacities = [
        MentorCapacity(
            mentor_id,
            draw(st.integers(0, 3)),
            draw(st.dictionaries(st.sampled_from(KINDS), st.integers(0, 2), max_size=3)),
        )
        for mentor_id in range(1, draw(st.integers(0, max_mentors)) + 1)
    ]
    scores = st.one_of(st.sampled_from(TIED_SCORES), st.integers(1, 1000).map(lambda n: n / 1000))
    # Mentor max+1 has no capacity row and request 99 does not exist: both must be ignored.
    mentor_ids = [capacity.mentor_id for capacity in capacities] + [max_mentors + 1]
    pairs = [(request.request_id, mentor_id) for request in requests for mentor_id in mentor_ids] + [(99, 1)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    candidates = [Candidate(request_id, mentor_id, draw(scores)) for request_id, mentor_id in chosen]
    return Instance(requests, candidates, capacities, draw(st.booleans()))


def assert_obeys_rules(instance: Instance, result: MatchResult) -> None:
    """Check every rule of the problem statement directly, independent of the optimizer's code."""
    requests = {request.request_id: request for request in instance.requests}
    capacities = {capacity.mentor_id: capacity for capacity in instance.capacities}
    scores = {(candidate.request_id, candidate.mentor_id): candidate.score for candidate in instance.candidates}
    assigned_ids = [assignment.request_id for assignment in result.assignments]
    assert assigned_ids == sorted(set(assigned_ids)), "sorted, at most one mentor per request"
    mentor_load: Counter[int] = Counter()
    kind_load: Counter[tuple[int, str]] = Counter()
    pair_load: Counter[tuple[int, int]] = Counter()
    for assignment in result.assignments:
        request = requests[assignment.request_id]
        assert scores[(assignment.request_id, assignment.mentor_id)] == assignment.score
        mentor_load[assignment.mentor_id] += 1
        kind_load[(assignment.mentor_id, request.kind)] += 1
        pair_load[(request.mentee_id, assignment.mentor_id)] += 1
    for mentor_id, load in mentor_load.items():
        assert load <= capacities[mentor_id].total
    for (mentor_id, kind), load in kind_load.items():
        assert load <= capacities[mentor_id].per_kind.get(kind, math.inf)
    if instance.distributed:
        assert max(pair_load.values(), default=0) <= 1
    assert result.total_score == round(math.fsum(a.score for a in result.assignments), 6)
    assert_unfilled_reasons(instance, result)


def assert_unfilled_reasons(instance: Instance, result: MatchResult) -> None:
    mentors_with_row = {capacity.mentor_id for capacity in instance.capacities}
    has_candidate = {c.request_id for c in instance.candidates if c.mentor_id in mentors_with_row}
    assigned = {assignment.request_id for assignment in result.assignments}
    expected = tuple(
        UnfilledRequest(request_id, ALL_AT_CAPACITY if request_id in has_candidate else NO_CANDIDATE)
        for request_id in sorted(request.request_id for request in instance.requests)
        if request_id not in assigned
    )
    assert result.unfilled == expected


@settings(max_examples=300, deadline=None)
@given(instances())
def test_optimizer_total_equals_brute_force_and_is_at_least_greedy(instance: Instance) -> None:
    optimal = instance.solve()
    assert optimal.total_score == pytest.approx(instance.solve(brute_force_matching).total_score, abs=1e-9)
    assert optimal.total_score >= instance.solve(greedy_matching).total_score - 1e-9


@settings(max_examples=150, deadline=None)
@given(instances(max_mentees=10, max_mentors=6, max_requests=25))
def test_optimizer_and_greedy_never_break_a_rule(instance: Instance) -> None:
    assert_obeys_rules(instance, instance.solve())
    assert_obeys_rules(instance, instance.solve(greedy_matching))


@settings(max_examples=100, deadline=None)
@given(instances())
def test_brute_force_never_breaks_a_rule(instance: Instance) -> None:
    assert_obeys_rules(instance, instance.solve(brute_force_matching))


@settings(max_examples=100, deadline=None)
@given(instances(max_mentees=10, max_mentors=6, max_requests=25), st.randoms(use_true_random=False))
def test_same_result_for_any_input_order(instance: Instance, rng: random.Random) -> None:
    shuffled = Instance(
        rng.sample(instance.requests, len(instance.requests)),
        rng.sample(instance.candidates, len(instance.candidates)),
        rng.sample(instance.capacities, len(instance.capacities)),
        instance.distributed,
    )
    assert shuffled.solve() == instance.solve()
    assert shuffled.solve(greedy_matching) == instance.solve(greedy_matching)


def test_same_result_for_any_input_order_on_a_large_tied_program() -> None:
    rng = random.Random(7)
    requests = [Request(r, r // 2, rng.choice(KINDS)) for r in range(300)]
    capacities = [MentorCapacity(m, rng.randint(1, 4), {rng.choice(KINDS): 1}) for m in range(60)]
    candidates = [Candidate(r.request_id, m, rng.choice(TIED_SCORES)) for r in requests for m in rng.sample(range(60), 8)]
    expected = solve_matching(requests, candidates, capacities)
    for _ in range(3):
        rng.shuffle(requests), rng.shuffle(candidates), rng.shuffle(capacities)
        assert solve_matching(requests, candidates, capacities) == expected


def test_beats_greedy_when_the_best_edge_blocks_two_good_ones() -> None:
    requests = [Request(1, 10, "career"), Request(2, 20, "career")]
    candidates = [Candidate(1, 100, 0.9), Candidate(1, 200, 0.8), Candidate(2, 100, 0.85)]
    capacities = [MentorCapacity(100, 1), MentorCapacity(200, 1)]

    greedy = greedy_matching(requests, candidates, capacities)
    optimal = solve_matching(requests, candidates, capacities)

    assert greedy.total_score == 0.9
    assert greedy.unfilled == (UnfilledRequest(2, ALL_AT_CAPACITY),)
    assert optimal == MatchResult((Assignment(1, 200, 0.8), Assignment(2, 100, 0.85)), (), 1.65)


def test_exact_when_the_lp_relaxation_is_fractional(monkeypatch: pytest.MonkeyPatch) -> None:
    # Five edges in a cycle where each neighbour pair conflicts (request, mentor total, kind
    # cap, mentee-mentor pair): the LP takes every edge by half (0.65), the best integer
    # choice is two edges (0.6). The spy makes sure this really goes through the MILP step.
    requests = [Request(1, 10, "career"), Request(2, 10, "research"), Request(3, 20, "career")]
    candidates = [
        Candidate(1, 100, 0.1),
        Candidate(2, 100, 0.3),
        Candidate(2, 200, 0.3),
        Candidate(3, 100, 0.3),
        Candidate(3, 200, 0.3),
    ]
    capacities = [MentorCapacity(100, 3, {"career": 1}), MentorCapacity(200, 1)]
    milp_calls: list[object] = []
    real_milp = optimizer.milp
    monkeypatch.setattr(optimizer, "milp", lambda *args, **kwargs: milp_calls.append(args) or real_milp(*args, **kwargs))

    result = solve_matching(requests, candidates, capacities)

    assert len(milp_calls) == 1
    assert result.total_score == 0.6
    assert_obeys_rules(Instance(requests, candidates, capacities, True), result)


def test_exact_with_several_fractional_cycles_inside_a_larger_program() -> None:
    # Cycles on their own mentees and mentors add 0.6 each to the optimum of the rest; their
    # LP gaps add up, which is what reduced-cost fixing has to cope with.
    rng = random.Random(3)
    requests = [Request(r, r // 2, rng.choice(KINDS)) for r in range(120)]
    capacities = [MentorCapacity(m, rng.randint(1, 3), {rng.choice(KINDS): 1}) for m in range(30)]
    candidates = [Candidate(r.request_id, m, rng.randint(1, 1000) / 1000) for r in requests for m in rng.sample(range(30), 10)]
    base = solve_matching(requests, candidates, capacities).total_score
    for cycle in range(4):
        request, mentee, mentor = 1000 + 10 * cycle, 1000 + 10 * cycle, 1000 + 10 * cycle
        requests += [Request(request, mentee, "career"), Request(request + 1, mentee, "research"), Request(request + 2, mentee + 1, "career")]
        capacities += [MentorCapacity(mentor, 3, {"career": 1}), MentorCapacity(mentor + 1, 1)]
        candidates += [
            Candidate(request, mentor, 0.1),
            Candidate(request + 1, mentor, 0.3),
            Candidate(request + 1, mentor + 1, 0.3),
            Candidate(request + 2, mentor, 0.3),
            Candidate(request + 2, mentor + 1, 0.3),
        ]

    result = solve_matching(requests, candidates, capacities)

    assert result.total_score == pytest.approx(base + 4 * 0.6, abs=1e-9)
    assert_obeys_rules(Instance(requests, candidates, capacities, True), result)


@settings(max_examples=200, deadline=None)
@given(instances())
def test_reduced_cost_fixing_drops_only_edges_outside_every_optimum(instance: Instance) -> None:
    """White-box: the fixing rule is only exercised end-to-end on rare fractional LPs, so check it here."""
    problem = optimizer._build_problem(instance.requests, instance.candidates, instance.capacities, instance.distributed)
    matrix, limits = optimizer._binding_constraints(problem)
    if matrix.shape[0] == 0:
        return
    relaxation = optimizer._solve_relaxation(problem.scores, matrix, limits)
    dropped = ~optimizer._could_be_optimal(problem, relaxation)
    optimum = instance.solve(brute_force_matching).total_score
    for request_id, mentor_id in zip(problem.request_of_edge[dropped].tolist(), problem.mentor_of_edge[dropped].tolist()):
        assert best_total_using(instance, request_id, mentor_id) < optimum - 1e-9


def best_total_using(instance: Instance, request_id: int, mentor_id: int) -> float:
    """Best total among solutions that assign request_id to mentor_id (by brute force)."""
    # The bonus outweighs every other score, so the best solution takes the forced edge.
    bonus = 1000.0
    forced = [
        Candidate(c.request_id, c.mentor_id, c.score + bonus) if c.request_id == request_id else c
        for c in instance.candidates
        if c.request_id != request_id or c.mentor_id == mentor_id
    ]
    with_forced_edge = Instance(instance.requests, forced, instance.capacities, instance.distributed)
    return with_forced_edge.solve(brute_force_matching).total_score - bonus


def test_distributed_flag_decides_whether_one_mentor_takes_two_requests_of_a_mentee() -> None:
    requests = [Request(1, 10, "career"), Request(2, 10, "research")]
    candidates = [Candidate(1, 100, 0.5), Candidate(2, 100, 0.4)]
    capacities = [MentorCapacity(100, 2)]

    assert solve_matching(requests, candidates, capacities).assignments == (Assignment(1, 100, 0.5),)
    assert len(solve_matching(requests, candidates, capacities, distributed=False).assignments) == 2


def test_per_kind_capacity_limits_only_that_kind() -> None:
    requests = [Request(1, 10, "clinical"), Request(2, 20, "clinical"), Request(3, 30, "career")]
    candidates = [Candidate(1, 100, 0.5), Candidate(2, 100, 0.9), Candidate(3, 100, 0.2)]
    capacities = [MentorCapacity(100, 3, {"clinical": 1})]

    result = solve_matching(requests, candidates, capacities)

    assert result.assignments == (Assignment(2, 100, 0.9), Assignment(3, 100, 0.2))
    assert result.unfilled == (UnfilledRequest(1, ALL_AT_CAPACITY),)


def test_unfilled_reasons() -> None:
    requests = [Request(request_id, request_id * 10, "career") for request_id in range(1, 6)]
    candidates = [
        Candidate(2, 999, 0.7),  # mentor without a capacity row: ignored
        Candidate(3, 300, 0.7),  # mentor with zero capacity
        Candidate(4, 400, 0.7),  # kind capped at zero
        Candidate(5, 500, 0.4),  # loses the only slot to request 1
        Candidate(1, 500, 0.6),
        Candidate(42, 500, 1.0),  # unknown request: ignored
    ]
    capacities = [MentorCapacity(300, 0), MentorCapacity(400, 2, {"career": 0}), MentorCapacity(500, 1)]

    for solver in (solve_matching, greedy_matching, brute_force_matching):
        result = solver(requests, candidates, capacities)
        assert result.assignments == (Assignment(1, 500, 0.6),)
        assert result.unfilled == (
            UnfilledRequest(2, NO_CANDIDATE),
            UnfilledRequest(3, ALL_AT_CAPACITY),
            UnfilledRequest(4, ALL_AT_CAPACITY),
            UnfilledRequest(5, ALL_AT_CAPACITY),
        )


@pytest.mark.parametrize("solver", [solve_matching, greedy_matching, brute_force_matching])
def test_empty_inputs(solver) -> None:
    empty = MatchResult((), (), 0.0)
    assert solver([], [], []) == empty
    assert solver([], [Candidate(1, 100, 0.5)], [MentorCapacity(100, 1)]) == empty
    assert solver([Request(1, 10, "career")], [], []) == MatchResult((), (UnfilledRequest(1, NO_CANDIDATE),), 0.0)


@pytest.mark.parametrize(
    ("requests", "candidates", "capacities"),
    [
        ([Request(1, 10, "career"), Request(1, 20, "career")], [], []),
        ([Request(1, 10, "career")], [Candidate(1, 100, 0.5), Candidate(1, 100, 0.6)], [MentorCapacity(100, 1)]),
        ([Request(1, 10, "career")], [Candidate(1, 100, 0.0)], [MentorCapacity(100, 1)]),
        ([Request(1, 10, "career")], [Candidate(1, 100, math.nan)], [MentorCapacity(100, 1)]),
        ([], [], [MentorCapacity(100, 1), MentorCapacity(100, 2)]),
        ([], [], [MentorCapacity(100, -1)]),
        ([], [], [MentorCapacity(100, 1, {"career": -1})]),
    ],
)
def test_rejects_malformed_input(requests, candidates, capacities) -> None:
    with pytest.raises(ValueError):
        solve_matching(requests, candidates, capacities)


def test_brute_force_refuses_large_instances() -> None:
    requests = [Request(request_id, request_id, "career") for request_id in range(13)]
    with pytest.raises(ValueError):
        brute_force_matching(requests, [], [])
    few_requests = requests[:12]
    capacities = [MentorCapacity(mentor_id, 12) for mentor_id in range(5)]
    everything = [Candidate(r.request_id, c.mentor_id, 0.5) for r in few_requests for c in capacities]
    with pytest.raises(ValueError):
        brute_force_matching(few_requests, everything, capacities)
