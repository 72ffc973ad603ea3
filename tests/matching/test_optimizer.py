"""Tests for the mentor matching optimizer against brute force, greedy and the stated rules."""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass

import numpy as np
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
    ("requests", "candidates", "capacities", "message"),
    [
        ([Request(1, 10, "career"), Request(1, 20, "career")], [], [], "duplicate request_id in requests"),
        ([Request(1, 10, "career")], [Candidate(1, 100, 0.5), Candidate(1, 100, 0.6)], [MentorCapacity(100, 1)],
         r"duplicate \(request_id, mentor_id\) in candidates"),
        ([Request(1, 10, "career")], [Candidate(1, 100, 0.0)], [MentorCapacity(100, 1)],
         "candidate score must be finite and > 0, got 0.0"),
        ([Request(1, 10, "career")], [Candidate(1, 100, math.nan)], [MentorCapacity(100, 1)],
         "candidate score must be finite and > 0, got nan"),
        ([], [], [MentorCapacity(100, 1), MentorCapacity(100, 2)], "duplicate mentor_id in capacities"),
        ([], [], [MentorCapacity(100, -1)], "negative capacity for mentor 100"),
        ([], [], [MentorCapacity(100, 1, {"career": -1})], "negative capacity for mentor 100"),
    ],
)
def test_rejects_malformed_input_saying_what_is_wrong(requests, candidates, capacities, message) -> None:
    for solver in (solve_matching, greedy_matching, brute_force_matching):
        with pytest.raises(ValueError, match=f"^{message}$"):
            solver(requests, candidates, capacities)


def test_brute_force_refuses_large_instances() -> None:
    requests = [Request(request_id, request_id, "career") for request_id in range(13)]
    with pytest.raises(ValueError):
        brute_force_matching(requests, [], [])
    few_requests = requests[:12]
    capacities = [MentorCapacity(mentor_id, 12) for mentor_id in range(5)]
    everything = [Candidate(r.request_id, c.mentor_id, 0.5) for r in few_requests for c in capacities]
    with pytest.raises(ValueError):
        brute_force_matching(few_requests, everything, capacities)


def test_brute_force_limits_are_inclusive_and_say_which() -> None:
    requests = [Request(request_id, request_id, "career") for request_id in range(optimizer.MAX_BRUTE_FORCE_REQUESTS)]
    assert brute_force_matching(requests, [], []).assignments == ()
    with pytest.raises(ValueError, match="^brute force handles at most 12 requests$"):
        brute_force_matching([*requests, Request(99, 99, "career")], [], [])
    # Six requests with nine mentors each: exactly (9 + 1) ** 6 = 1,000,000 combinations is allowed, ten is not.
    six = requests[:6]
    mentors = [MentorCapacity(mentor_id, 1) for mentor_id in range(100, 110)]
    nine_each = [Candidate(r.request_id, m.mentor_id, 0.5) for r in six for m in mentors[:9]]
    with pytest.raises(ValueError, match="^brute force handles at most 1000000 combinations$"):
        brute_force_matching(six, [Candidate(r.request_id, m.mentor_id, 0.5) for r in six for m in mentors], mentors)
    assert optimizer.math.prod(9 + 1 for _ in six) == optimizer.MAX_BRUTE_FORCE_COMBINATIONS
    with pytest.MonkeyPatch.context() as patch:  # the search itself is not the point here: only the limit check
        patch.setattr(optimizer, "_best_combination", lambda problem, options: [])
        assert brute_force_matching(six, nine_each, mentors).assignments == ()


@pytest.mark.parametrize("solver", [greedy_matching, brute_force_matching, solve_matching])
def test_every_solver_is_distributed_unless_told_otherwise(solver) -> None:
    requests = [Request(1, 10, "career"), Request(2, 10, "research")]
    candidates = [Candidate(1, 100, 0.5), Candidate(2, 100, 0.4)]

    assert solver(requests, candidates, [MentorCapacity(100, 2)]).assignments == (Assignment(1, 100, 0.5),)


