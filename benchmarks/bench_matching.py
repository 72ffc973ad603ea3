"""Benchmark the mentor matching optimizer against the greedy baseline and brute force.

Run from the repository root: python benchmarks/bench_matching.py [--mentees N] [--mentors M] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Run as a script, the repository root is not on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.matching import (  # noqa: E402
    Candidate,
    MatchResult,
    MentorCapacity,
    Request,
    brute_force_matching,
    greedy_matching,
    solve_matching,
)

KINDS = ("career", "research", "clinical", "wellness", "sponsorship", "identity")
TAGS = tuple(f"tag{number:02d}" for number in range(24))
SMALL_INSTANCES = 50

Solver = Callable[..., MatchResult]


@dataclass(frozen=True)
class Program:
    requests: list[Request]
    candidates: list[Candidate]
    capacities: list[MentorCapacity]


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_megabytes: float
    result: MatchResult


def generate_program(mentees: int, mentors: int, seed: int) -> Program:
    """Mentees ask for 1-3 distinct kinds; every mentor offering a kind is a candidate for it."""
    rng = random.Random(seed)
    requests: list[Request] = []
    mentee_tags: dict[int, set[str]] = {}
    for mentee_id in range(mentees):
        mentee_tags[mentee_id] = set(rng.sample(TAGS, rng.randint(3, 6)))
        for kind in rng.sample(KINDS, rng.randint(1, 3)):
            requests.append(Request(len(requests), mentee_id, kind))
    capacities: list[MentorCapacity] = []
    offers: dict[int, tuple[set[str], set[str]]] = {}
    for mentor_id in range(mentors):
        offered_kinds = rng.sample(KINDS, rng.randint(2, 4))
        total = rng.randint(1, 5)
        per_kind = {}
        if rng.random() < 0.3:
            per_kind = {kind: rng.randint(1, total) for kind in rng.sample(offered_kinds, rng.randint(1, 2))}
        capacities.append(MentorCapacity(mentor_id, total, per_kind))
        offers[mentor_id] = (set(offered_kinds), set(rng.sample(TAGS, rng.randint(3, 6))))
    candidates = [
        Candidate(request.request_id, mentor_id, synthetic_score(mentee_tags[request.mentee_id], tags, rng))
        for request in requests
        for mentor_id, (kinds, tags) in offers.items()
        if request.kind in kinds
    ]
    return Program(requests, candidates, capacities)


def synthetic_score(mentee_tags: set[str], mentor_tags: set[str], rng: random.Random) -> float:
    """Tag overlap (Jaccard) blended with noise standing in for other factors, in [0.05, 1]."""
    overlap = len(mentee_tags & mentor_tags) / len(mentee_tags | mentor_tags)
    return round(0.05 + 0.95 * (0.75 * overlap + 0.25 * rng.random()), 3)


def measure(solver: Solver, program: Program) -> Run:
    """Wall time of an untraced run; peak traced memory of a second run, which must agree."""
    started = time.perf_counter()
    result = solver(program.requests, program.candidates, program.capacities)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    traced = solver(program.requests, program.candidates, program.capacities)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if traced != result:
        raise AssertionError(f"{solver.__name__} gave different results on identical input")
    return Run(seconds, peak / 2**20, result)


def small_program(rng: random.Random) -> Program:
    """A tiny random program (at most 9 requests, 3 mentors) that brute force can enumerate."""
    kinds = KINDS[:3]
    requests: list[Request] = []
    for mentee_id in range(rng.randint(1, 3)):
        for kind in rng.sample(kinds, rng.randint(1, 3)):
            requests.append(Request(len(requests), mentee_id, kind))
    capacities = [
        MentorCapacity(mentor_id, rng.randint(1, 3), {kind: rng.randint(0, 1) for kind in kinds if rng.random() < 0.4})
        for mentor_id in range(rng.randint(2, 3))
    ]
    candidates = [
        Candidate(request.request_id, capacity.mentor_id, rng.choice((0.25, 0.5, round(rng.uniform(0.05, 1), 3))))
        for request in requests
        for capacity in capacities
        if rng.random() < 0.7
    ]
    return Program(requests, candidates, capacities)


def brute_force_agreement(seed: int) -> tuple[int, int]:
    """How many small programs the optimizer solves to the brute-force optimum, and greedy does not."""
    rng = random.Random(seed)
    matched = greedy_short = 0
    for index in range(SMALL_INSTANCES):
        program = small_program(rng)
        arguments = (program.requests, program.candidates, program.capacities)
        distributed = index % 2 == 0
        best = brute_force_matching(*arguments, distributed=distributed).total_score
        matched += abs(solve_matching(*arguments, distributed=distributed).total_score - best) <= 1e-9
        greedy_short += greedy_matching(*arguments, distributed=distributed).total_score < best - 1e-9
    return matched, greedy_short


def filled_share(result: MatchResult, requests: Sequence[Request]) -> float:
    return len(result.assignments) / len(requests) if requests else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--mentors", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    program = generate_program(args.mentees, args.mentors, args.seed)
    slots = sum(capacity.total for capacity in program.capacities)
    capped = sum(bool(capacity.per_kind) for capacity in program.capacities)
    print(
        f"program: {args.mentees} mentees x {args.mentors} mentors (seed {args.seed}): "
        f"{len(program.requests)} requests, {len(program.candidates)} candidate edges (none pruned), "
        f"{slots} mentor slots, {capped} mentors with per-kind caps, distributed mentoring on"
    )
    runs = {"optimizer": measure(solve_matching, program), "greedy": measure(greedy_matching, program)}
    print(f"{'solver':<10} {'time_s':>7} {'peak_MB':>8} {'total_fit':>10} {'filled':>7}")
    for name, run in runs.items():
        share = filled_share(run.result, program.requests)
        print(f"{name:<10} {run.seconds:>7.2f} {run.peak_megabytes:>8.1f} {run.result.total_score:>10.3f} {share:>7.1%}")
    print("(time: untraced run incl. model building; peak: tracemalloc, Python heap and numpy, not HiGHS's C++ memory)")
    optimal, greedy = runs["optimizer"], runs["greedy"]
    gain = optimal.result.total_score / greedy.result.total_score - 1 if greedy.result.total_score else 0.0
    print(f"optimizer/greedy total fit: {1 + gain:.4f} ({gain:+.1%})")
    matched, greedy_short = brute_force_agreement(args.seed)
    print(
        f"brute force on {SMALL_INSTANCES} small programs (per-kind caps, distributed on/off): "
        f"optimizer optimal on {matched}/{SMALL_INSTANCES}, greedy below optimum on {greedy_short}"
    )
    print(
        f"bench_matching: {args.mentees}x{args.mentors} optimal fit={optimal.result.total_score:.3f} "
        f"(greedy {greedy.result.total_score:.3f}; {gain:+.1%}), "
        f"filled={filled_share(optimal.result, program.requests):.1%}, time={optimal.seconds:.2f}s, "
        f"peak={optimal.peak_megabytes:.0f}MB, brute-force agreement {matched}/{SMALL_INSTANCES}"
    )


if __name__ == "__main__":
    main()
