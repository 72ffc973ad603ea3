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

import itertools
from collections import Counter
from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

DEFAULT_MINIMUM_GROUP = 5  # OECD's threshold; the program may raise it, never lower it

Key = TypeVar("Key", bound=Hashable)  # not text: a type


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
    """Copies of `records` (attribute -> value) with values blanked (None) so each is one of `minimum` alike,
    blanking as few values as it can: each blank hides one person from one attribute's breakdown.

    Used on what is stored, not only on what is shown: someone who knows who took part and each person's
    attributes must not be able to single out one record by its attributes (k-anonymity, blank = a value).
    Candidates (`_recodings`): per attribute, the values `suppressed_groups` hides (small groups and their
    complements), or those plus the next smallest values, up to all of them. Each combination of candidates is
    completed by `_localised` (records whose whole combination is still rare lose attributes until none is), and
    the one with the fewest blanks wins; ties go to the earlier candidate, so the answer is deterministic.
    Hiding a whole breakdown is chosen only when every way of keeping it blanks more values elsewhere.
    With fewer than `minimum` records, all is blank.
    """
    rows = [dict(record) for record in records]
    attributes = sorted({key for row in rows for key in row})
    if len(rows) < minimum:
        return [{attribute: None for attribute in row} for row in rows]
    combinations = Counter(_combination(row) for row in rows)
    best: tuple[int, dict[tuple, tuple]] | None = None
    for recoding in _recodings(rows, attributes, minimum):
        kept = _localised(combinations, recoding, minimum)
        blanks = sum(count * sum(1 for _, value in kept[c] if value is None) for c, count in combinations.items())
        if best is None or blanks < best[0]:
            best = (blanks, kept)
    assert best is not None  # the last recoding blanks everything, which is always one group of all
    return [dict(best[1][_combination(row)]) for row in rows]


def _recodings(rows: list[dict[str, Any]], attributes: list[str], minimum: int) -> list[dict[str, set]]:
    """Candidate values to blank globally, per attribute: what `suppressed_groups` hides, then one more of the
    smallest values at a time (never leaving a single hidden group beside visible ones)."""
    choices: list[list[set]] = []
    for attribute in attributes:
        sizes = Counter(row.get(attribute) for row in rows if row.get(attribute) is not None)
        hidden = suppressed_groups(sizes, minimum)
        rest = sorted((value for value in sizes if value not in hidden), key=lambda value: (sizes[value], str(value)))
        chain = [hidden | set(rest[:count]) for count in range(len(rest) + 1)]
        choices.append([h for h in chain if not h or len(h) >= 2 or len(h) == len(sizes)])
    return [dict(zip(attributes, picked)) for picked in _product_capped(choices, MAXIMUM_RECODINGS)]


MAXIMUM_RECODINGS = 4096  # bounds the time to close a round; the first candidates (least blanked) come first


def _product_capped(choices: list[list[set]], limit: int) -> list[tuple[set, ...]]:
    """The combinations of choices, the ones with the fewest extra values blanked first, at most `limit`."""
    picks = sorted(itertools.product(*[range(len(c)) for c in choices]), key=lambda p: (sum(p), p))[:limit - 1]
    last = tuple(len(c) - 1 for c in choices)  # everything blanked: always valid, so always a candidate
    return [tuple(c[i] for c, i in zip(choices, p)) for p in [*[p for p in picks if p != last], last]]


def _localised(combinations: Counter, recoding: dict[str, set], minimum: int) -> dict[tuple, tuple]:
    """Each original combination -> the one stored, after `recoding` and then local blanking of rare ones:
    rare records lose the attribute with the most distinct values among them (the fewest records first on a
    tie); once only all-blank records are rare, the smallest other combination is blanked to join them (so the
    blank ones cannot be told apart by elimination). Records alike are always treated alike."""
    kept = {c: tuple((a, None if v in recoding.get(a, ()) else v) for a, v in c) for c in combinations}
    while rare := _rare(combinations, kept, minimum):
        valued = sorted({a for c in rare for a, v in kept[c] if v is not None})
        if valued:
            attribute = max(valued, key=lambda a: (len({dict(kept[c])[a] for c in rare}), a))
            targets, attributes = rare, {attribute}
        else:
            targets = _smallest_other(combinations, kept)
            attributes = {a for a, _ in kept[targets[0]]}
        for c in targets:
            kept[c] = tuple((a, None if a in attributes else v) for a, v in kept[c])
    return kept


def _stored_sizes(combinations: Counter, kept: dict[tuple, tuple]) -> Counter:
    sizes: Counter = Counter()
    for c, count in combinations.items():
        sizes[kept[c]] += count
    return sizes


def _rare(combinations: Counter, kept: dict[tuple, tuple], minimum: int) -> list[tuple]:
    """Original combinations whose stored combination (blanks included) fewer than `minimum` records share."""
    sizes = _stored_sizes(combinations, kept)
    return [c for c in combinations if sizes[kept[c]] < minimum]


def _smallest_other(combinations: Counter, kept: dict[tuple, tuple]) -> list[tuple]:
    sizes = _stored_sizes(combinations, kept)
    valued = [s for s in sizes if any(v is not None for _, v in s)]
    smallest = min(valued, key=lambda s: (sizes[s], str(s)))
    return [c for c in combinations if kept[c] == smallest]


def _combination(row: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(row.items(), key=lambda item: item[0]))
