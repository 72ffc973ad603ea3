"""Anonymous rows get ids that carry no order: nothing in an id lines a response up with when it was given."""

from __future__ import annotations

from storage.queries.surveys import random_id
from tests.conftest import Harness
from tests.surveys.test_anonymity_http import answered, answered_open_round, answered_round, table_rows  # noqa: F401

PREFIX = 8  # hex digits: ids made from a clock, a counter, uuid1 or a ULID share these when made close together


def shares_a_prefix(ids: list[str]) -> bool:
    return len({value[:PREFIX] for value in ids}) < len(ids)


def test_random_ids_are_128_random_bits_with_no_shared_leading_digits() -> None:
    ids = [random_id() for _ in range(200)]
    assert all(len(value) == 32 and int(value, 16) >= 0 for value in ids)
    assert not shares_a_prefix(ids)  # two random 32-bit prefixes of 200 collide with odds of about 1 in 200,000


def test_stored_responses_and_answers_share_no_leading_digits(answered_round: Harness) -> None:  # noqa: F811
    rows = table_rows(answered_round)
    for table in ("anonymous_response", "anonymous_answer"):
        ids = [str(row["id"]) for (name, row), _ in rows if name == table]
        assert len(ids) >= 6 and not shares_a_prefix(ids), (table, ids)