def test_greedy_fills_a_mentor_up_to_capacity_best_first() -> None:
    requests = [Request(request_id, request_id * 10, "career") for request_id in (1, 2, 3)]
    candidates = [Candidate(1, 100, 0.2), Candidate(2, 100, 0.9), Candidate(3, 100, 0.5)]

    result = greedy_matching(requests, candidates, [MentorCapacity(100, 2)])

    assert result.assignments == (Assignment(2, 100, 0.9), Assignment(3, 100, 0.5))


def test_each_capped_kind_is_its_own_limit_per_mentor() -> None:
    # Two kinds capped at one each, on two mentors: four requests, four places; merging kinds or mentors into
    # one group would leave some unfilled.
    requests = [Request(1, 10, "career"), Request(2, 20, "research"), Request(3, 30, "career"), Request(4, 40, "research")]
    capacities = [MentorCapacity(100, 2, {"career": 1, "research": 1}), MentorCapacity(200, 2, {"career": 1, "research": 1})]
    candidates = [Candidate(r.request_id, m.mentor_id, 0.5) for r in requests for m in capacities]

    for solver in (solve_matching, greedy_matching, brute_force_matching):
        assert len(solver(requests, candidates, capacities).assignments) == 4


def test_total_is_rounded_to_six_decimals() -> None:
    result = solve_matching([Request(1, 10, "career")], [Candidate(1, 100, 0.12345678)], [MentorCapacity(100, 1)])

    assert result.total_score == 0.123457
    assert result.assignments == (Assignment(1, 100, 0.12345678),)


# A program whose LP relaxation is fractional (found by search): reduced costs prove 6 of its 19 edges out.
FRACTIONAL_WITH_PRUNING = Instance(
    requests=[Request(1, 10, "clinical"), Request(2, 13, "research"), Request(3, 11, "research"),
              Request(4, 13, "career"), Request(5, 12, "career"), Request(6, 13, "research")],
    candidates=[Candidate(request_id, mentor_id, score) for request_id, mentor_id, score in (
        (1, 100, 0.3), (1, 101, 0.3), (1, 103, 0.3), (2, 100, 0.3), (2, 101, 0.9), (2, 102, 0.1), (3, 101, 0.1),
        (3, 102, 0.5), (3, 103, 0.9), (4, 100, 0.9), (4, 101, 0.1), (4, 102, 0.5), (4, 103, 0.9), (5, 100, 0.9),
        (5, 102, 0.1), (6, 100, 0.9), (6, 101, 0.1), (6, 102, 0.3), (6, 103, 0.1))],
    capacities=[MentorCapacity(100, 1, {"clinical": 1}), MentorCapacity(101, 3, {"clinical": 1}),
                MentorCapacity(102, 3, {"research": 1}), MentorCapacity(103, 1, {"clinical": 2})],
    distributed=True,
)


def relaxation_of(instance: Instance) -> tuple[optimizer._Problem, object]:
    problem = optimizer._build_problem(instance.requests, instance.candidates, instance.capacities, instance.distributed)
    matrix, limits = optimizer._binding_constraints(problem)
    return problem, optimizer._solve_relaxation(problem.scores, matrix, limits)


def test_reduced_cost_fixing_prunes_on_a_fractional_program_and_keeps_the_optimum() -> None:
    problem, relaxation = relaxation_of(FRACTIONAL_WITH_PRUNING)
    assert not np.allclose(relaxation.x, np.round(relaxation.x)), "the program must exercise the MILP step"

    kept = optimizer._could_be_optimal(problem, relaxation)

    assert np.count_nonzero(~kept) == 6
    optimum = FRACTIONAL_WITH_PRUNING.solve(brute_force_matching)
    assert FRACTIONAL_WITH_PRUNING.solve().total_score == optimum.total_score == 3.6
    for request_id, mentor_id in zip(problem.request_of_edge[~kept].tolist(), problem.mentor_of_edge[~kept].tolist()):
        assert best_total_using(FRACTIONAL_WITH_PRUNING, request_id, mentor_id) < optimum.total_score - 1e-9


