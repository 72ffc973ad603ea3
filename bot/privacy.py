"""Small-cell suppression for anything reported about groups of people (survey results, equity breakdowns).

The rule (OECD threshold rule plus complementary suppression):
1. A group with fewer than `minimum` people is hidden (primary suppression). Empty groups are not groups.
2. If anything is hidden, the hidden groups together must hold at least `minimum` people and be at least two
   groups; otherwise the smallest still-visible group is hidden too (complementary suppression), repeatedly.
   Reason: the total is published, so a single hidden group could be recovered by subtracting the visible
   groups from it, and two hidden groups of 1 and 2 would reveal what those 3 people said together.
3. If the whole population is smaller than `minimum`, everything is hidden, the total included.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

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
