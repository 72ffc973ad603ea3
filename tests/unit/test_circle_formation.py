"""Peer circle formation: sizes within the theme's range, conflicts never together, stages and programs spread,
and optimised (the exhaustive best on small pools; far better than the balanced deal it starts from)."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from bot.circles.formation import Member, _deal, _score, affinity, circle_count, form_circles

TAGS = ["surgery", "wellbeing", "research", "teaching", "global health", "parenting", "leadership"]


def pool(seed: int, size: int) -> list[Member]:
    rng = random.Random(seed)
    return [Member(i, rng.choice(["PGY-1", "PGY-2", "PGY-3"]), rng.choice(["Surgery", "Medicine", "Pediatrics"]),
                   frozenset(rng.sample(TAGS, 2))) for i in range(size)]


def test_the_number_of_circles_keeps_every_size_in_range() -> None:
    assert circle_count(3, 4, 8) == 0
    for people in range(4, 200):
        groups = circle_count(people, 4, 8)
        assert 4 * groups <= people <= 8 * groups


@pytest.mark.parametrize("seed", range(6))
def test_small_pools_reach_the_exhaustive_best(seed: int) -> None:
    members = pool(seed, 8)
    conflicts = [(0, 1)]
    formation = form_circles(members, 4, 4, conflicts)
    matrix = affinity(members, conflicts)
    best = max(_score(matrix, np.array([0 if i in chosen else 1 for i in range(8)]))
               for chosen in itertools.combinations(range(8), 4))
    assert formation.score == pytest.approx(best)


def test_conflicts_never_share_a_circle_and_everyone_is_placed_in_range() -> None:
    members = pool(11, 60)
    conflicts = [(i, i + 1) for i in range(0, 60, 2)]  # everyone has someone they assess or are assessed by
    formation = form_circles(members, 4, 8, conflicts)
    assert sorted(p for circle in formation.circles for p in circle) == list(range(60))
    for circle in formation.circles:
        assert 4 <= len(circle) <= 8
        assert not any((a, b) in conflicts for a in circle for b in circle)


def test_it_optimises_beyond_the_balanced_deal_and_spreads_programs() -> None:
    members = pool(5, 48)
    formation = form_circles(members, 4, 8)
    start = _score(affinity(members, []), _deal(members, len(formation.circles), random.Random(0)))
    assert formation.score > start + 1.0
    program = {m.person_id: m.program for m in members}
    for circle in formation.circles:
        assert len({program[p] for p in circle}) >= 2  # no circle is one program
