"""Matching at consortium scale: 10,000 mentees x 3,000 mentors, solved on each request's best K
candidates, with a proven optimality gap over ALL ~30 million edges (bot/matching/bound.py).

The program is bench_matching.py's, generated with numpy so that 30 million scores never exist
at once: scores are produced in blocks, each block from its own seed, so the pass that keeps
the best K and the pass that proves the bound see the same edges.

Run from the repository root: python benchmarks/bench_matching_scale.py [--mentees N] [--mentors M] [--keep K ...]
Memory is the process's peak RSS (ru_maxrss), which includes HiGHS.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.matching import Candidate, MentorCapacity, Request  # noqa: E402
from bot.matching.bound import EdgeChunk, solve_matching_with_bound  # noqa: E402

KINDS = ("career", "research", "clinical", "wellness", "sponsorship", "identity")
TAG_COUNT = 24
BLOCK = 512  # requests scored at once against every mentor offering their kind


@dataclass(frozen=True)
class Program:
    seed: int
    requests: list[Request]
    request_kind: np.ndarray
    request_tags: np.ndarray  # bit masks of the request's mentee
    capacities: list[MentorCapacity]
    mentor_kinds: np.ndarray  # bit masks over KINDS
    mentor_tags: np.ndarray

    @property
    def edges(self) -> int:
        offered = [(self.mentor_kinds >> kind & 1).sum() for kind in range(len(KINDS))]
        return int(sum(offered[kind] for kind in self.request_kind.tolist()))


def tag_masks(rng: np.random.Generator, count: int) -> np.ndarray:
    """3-6 distinct tags each, as bit masks."""
    sizes = rng.integers(3, 7, count)
    keys = rng.random((count, TAG_COUNT))
    ranks = keys.argsort(axis=1).argsort(axis=1)
    chosen = ranks < sizes[:, None]
    return (chosen * (1 << np.arange(TAG_COUNT))).sum(axis=1).astype(np.int64)


def generate(mentees: int, mentors: int, seed: int) -> Program:
    rng = np.random.default_rng(seed)
    mentee_tags = tag_masks(rng, mentees)
    requests: list[Request] = []
    kinds: list[int] = []
    tags: list[int] = []
    for mentee_id in range(mentees):
        for kind in rng.choice(len(KINDS), rng.integers(1, 4), replace=False).tolist():
            requests.append(Request(len(requests), mentee_id, KINDS[kind]))
            kinds.append(kind)
            tags.append(int(mentee_tags[mentee_id]))
    capacities: list[MentorCapacity] = []
    mentor_kinds = np.zeros(mentors, dtype=np.int64)
    for mentor_id in range(mentors):
        offered = rng.choice(len(KINDS), rng.integers(2, 5), replace=False).tolist()
        mentor_kinds[mentor_id] = sum(1 << kind for kind in offered)
        total = int(rng.integers(1, 6))
        per_kind = {}
        if rng.random() < 0.3:
            limited = rng.choice(offered, rng.integers(1, 3), replace=False).tolist()
            per_kind = {KINDS[kind]: int(rng.integers(1, total + 1)) for kind in limited}
        capacities.append(MentorCapacity(mentor_id, total, per_kind))
    return Program(
        seed, requests, np.array(kinds), np.array(tags, dtype=np.int64), capacities, mentor_kinds,
        tag_masks(rng, mentors),
    )


def blocks(program: Program) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(request ids, mentor ids, score matrix) per block; the same blocks on every call."""
    for kind in range(len(KINDS)):
        mentor_ids = np.flatnonzero(program.mentor_kinds >> kind & 1)
        request_ids = np.flatnonzero(program.request_kind == kind)
        for start in range(0, len(request_ids), BLOCK):
            block = request_ids[start:start + BLOCK]
            noise = np.random.default_rng((program.seed, kind, start)).random((len(block), len(mentor_ids)))
            mentee = program.request_tags[block][:, None]
            mentor = program.mentor_tags[mentor_ids][None, :]
            overlap = np.bitwise_count(mentee & mentor) / np.bitwise_count(mentee | mentor)
            yield block, mentor_ids, np.round(0.05 + 0.95 * (0.75 * overlap + 0.25 * noise), 3)


def best_candidates(program: Program, keep: int) -> list[Candidate]:
    kept: list[Candidate] = []
    for request_ids, mentor_ids, scores in blocks(program):
        take = min(keep, scores.shape[1])
        best = np.argpartition(-scores, take - 1, axis=1)[:, :take]
        for row, request_id in enumerate(request_ids.tolist()):
            for column in best[row].tolist():
                kept.append(Candidate(request_id, int(mentor_ids[column]), float(scores[row, column])))
    return kept


def all_edges(program: Program) -> Iterator[EdgeChunk]:
    for request_ids, mentor_ids, scores in blocks(program):
        rows, columns = scores.shape
        yield EdgeChunk(np.repeat(request_ids, columns), np.tile(mentor_ids, rows), scores.ravel())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=3_000)
    parser.add_argument("--keep", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    program = generate(args.mentees, args.mentors, args.seed)
    print(f"{args.mentees} mentees x {args.mentors} mentors: {len(program.requests)} requests, "
          f"{program.edges:,} edges (generated in {time.perf_counter() - started:.1f} s)")
    for keep in args.keep:
        started = time.perf_counter()
        kept = best_candidates(program, keep)
        pruned_at = time.perf_counter()
        bounded = solve_matching_with_bound(program.requests, kept, program.capacities, all_edges(program))
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        filled = len(bounded.result.assignments) / len(program.requests)
        print(f"keep best {keep:>3}: {len(kept):,} edges, fit {bounded.result.total_score:.3f} <= "
              f"bound {bounded.upper_bound:.3f}, proven gap {bounded.gap:.4%}, filled {filled:.1%}, "
              f"{seconds:.1f} s (pruning {pruned_at - started:.1f} s), peak RSS so far {peak_mb:.0f} MB "
              f"(goal < 30 s, < 2,048 MB)")


if __name__ == "__main__":
    main()
