"""Small-cell suppression at its edges: exactly the minimum is shown, a group of one is still listed (hidden)."""

from bot.privacy import generalized, publishable, suppressed_groups


def test_a_population_of_exactly_the_minimum_is_shown() -> None:
    assert suppressed_groups({"Surgery": 5}) == set()
    assert suppressed_groups({"Surgery": 4}) == {"Surgery"}
    records = [{"program": "Surgery", "stage": "PGY-1"}] * 5
    assert generalized(records) == records
    assert generalized(records[:4]) == [{"program": None, "stage": None}] * 4


def test_a_group_of_one_is_listed_hidden_with_its_complement_and_empty_groups_are_not_groups() -> None:
    assert publishable({"a": 5, "b": 5, "c": 1, "d": 0}) == {"a": None, "b": 5, "c": None}
