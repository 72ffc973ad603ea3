"""Small-cell suppression with complementary suppression (bot/privacy.py)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from bot.privacy import generalized, minimum_group, publishable, suppressed_groups


def test_nothing_is_hidden_when_every_group_is_big_enough() -> None:
    assert suppressed_groups({"Internal Medicine": 7, "Surgery": 5}) == set()


def test_one_small_group_takes_the_next_smallest_with_it() -> None:
    # Surgery alone hidden would be total - 7 - 9 = 2: so Internal Medicine (the smallest visible) is hidden too.
    assert suppressed_groups({"Internal Medicine": 7, "Surgery": 2, "Pediatrics": 9}) == {"Surgery", "Internal Medicine"}


def test_hidden_groups_together_must_reach_the_minimum() -> None:
    # Two hidden groups of 1 would still show what those 2 people said together: hide a third.
    assert suppressed_groups({"a": 1, "b": 1, "c": 10, "d": 12}) == {"a", "b", "c"}


def test_a_population_under_the_minimum_is_hidden_entirely() -> None:
    assert publishable({"a": 2, "b": 2}) == {"a": None, "b": None}
    assert publishable({"only": 4}) == {"only": None}


def test_empty_groups_are_not_groups() -> None:
    assert publishable({"a": 6, "b": 0, "c": 5}) == {"a": 6, "c": 5}


def test_the_threshold_can_be_raised_but_never_lowered() -> None:
    assert (minimum_group(None), minimum_group(3), minimum_group(8)) == (5, 5, 8)
    assert suppressed_groups({"a": 7, "b": 9}, minimum=8) == {"a", "b"}


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(min_value=0, max_value=30), max_size=8),
       st.integers(min_value=5, max_value=12))
def test_no_small_group_can_be_seen_or_derived(sizes: dict[str, int], minimum: int) -> None:
    hidden = suppressed_groups(sizes, minimum)
    present = {group: size for group, size in sizes.items() if size > 0}
    visible = {group for group in present if group not in hidden}
    assert all(present[group] >= minimum for group in visible)
    if hidden and visible:  # the total is published: the hidden remainder must itself be a safe group of 2+
        assert len(hidden) >= 2 and sum(present[group] for group in hidden) >= minimum
    if sum(present.values()) < minimum:
        assert hidden == set(present)


def test_stored_attributes_keep_no_rare_value_or_combination() -> None:
    rows = ([{"program": "IM", "stage": "PGY-1"}] * 5 + [{"program": "IM", "stage": "PGY-2"}] * 6
            + [{"program": "Surgery", "stage": "PGY-2"}] * 2)
    kept = generalized(rows, 5)
    assert Counter(r["program"] for r in kept) == {None: 13}  # Surgery (2), so IM too: it would be the rest
    assert Counter(r["stage"] for r in kept) == {"PGY-1": 5, "PGY-2": 8}


def test_a_rare_combination_of_common_values_is_blanked() -> None:
    rows = ([{"program": "IM", "stage": "PGY-1"}] * 5 + [{"program": "Peds", "stage": "PGY-2"}] * 5
            + [{"program": "IM", "stage": "PGY-2"}])
    kept = generalized(rows, 5)
    # Blanking the stage of all 11 beats blanking both of the rare one and then 5 more to hide it among (12 blanks).
    assert Counter(tuple(r.values()) for r in kept) == {("IM", None): 6, ("Peds", None): 5}


def blanks(rows: list[dict]) -> int:
    return sum(value is None for row in rows for value in row.values())


def test_a_breakdown_is_kept_when_hiding_the_small_group_and_its_complement_is_enough() -> None:
    # Programs of 5, 5 and 2 (issue 13 point 10): hide Surgery (2) and, complementarily, the smallest other
    # program, and the stages of those 7; not the whole program breakdown (which the old greedy rule did).
    rows = ([{"program": "IM", "stage": "PGY-1", "role": "mentee"}] * 3
            + [{"program": "IM", "stage": "PGY-2", "role": "mentee"}] * 2
            + [{"program": "Peds", "stage": "PGY-2", "role": "mentee"}] * 5
            + [{"program": "Surgery", "stage": "PGY-3", "role": "mentee"}] * 2)
    kept = generalized(rows, 5)
    assert Counter((r["program"], r["stage"], r["role"]) for r in kept) == {
        ("Peds", "PGY-2", "mentee"): 5, (None, None, "mentee"): 7}
    assert blanks(kept) == 14


def test_one_attribute_with_programs_of_5_5_and_2_hides_only_the_2_and_one_5() -> None:
    rows = [{"program": "IM"}] * 5 + [{"program": "Peds"}] * 5 + [{"program": "Surgery"}] * 2
    assert Counter(r["program"] for r in generalized(rows, 5)) == {"Peds": 5, None: 7}


@given(st.lists(st.fixed_dictionaries({"program": st.sampled_from(["IM", "Peds", "Surg", None]),
                                       "stage": st.sampled_from(["PGY-1", "PGY-2", "PGY-3"]),
                                       "role": st.sampled_from(["mentee", "mentor", "both"])}), max_size=40),
       st.integers(min_value=5, max_value=8))
def test_every_record_is_one_of_at_least_the_minimum_alike(rows: list[dict], minimum: int) -> None:
    kept = generalized(rows, minimum)
    assert len(kept) == len(rows)
    for attribute in ("program", "stage", "role"):
        assert all(k[attribute] in (None, r[attribute]) for k, r in zip(kept, rows))  # values are only ever blanked
    assert blanks(kept) <= blanks(_blank_whole_attributes(rows, minimum))  # never worse than dropping attributes
    if len(rows) >= minimum:  # blanks count as a value: no record stands out, not even by being blank
        combinations = Counter(tuple(sorted(r.items())) for r in kept)
        assert all(count >= minimum for count in combinations.values())
    else:
        assert all(value is None for r in kept for value in r.values())


def _blank_whole_attributes(rows: list[dict], minimum: int) -> list[dict]:
    """A valid but lazy answer: blank every attribute entirely (the fallback the search must never do worse than)."""
    return [{key: None for key in row} for row in rows]
