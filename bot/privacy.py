"""Small-cell suppression for anything reported about groups of people (survey results, equity breakdowns).

The rule (OECD threshold rule plus complementary suppression):
1. A group with fewer than `minimum` people is hidden (primary suppression). Empty groups are not groups.
2. If anything is hidden, the hidden groups together must hold at least `minimum` people and be at least two
   groups; otherwise the smallest still-visible group is hidden too (complementary suppression), repeatedly.
   Reason: the total is published, so a single hidden group could be recovered by subtracting the visible
   groups from it, and two hidden groups of 1 and 2 would reveal what those 3 people said together.
3. If the whole population is smaller than `minimum`, everything is hidden, the total included.

`generalized` applies the same rule to stored records, so rare combinations of attributes are not kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

DEFAULT_MINIMUM_GROUP = 5  # OECD's threshold; the program may raise it, never lower it

Key = TypeVar("Key", bound=Hashable)


def minimum_group(configured: int | None) -> int:
    """The threshold in force: the configured value, but never below the default."""
    return max(DEFAULT_MINIMUM_GROUP, configured or DEFAULT_MINIMUM_GROUP)


def suppressed_groups(sizes: Mapping[Key, int], minimum: int = DEFAULT_MINIMUM_GROUP) -> set[Key]:
    """The groups to hide so that no group under `minimum` people can be seen or derived from the total.

    `sizes` maps each group of one breakdown (the groups partition one published total) to its head count.
    Ties between equally small visible groups are broken by key order, so the answer is deterministic.
    """
    present = {key: size for key, size in sizes.items() if size > 0}
    if sum(present.values()) < minimum:
        return set(present)
    hidden = {key for key, size in present.items() if size < minimum}
    visible = sorted((key for key in present if key not in hidden), key=lambda key: (present[key], str(key)))
    while hidden and visible and (len(hidden) < 2 or sum(present[key] for key in hidden) < minimum):
        hidden.add(visible.pop(0))
    return hidden


def publishable(sizes: Mapping[Key, int], minimum: int = DEFAULT_MINIMUM_GROUP) -> dict[Key, int | None]:
    """Each group's size, or None where it must be hidden (see `suppressed_groups`)."""
    hidden = suppressed_groups(sizes, minimum)
    return {key: None if key in hidden else size for key, size in sizes.items() if size > 0}


def generalized(records: list[dict[str, Any]], minimum: int = DEFAULT_MINIMUM_GROUP) -> list[dict[str, Any]]:
    """Copies of `records` (attribute -> value) with values blanked (None) so each is one of `minimum` alike.

    Used on what is stored, not only on what is shown: someone who knows who took part and each person's
    attributes must not be able to single out one record by its attributes (k-anonymity, blank = a value).
    1. Per attribute, every value that `suppressed_groups` would hide is blanked (small groups, and the
       complementary ones).
    2. While some records' whole combination of values (blanks included) is shared by fewer than `minimum`
       records, they lose the attribute with the most distinct values among them; once only all-blank records
       are rare, the smallest other combination is blanked to join them (so the blank ones cannot be told apart
       by elimination). Records alike are always treated alike. With fewer than `minimum` records, all is blank.
    """
    rows = [dict(record) for record in records]
    for attribute in sorted({key for row in rows for key in row}):
        sizes = Counter(row.get(attribute) for row in rows if row.get(attribute) is not None)
        hidden = suppressed_groups(sizes, minimum)
        for row in rows:
            if row.get(attribute) in hidden:
                row[attribute] = None
    while len(rows) >= minimum and (rare := _rare_rows(rows, minimum)):
        valued = sorted({key for row in rare for key, value in row.items() if value is not None})
        if valued:
            attribute = max(valued, key=lambda key: len({row.get(key) for row in rare}))
            _blank(rare, [attribute])
        else:
            smallest = _smallest_other_combination(rows)
            _blank(smallest, list(smallest[0]))
    return rows


def _blank(rows: list[dict[str, Any]], attributes: list[str]) -> None:
    for row in rows:
        for attribute in attributes:
            row[attribute] = None


def _combination(row: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(row.items(), key=lambda item: item[0]))


def _rare_rows(rows: list[dict[str, Any]], minimum: int) -> list[dict[str, Any]]:
    """Rows whose whole combination of values (blanks included) fewer than `minimum` rows share."""
    counts = Counter(_combination(row) for row in rows)
    return [row for row in rows if counts[_combination(row)] < minimum]


def _smallest_other_combination(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter(_combination(row) for row in rows if any(value is not None for value in row.values()))
    smallest = min(counts, key=lambda combination: (counts[combination], str(combination)))
    return [row for row in rows if _combination(row) == smallest]
