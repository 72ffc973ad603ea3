"""A program's report never undoes the faculty report's suppression: subtracting it from the faculty-wide figure
must not show a group smaller than the minimum (the other programs' few respondents)."""

from __future__ import annotations

from tests.report.test_program_formats import faculty_snapshot
from bot.report.scoped import answers_safe_from_subtraction, ratings_safe_from_subtraction
from storage.queries.report import AnswerRow

MINIMUM = 5


def answers(program: str, respondents: int, round_id: int = 1) -> list[AnswerRow]:
    return [AnswerRow(round_id, f"{program}-{n}", "mentee", program, "PGY-1", 10, "4") for n in range(respondents)]


def test_a_program_figure_is_withheld_when_the_rest_of_the_faculty_is_a_small_group() -> None:
    # Six answered: five in Internal Medicine, one in Surgery. The faculty figure (6) and Medicine's (5) are each
    # at the minimum, but their difference is Surgery's one resident.
    faculty = answers("Internal Medicine", 5) + answers("Surgery", 1)

    assert answers_safe_from_subtraction(faculty, frozenset({"Internal Medicine"}), MINIMUM) == []


def test_a_program_figure_stands_when_the_rest_is_none_or_a_full_group() -> None:
    alone = answers("Internal Medicine", 5)
    assert answers_safe_from_subtraction(alone, frozenset({"Internal Medicine"}), MINIMUM) == alone
    with_others = alone + answers("Surgery", 5)
    assert answers_safe_from_subtraction(with_others, frozenset({"Internal Medicine"}), MINIMUM) == alone


def test_only_the_exposed_round_is_withheld() -> None:
    faculty = answers("Internal Medicine", 5, round_id=1) + answers("Surgery", 2, round_id=1) + answers(
        "Internal Medicine", 5, round_id=2) + answers("Surgery", 6, round_id=2)

    kept = answers_safe_from_subtraction(faculty, frozenset({"Internal Medicine"}), MINIMUM)

    assert {a.round_id for a in kept} == {2} and len(kept) == 5


def test_meeting_ratings_follow_the_same_rule() -> None:
    from dataclasses import replace
    from datetime import date
    from types import SimpleNamespace

    snapshot = faculty_snapshot()
    matches = [SimpleNamespace(id=match_id, mentee_id=100 + match_id) for match_id in range(1, 8)]
    state = replace(snapshot.state, matches=matches)
    day = date(2026, 11, 1)
    ratings = [(match_id, day, "useful") for match_id in range(1, 8)]  # seven mentees rated
    mine = set(range(1, 6))  # five of them in the program: the other two are a small group

    assert ratings_safe_from_subtraction(replace(snapshot, state=state, meeting_ratings=ratings, minimum_group=5),
                                         mine) == []
    all_mine = set(range(1, 8))
    assert len(ratings_safe_from_subtraction(replace(snapshot, state=state, meeting_ratings=ratings,
                                                     minimum_group=5), all_mine)) == 7
