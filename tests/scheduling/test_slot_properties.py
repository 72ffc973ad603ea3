"""The slot finder's interval arithmetic and weekly windows, against a plain oracle: sets of quarter hours."""

from __future__ import annotations

import os
import time as system_time
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.scheduling.slots import (
    Calendar,
    MeetingShape,
    Window,
    candidate_starts,
    common_slots,
    intersect,
    merge,
    subtract,
    window_intervals,
)

QUARTER = timedelta(minutes=15)


@pytest.fixture(autouse=True)
def server_clock_not_in_utc() -> Iterator[None]:
    """Hospital servers are not always on UTC: nothing here may lean on the machine's own timezone."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Kolkata"
    system_time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    system_time.tzset()

ORIGIN = datetime(2026, 3, 6, tzinfo=UTC)  # a Friday, two days before North America's spring DST change


def at(quarters: int) -> datetime:
    return ORIGIN + quarters * QUARTER


intervals = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)).map(lambda p: (at(p[0]), at(p[0] + p[1]))),
                     max_size=6)


def quarters_of(found: list[tuple[datetime, datetime]]) -> set[datetime]:
    covered: set[datetime] = set()
    for begin, finish in found:
        instant = begin
        while instant < finish:
            covered.add(instant)
            instant += QUARTER
    return covered


def assert_canonical(found: list[tuple[datetime, datetime]]) -> None:
    """Sorted, each interval non-empty, and apart from the next (touching ones are joined)."""
    assert all(begin < finish for begin, finish in found)
    assert all(first[1] < second[0] for first, second in zip(found, found[1:]))


@settings(max_examples=300, deadline=None)
@given(intervals)
def test_merge_covers_exactly_the_union_in_canonical_form(given_intervals) -> None:
    merged = merge(given_intervals)

    assert quarters_of(merged) == quarters_of(given_intervals)
    assert_canonical(merged)


@settings(max_examples=300, deadline=None)
@given(intervals, intervals)
def test_subtract_and_intersect_are_set_difference_and_intersection(free, busy) -> None:
    left, both = subtract(merge(free), busy), intersect(free, busy)

    assert quarters_of(left) == quarters_of(free) - quarters_of(busy)
    assert quarters_of(both) == quarters_of(free) & quarters_of(busy)
    assert_canonical(left)
    assert_canonical(both)


def in_window(instant: datetime, calendar: Calendar) -> bool:
    """The rule as a person reads it: the local wall clock is inside a window that opened on its weekday."""
    local = instant.astimezone(ZoneInfo(calendar.timezone))
    today, yesterday, clock = local.weekday(), (local.weekday() - 1) % 7, local.time()
    for window in calendar.windows:
        if window.end > window.start:
            if window.weekday == today and window.start <= clock < window.end:
                return True
        elif (window.weekday == today and clock >= window.start) or (window.weekday == yesterday and clock < window.end):
            return True
    return False


# Hours away from 02:00-03:00, the hour that DST skips or repeats (its meaning is the tz database's, not ours).
hours = st.sampled_from([0, 1, 6, 9, 12, 17, 22, 23])
windows = st.builds(Window, st.integers(0, 6), hours.map(lambda h: time(h)), st.sampled_from([0, 1, 8, 10, 18, 23]).map(lambda h: time(h, 30)))


@settings(max_examples=200, deadline=None)
@given(st.lists(windows, min_size=1, max_size=3), st.sampled_from(["America/Toronto", "Europe/London", "Asia/Kolkata"]),
       st.integers(0, 4 * 24 * 3), st.integers(1, 4 * 24 * 4))
def test_weekly_windows_are_the_quarters_whose_wall_clock_is_inside_one(found_windows, timezone, first, length) -> None:
    calendar = Calendar(timezone, tuple(found_windows))
    start, end = at(first), at(first + length)

    found = window_intervals(calendar, start, end)

    expected = {at(q) for q in range(first, first + length) if in_window(at(q), calendar)}
    assert quarters_of(found) == expected
    assert_canonical(found)


def test_each_meeting_with_its_buffer_fits_inside_one_common_interval() -> None:
    shape = MeetingShape(length=timedelta(minutes=30), buffer=timedelta(minutes=15))
    half_hour = timedelta(minutes=30)

    # Starts are on the half hour after the buffer: 00:30 (its buffer ends at 01:15) and 01:00 (01:45) fit in
    # 00:00-02:00; 01:30 would end at 02:15. An hour (00:00-01:00) fits nothing; nor does a quarter hour.
    assert candidate_starts([(at(0), at(8)), (at(10), at(11))], shape) == [ORIGIN + half_hour, ORIGIN + 2 * half_hour]
    assert candidate_starts([(at(0), at(4))], shape) == []
    assert candidate_starts([(at(0), at(4))], MeetingShape(length=half_hour)) == [ORIGIN, ORIGIN + half_hour]


def test_three_slots_are_the_earliest_on_different_days_then_the_earliest_others_in_order() -> None:
    every_day = Calendar("UTC", tuple(Window(day, time(9), time(10)) for day in range(7)))
    start = datetime(2026, 3, 2, tzinfo=UTC)  # Monday

    two_days = common_slots((every_day, every_day), start=start, end=start + timedelta(days=2), count=3)
    four_days = common_slots((every_day, every_day), start=start, end=start + timedelta(days=4), count=3)
    one = common_slots((every_day, every_day), start=start, end=start + timedelta(days=4), count=1)

    day = date(2026, 3, 2)
    nine = [datetime.combine(day + timedelta(days=n), time(9), tzinfo=UTC) for n in range(4)]
    assert two_days == [nine[0], nine[0] + timedelta(minutes=30), nine[1]]
    assert four_days == nine[:3]
    assert one == [nine[0]]


def test_a_window_ending_when_it_starts_lasts_a_whole_day() -> None:
    monday = datetime(2026, 3, 2, tzinfo=UTC)
    calendar = Calendar("UTC", (Window(0, time(9), time(9)),))

    assert window_intervals(calendar, monday, monday + timedelta(days=3)) == [
        (monday + timedelta(hours=9), monday + timedelta(days=1, hours=9))]


def test_different_days_are_the_first_persons_calendar_days() -> None:
    # Auckland is UTC+13 in March: 09:00-11:00 UTC is 22:00-24:00 there, every one of those hours on one local day.
    auckland = Calendar("Pacific/Auckland", tuple(Window(day, time(0), time(23, 59)) for day in range(7)))
    utc_person = Calendar("UTC", tuple(Window(day, time(10), time(12)) for day in range(7)))
    start = datetime(2026, 3, 2, tzinfo=UTC)

    slots = common_slots((auckland, utc_person), start=start, end=start + timedelta(days=2), count=2)

    # 10:00-10:59 UTC is 23:00-23:59 in Auckland (one day), 11:00 UTC is the next Auckland day: the second slot.
    assert slots == [start + timedelta(hours=10), start + timedelta(hours=11)]
