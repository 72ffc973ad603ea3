"""The rotation's edges one by one: seats per table, nothing to plan, strangers in the fits, who waits a round,
rounding, and a solver that fails."""

from __future__ import annotations

import pytest

import bot.events.schedule as schedule
from bot.events.schedule import Rotation, plan_rotation, seats_per_mentor


@pytest.mark.parametrize(("mentees", "mentors", "seats"), [
    (0, 0, 1), (5, 0, 5), (5, 2, 3), (4, 2, 2), (1, 3, 1), (7, 7, 1), (8, 7, 2),
])
def test_each_table_seats_enough_for_everyone_to_sit_each_round(mentees, mentors, seats) -> None:
    assert seats_per_mentor(mentees, mentors) == seats


def test_nothing_to_plan_gives_empty_rounds_and_everyone_waits() -> None:
    assert plan_rotation([1, 2], [10], {}, rounds=2) == Rotation(((), ()), 0.0, 0.0, {1: 2, 2: 2})
    assert plan_rotation([1, 2], [10], {(1, 10): 0.5}, rounds=0) == Rotation((), 0.0, 0.0, {1: 0, 2: 0})


def test_one_round_is_a_rotation_too() -> None:
    rotation = plan_rotation([1], [10], {(1, 10): 0.5}, rounds=1)

    assert rotation == Rotation((((1, 10),),), 0.5, 0.5, {})


def test_fits_naming_someone_not_at_the_event_are_ignored() -> None:
    fits = {(1, 10): 0.5, (2, 10): 0.9, (1, 20): 0.9}  # mentee 2 and mentor 20 did not come

    rotation = plan_rotation([1], [10], fits, rounds=2)

    assert rotation.rounds in ((((1, 10),), ()), ((), ((1, 10),)))
    assert rotation.unseated == {1: 1}


def test_who_waits_is_told_how_many_rounds_without_a_table() -> None:
    # One table with one seat, three mentees, two rounds: two mentees sit once in all, the third waits twice.
    fits = {(1, 10): 0.9, (2, 10): 0.8, (3, 10): 0.1}

    rotation = plan_rotation([1, 2, 3], [10], fits, rounds=2, seats=1)

    assert sorted(pair for pairs in rotation.rounds for pair in pairs) == [(1, 10), (2, 10)]
    assert rotation.unseated == {1: 1, 2: 1, 3: 2}
    assert rotation.total_fit == pytest.approx(1.7)


def test_fit_and_bound_are_rounded_to_six_places() -> None:
    rotation = plan_rotation([1], [10], {(1, 10): 0.12345678}, rounds=1)

    assert (rotation.total_fit, rotation.bound) == (0.123457, 0.123457)


def test_a_solver_failure_is_raised_with_highs_own_words(monkeypatch: pytest.MonkeyPatch) -> None:
    real = schedule.linprog

    def failing(*args, **kwargs):
        result = real(*args, **kwargs)
        result.status, result.message = 2, "The problem is infeasible."
        return result

    monkeypatch.setattr(schedule, "linprog", failing)
    with pytest.raises(RuntimeError, match="^HiGHS could not solve the rotation: The problem is infeasible.$"):
        plan_rotation([1], [10], {(1, 10): 0.5}, rounds=1)


def test_a_fractional_vertex_is_refused_rather_than_rounded(monkeypatch: pytest.MonkeyPatch) -> None:
    real = schedule.linprog

    def halves(*args, **kwargs):
        result = real(*args, **kwargs)
        result.x = result.x * 0 + 0.5
        return result

    monkeypatch.setattr(schedule, "linprog", halves)
    with pytest.raises(RuntimeError, match="^the rotation LP returned a fractional vertex$"):
        plan_rotation([1], [10], {(1, 10): 0.5}, rounds=1)