def test_the_milp_step_keeps_each_edge_at_most_once_where_no_row_binds_it() -> None:
    # The five-edge cycle needs the MILP step; request 4's only edge is bound by no row at all, only by x <= 1.
    cycle = [Request(1, 10, "career"), Request(2, 10, "research"), Request(3, 20, "career"), Request(4, 30, "career")]
    candidates = [Candidate(1, 100, 0.1), Candidate(2, 100, 0.3), Candidate(2, 200, 0.3), Candidate(3, 100, 0.3),
                  Candidate(3, 200, 0.3), Candidate(4, 300, 0.7)]
    capacities = [MentorCapacity(100, 3, {"career": 1}), MentorCapacity(200, 1), MentorCapacity(300, 5)]

    result = solve_matching(cycle, candidates, capacities)

    assert result.total_score == 1.3
    assert Assignment(4, 300, 0.7) in result.assignments


def test_rounding_takes_edges_at_one_then_fractional_ones_by_value_then_score_within_limits() -> None:
    # Mentor 100 takes two; requests 1-2 sit at one, 3-5 and 8 are fractional: 3 (0.5, 0.2), 4 (0.5, 0.8),
    # 5 (0.9, 0.1), 8 (exactly 1 - tolerance); 6, 7 and 9 are at zero within the tolerance, so not taken.
    requests = [Request(request_id, request_id * 10, "career") for request_id in range(1, 10)]
    candidates = [Candidate(1, 200, 0.3), Candidate(2, 100, 0.3), Candidate(3, 100, 0.2), Candidate(4, 100, 0.8),
                  Candidate(5, 300, 0.1), Candidate(6, 300, 0.9), Candidate(7, 400, 0.9), Candidate(8, 500, 0.9),
                  Candidate(9, 600, 0.9)]
    capacities = [MentorCapacity(mentor_id, 2 if mentor_id == 100 else 1) for mentor_id in (100, 200, 300, 400, 500, 600)]
    problem = optimizer._build_problem(requests, candidates, capacities, True)
    tolerance = optimizer._INTEGRALITY_TOLERANCE
    values = np.array([1.0, 1 - tolerance / 10, 0.5, 0.5, 0.9, tolerance / 10, 0.0, 1 - tolerance, tolerance])

    chosen = optimizer._round_relaxation(problem, values)

    # Edges are ordered by request: 1->200, 2->100, 3->100, 4->100, 5->300, 6->300, 7->400, 8->500, 9->600.
    assert chosen == [0, 1, 7, 4, 3]


@pytest.mark.parametrize(("solver", "failure"), [("linprog", "HiGHS LP relaxation failed: "),
                                                 ("milp", "HiGHS MILP failed: ")])
def test_a_solver_failure_is_raised_with_highs_own_words(monkeypatch: pytest.MonkeyPatch, solver: str,
                                                         failure: str) -> None:
    real = getattr(optimizer, solver)

    def failing(*args, **kwargs):
        result = real(*args, **kwargs)
        result.status, result.message = 2, "The problem is infeasible."
        return result

    monkeypatch.setattr(optimizer, solver, failing)
    with pytest.raises(RuntimeError, match=f"^{failure}The problem is infeasible.$"):
        FRACTIONAL_WITH_PRUNING.solve()


def test_rounding_counts_edges_already_at_one_against_their_limits() -> None:
    requests = [Request(request_id, request_id * 10, "career") for request_id in range(1, 4)]
    candidates = [Candidate(request_id, 100, 0.5) for request_id in range(1, 4)]
    problem = optimizer._build_problem(requests, candidates, [MentorCapacity(100, 2)], True)

    assert optimizer._round_relaxation(problem, np.array([1.0, 1.0, 0.5])) == [0, 1]
    assert optimizer._round_relaxation(problem, np.array([1.0, 0.0, 0.5])) == [0, 2]
