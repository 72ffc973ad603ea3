"""Circle formation's rules one by one: how many circles, each pair's affinity, the score, and a pool too small."""

from __future__ import annotations

import numpy as np
import pytest

from bot.circles.formation import CONFLICT, Formation, Member, affinity, circle_count, form_circles


@pytest.mark.parametrize(("people", "size_min", "size_max", "circles"), [
    (3, 4, 8, 0),    # too few for one circle
    (4, 4, 8, 1),
    (12, 4, 8, 2),   # 12 / 6 (the middle of 4-8) = 2 circles of 6
    (13, 4, 8, 2),   # 13 / 6 rounds to 2
    (16, 4, 8, 3),   # 16 / 6 rounds to 3, sizes 5-6
    (9, 4, 8, 2),    # 9 / 6 rounds to 2: sizes 4 and 5
    (16, 4, 4, 4),   # exactly 4 each
    (17, 4, 4, 4),   # no split of 17 into fours: four circles, one person waits
    (9, 6, 8, 1),    # no split of 9 into 6-8: one circle, one waits
    (7, 4, 5, 1),    # no split of 7 into 4-5: one circle of 5, two wait
    (25, 5, 7, 4),   # 25 / 6 rounds to 4
])
def test_the_number_of_circles_brings_sizes_nearest_the_middle_of_the_range(people, size_min, size_max,
                                                                              circles) -> None:
    assert circle_count(people, size_min, size_max) == circles


def member(person_id: int, stage: str = "PGY-1", program: str = "Surgery", *interests: str) -> Member:
    return Member(person_id, stage, program, frozenset(interests))


def test_affinity_weighs_shared_interests_and_same_stage_and_program() -> None:
    members = [
        member(1, "PGY-1", "Surgery", "research", "teaching"),
        member(2, "PGY-1", "Medicine", "research"),
        member(3, "PGY-2", "Surgery", "research", "teaching", "leadership", "wellbeing"),
        member(4, "PGY-3", "", "parenting"),
        member(5, "PGY-3", "", "parenting"),
    ]

    matrix = affinity(members, [])

    # 1-2 share 1 of at most 1 interest (2 has one): 1.0, minus 0.3 for the same stage.
    assert matrix[0, 1] == pytest.approx(1.0 - 0.3)
    # 1-3 share 2 of the 2 that 1 has: 1.0, minus 0.3 for the same program.
    assert matrix[0, 2] == pytest.approx(1.0 - 0.3)
    # 2-3 share 1 of the 1 that 2 has: 1.0; nothing else in common.
    assert matrix[1, 2] == pytest.approx(1.0)
    # 4-5: same stage, one shared interest; no program recorded is never "the same program".
    assert matrix[3, 4] == pytest.approx(1.0 - 0.3)
    assert matrix[0, 3] == pytest.approx(0.0)
    assert np.allclose(np.diag(matrix), 0.0)
    assert np.allclose(matrix, matrix.T)


def test_shared_interests_count_up_to_three_and_never_above_one() -> None:
    many = ("a", "b", "c", "d", "e")
    members = [member(1, "PGY-1", "Surgery", *many), member(2, "PGY-2", "Medicine", *many),
               member(3, "PGY-3", "Pediatrics", "a", "b", "c", "x", "y"), member(4, "PGY-4", "Psychiatry", "a", "x", "z", "w")]

    matrix = affinity(members, [])

    assert matrix[0, 1] == pytest.approx(1.0)       # five shared, capped at one
    assert matrix[0, 2] == pytest.approx(1.0)       # three shared of min(3, 5)
    assert matrix[0, 3] == pytest.approx(1 / 3)     # one shared of min(3, 4)
    assert matrix[2, 3] == pytest.approx(2 / 3)     # a and x shared, of min(3, 4)


def test_a_conflict_is_a_large_negative_affinity_and_one_naming_someone_absent_is_ignored() -> None:
    members = [member(1, "PGY-1", "Surgery", "research"), member(2, "PGY-2", "Medicine", "research")]

    matrix = affinity(members, [(1, 2), (1, 99), (98, 2)])

    assert matrix[0, 1] == matrix[1, 0] == CONFLICT


def test_the_score_is_the_sum_over_each_pair_once_rounded_to_six_places() -> None:
    thirds = [member(i, f"PGY-{i}", f"Program {i}", *interests)
              for i, interests in enumerate([("a", "b", "c"), ("a", "x", "y"), ("a", "p", "q"), ("a", "m", "n")], 1)]

    formation = form_circles(thirds, 4, 4)

    # Six pairs, each sharing one of three interests: 6 x 1/3 = 2.0; with a fourth of a third less, rounding shows.
    assert formation == Formation(((1, 2, 3, 4),), 2.0, ())
    odd = [member(1, "PGY-1", "Surgery", "a", "b", "c"), member(2, "PGY-2", "Medicine", "a", "x", "y"),
           member(3, "PGY-3", "Pediatrics", "z"), member(4, "PGY-4", "Psychiatry", "w")]
    assert form_circles(odd, 4, 4).score == 0.333333


def test_a_pool_too_small_for_one_circle_leaves_everyone_unplaced_in_id_order() -> None:
    members = [member(person_id) for person_id in (7, 3, 5)]

    assert form_circles(members, 4, 8) == Formation((), 0.0, (3, 5, 7))


def test_one_circle_holds_everyone_when_the_pool_fits_one() -> None:
    members = [member(person_id, f"PGY-{person_id}") for person_id in (4, 2, 3, 1, 5)]

    formation = form_circles(members, 4, 8)

    assert formation.circles == ((1, 2, 3, 4, 5),)
    assert formation.unplaced == ()


@pytest.mark.parametrize(("size_min", "size_max"), [(4, 4), (4, 5), (6, 8), (4, 8), (5, 7), (3, 3)])
def test_every_circle_is_within_the_themes_sizes_and_everyone_fits_whenever_a_split_exists(size_min, size_max) -> None:
    for people in range(0, 80):
        circles = circle_count(people, size_min, size_max)
        placed = min(people, circles * size_max)
        assert circles * size_min <= placed <= circles * size_max
        if any(k * size_min <= people <= k * size_max for k in range(1, people + 1)):
            assert placed == people


def test_when_the_sizes_cannot_hold_everyone_the_last_to_join_wait() -> None:
    joined = [member(person_id, f"PGY-{person_id % 3}") for person_id in (9, 2, 7, 4, 1, 8, 3, 6, 5)]

    formation = form_circles(joined, 6, 8)

    assert formation.circles == ((1, 2, 3, 4, 6, 7, 8, 9),)
    assert formation.unplaced == (5,)
