"""The slot finder, table by table: DST days, windows past midnight, timezones, nights as busy blocks."""

from datetime import UTC, datetime, time

import pytest

from bot.scheduling.slots import IN_PERSON, Calendar, Window, common_slots, free_time, subtract

WEEKDAYS = range(5)


def weekly(tz: str, start: str, end: str, days=WEEKDAYS) -> Calendar:
    return Calendar(tz, tuple(Window(d, time.fromisoformat(start), time.fromisoformat(end)) for d in days))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


CASES = [
    # (name, first, second, start, end, expected UTC starts)
    ("same zone, one hour in common each weekday",
     weekly("America/Edmonton", "09:00", "10:00"), weekly("America/Edmonton", "09:30", "11:00"),
     utc(2026, 3, 2, 0), utc(2026, 3, 5, 0),  # Mon-Wed; MST = UTC-7
     [utc(2026, 3, 2, 16, 30), utc(2026, 3, 3, 16, 30), utc(2026, 3, 4, 16, 30)]),
    ("Toronto morning meets London afternoon",
     weekly("America/Toronto", "08:00", "09:00"), weekly("Europe/London", "13:00", "14:00"),
     utc(2026, 2, 9, 0), utc(2026, 2, 10, 0),  # EST = UTC-5, GMT = UTC
     [utc(2026, 2, 9, 13, 0), utc(2026, 2, 9, 13, 30)]),
    ("North American DST (8 March 2026) moves the overlap by an hour in UTC",
     weekly("America/Toronto", "08:00", "09:00"), weekly("Europe/London", "12:00", "14:00"),
     utc(2026, 3, 6, 0), utc(2026, 3, 10, 0),  # Fri EST: 13:00Z; Mon EDT: 12:00Z; London still GMT
     [utc(2026, 3, 6, 13, 0), utc(2026, 3, 6, 13, 30), utc(2026, 3, 9, 12, 0)]),
    ("a window past midnight (Friday 22:00-02:00) meets a Saturday 01:00 window",
     weekly("America/Vancouver", "22:00", "02:00", days=[4]), weekly("America/Vancouver", "01:00", "03:00", days=[5]),
     utc(2026, 1, 9, 0), utc(2026, 1, 12, 0),  # Sat 01:00-02:00 PST = 09:00-10:00Z
     [utc(2026, 1, 10, 9, 0), utc(2026, 1, 10, 9, 30)]),
    ("no time in common", weekly("Europe/London", "09:00", "10:00"), weekly("Asia/Tokyo", "09:00", "10:00"),
     utc(2026, 3, 2, 0), utc(2026, 3, 16, 0), []),
]


@pytest.mark.parametrize("name,first,second,start,end,expected", CASES, ids=[c[0] for c in CASES])
def test_common_slots(name, first, second, start, end, expected) -> None:
    assert common_slots((first, second), start=start, end=end, count=len(expected) or 3) == expected


def test_three_slots_prefer_different_days() -> None:
    both = weekly("UTC", "09:00", "12:00")
    slots = common_slots((both, both), start=utc(2026, 3, 2, 0), end=utc(2026, 3, 16, 0))
    assert [s.date().day for s in slots] == [2, 3, 4]


def test_night_shifts_as_busy_blocks_leave_only_the_nights_off() -> None:
    nights = [(utc(2026, 3, d, 19), utc(2026, 3, d + 1, 7)) for d in (2, 3, 4)]  # UTC+0: 19:00-07:00 Mon-Wed nights
    resident = Calendar("UTC", weekly("UTC", "08:00", "20:00").windows, tuple(nights))
    mentor = weekly("UTC", "07:00", "09:00")
    slots = common_slots((resident, mentor), start=utc(2026, 3, 2, 0), end=utc(2026, 3, 7, 0))
    # Monday morning is before the first night; Tuesday to Thursday mornings end at 07:00, then 08:00 is free
    assert slots == [utc(2026, 3, 2, 8), utc(2026, 3, 3, 8), utc(2026, 3, 4, 8)]
    assert all(not (start <= s < end) for s in slots for start, end in nights)


def test_a_busy_block_over_the_only_window_leaves_nothing() -> None:
    resident = Calendar("UTC", weekly("UTC", "09:00", "10:00").windows,
                        ((utc(2026, 3, 1), utc(2026, 3, 20)),))  # vacation
    assert common_slots((resident, weekly("UTC", "00:00", "23:30")), start=utc(2026, 3, 2), end=utc(2026, 3, 16)) == []


def test_in_person_needs_its_buffer_inside_the_common_time() -> None:
    hour = weekly("UTC", "09:00", "10:00", days=[0])
    assert common_slots((hour, hour), start=utc(2026, 3, 2), end=utc(2026, 3, 3), shape=IN_PERSON) == []
    longer = weekly("UTC", "09:00", "10:30", days=[0])
    assert common_slots((longer, longer), start=utc(2026, 3, 2), end=utc(2026, 3, 3), shape=IN_PERSON) == [
        utc(2026, 3, 2, 9, 30)]  # 09:15 is not on the half hour


def test_spring_forward_gap_and_fall_back_keep_local_wall_times() -> None:
    early = weekly("America/Edmonton", "07:00", "08:00", days=[6])  # Sundays
    spring = free_time(early, utc(2026, 3, 8), utc(2026, 3, 9))  # DST begins 02:00 that Sunday
    fall = free_time(early, utc(2026, 11, 1), utc(2026, 11, 2))  # DST ends 02:00 that Sunday
    assert spring == [(utc(2026, 3, 8, 13), utc(2026, 3, 8, 14))]  # 07:00 MDT
    assert fall == [(utc(2026, 11, 1, 14), utc(2026, 11, 1, 15))]  # 07:00 MST


def test_subtract_splits_and_trims() -> None:
    free = [(utc(2026, 1, 1, 9), utc(2026, 1, 1, 17))]
    busy = [(utc(2026, 1, 1, 8), utc(2026, 1, 1, 10)), (utc(2026, 1, 1, 12), utc(2026, 1, 1, 13))]
    assert subtract(free, busy) == [(utc(2026, 1, 1, 10), utc(2026, 1, 1, 12)), (utc(2026, 1, 1, 13), utc(2026, 1, 1, 17))]
    assert subtract(free, [(utc(2026, 1, 1, 0), utc(2026, 1, 2, 0))]) == []
