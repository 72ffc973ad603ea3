"""The speed-mentoring rotation: no pair twice, excluded pairs never, seats respected, everyone seated where
possible, and the largest total fit (checked against exhaustive search on small events)."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from bot.events.schedule import Rotation, plan_rotation


def check_rules(rotation: Rotation, fits: dict[tuple[int, int], float], seats: int) -> None:
    seen: set[tuple[int, int]] = set()
    for pairs in rotation.rounds:
        assert len({mentee for mentee, _ in pairs}) == len(pairs), "a mentee at two tables in one round"
        assert max(Counter(mentor for _, mentor in pairs).values(), default=0) <= seats
        for pair in pairs:
            assert pair in fits, "an excluded pair was seated"
            assert pair not in seen, "a pair met twice"
            seen.add(pair)


def brute_force_best(mentees: list[int], mentors: list[int], fits: dict, rounds: int, seats: int) -> tuple[int, float]:
    """(most seatings, best fit among those) over every assignment of each mentee to a table or a break per round."""
    options = [None, *mentors]
    best = (-1, -1.0)
    per_round = list(itertools.product(options, repeat=len(mentees)))
    for plan in itertools.product(per_round, repeat=rounds):
        pairs = [(mentee, table) for seating in plan for mentee, table in zip(mentees, seating) if table is not None]
        if len(set(pairs)) < len(pairs) or any(pair not in fits for pair in pairs):
            continue
        if any(max(Counter(t for t in seating if t is not None).values(), default=0) > seats for seating in plan):
            continue
        best = max(best, (len(pairs), round(sum(fits[pair] for pair in pairs), 6)))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_small_events_match_exhaustive_search(seed: int) -> None:
    rng = random.Random(seed)
    mentees, mentors, rounds, seats = [1, 2, 3], [10, 11], 2, rng.choice([1, 2])
    fits = {(a, b): round(rng.random(), 3) for a in mentees for b in mentors if rng.random() > 0.25}
    rotation = plan_rotation(mentees, mentors, fits, rounds, seats)
    check_rules(rotation, fits, seats)
    seated = sum(len(pairs) for pairs in rotation.rounds)
    assert (seated, rotation.total_fit) == brute_force_best(mentees, mentors, fits, rounds, seats)
    assert rotation.total_fit == pytest.approx(rotation.bound)


def test_a_conflict_keeps_the_pair_apart_even_when_it_fits_best() -> None:
    fits = {(1, 10): 0.9, (1, 11): 0.2, (2, 10): 0.5, (2, 11): 0.4}
    del fits[(1, 10)]  # a conflict of interest: the pool leaves the pair out
    rotation = plan_rotation([1, 2], [10, 11], fits, 2, 1)
    check_rules(rotation, fits, 1)
    assert all((1, 10) not in pairs for pairs in rotation.rounds)
    assert rotation.schedule_of(1) in ([11, None], [None, 11])


def test_everyone_is_seated_every_round_when_tables_allow_and_each_has_a_schedule() -> None:
    rng = random.Random(7)
    mentees, mentors = list(range(12)), [100, 101, 102, 103]
    fits = {(a, b): round(rng.random(), 3) for a in mentees for b in mentors}
    rotation = plan_rotation(mentees, mentors, fits, 4)  # 3 seats a table
    check_rules(rotation, fits, 3)
    assert rotation.unseated == {}
    assert all(None not in rotation.schedule_of(mentee) for mentee in mentees)
    assert len(set(rotation.schedule_of(0))) == 4  # four different mentors
