"""Working hours in each person's own timezone: window edges, weekends, DST days, and local working days that
cross midnight in UTC (Auckland, Honolulu). Pure functions; no database, no Slack."""

import time as system_time
from collections.abc import Iterator
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.timing import DeliveryWindow, in_window, local_datetime, next_window_start, zone

NINE_TO_FIVE = DeliveryWindow()  # 09:00-17:00, Monday to Friday: the program's default


@pytest.fixture(autouse=True)
def server_in_kolkata(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The server's own timezone (UTC+05:30 here) must never leak into anyone's times."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    system_time.tzset()
    yield
    monkeypatch.undo()
    system_time.tzset()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_default_window_is_nine_to_five_on_weekdays() -> None:
    assert NINE_TO_FIVE == DeliveryWindow(start=time(9, 0), end=time(17, 0), weekdays=frozenset({0, 1, 2, 3, 4}))


@pytest.mark.parametrize(("name", "expected"), [
    ("Europe/London", "Europe/London"),
    (None, "America/Edmonton"),         # Slack did not say: the program's home
    ("", "America/Edmonton"),
    ("Mars/Olympus_Mons", "America/Edmonton"),  # a name the tz database does not know
    ("../../etc/passwd", "America/Edmonton"),   # a name zoneinfo refuses outright (ValueError)
])
def test_an_unknown_or_missing_timezone_falls_back_to_the_programs(name: str | None, expected: str) -> None:
    assert zone(name) == ZoneInfo(expected)


def test_the_fallback_timezone_can_be_given() -> None:
    assert zone("Nowhere/Land", fallback="Asia/Tokyo") == ZoneInfo("Asia/Tokyo")
    assert zone(None, fallback="Asia/Tokyo") == ZoneInfo("Asia/Tokyo")


# Wednesday 2024-01-17 in Edmonton (UTC-7 in winter): 09:00 local is 16:00 UTC, 17:00 local is 00:00 UTC the next day.
@pytest.mark.parametrize(("instant", "inside"), [
    (utc(2024, 1, 17, 15, 59, 59), False),  # 08:59:59 local
    (utc(2024, 1, 17, 16, 0), True),         # 09:00 local: the window opens
    (utc(2024, 1, 17, 23, 59, 59), True),    # 16:59:59 local
    (utc(2024, 1, 18, 0, 0), False),         # 17:00 local: closed (the UTC date is already Thursday)
    (utc(2024, 1, 20, 18, 0), False),        # Saturday 11:00 local
    (utc(2024, 1, 22, 0, 30), False),        # Sunday 17:30 local, though Monday in UTC
    (utc(2024, 1, 19, 23, 30), True),        # Friday 16:30 local
])
def test_in_window_uses_local_time_with_start_inclusive_and_end_exclusive(instant: datetime, inside: bool) -> None:
    assert in_window(instant, "America/Edmonton", NINE_TO_FIVE) is inside


def test_the_weekday_is_the_persons_not_utcs() -> None:
    # Auckland (UTC+13 in January): Monday 10:00 local is Sunday 21:00 UTC.
    assert in_window(utc(2024, 1, 21, 21, 0), "Pacific/Auckland", NINE_TO_FIVE)
    # Honolulu (UTC-10): Friday 16:00 local is Saturday 02:00 UTC.
    assert in_window(utc(2024, 1, 20, 2, 0), "Pacific/Honolulu", NINE_TO_FIVE)
    # and Saturday 10:00 in Auckland is Friday 21:00 UTC: not a working day there
    assert not in_window(utc(2024, 1, 19, 21, 0), "Pacific/Auckland", NINE_TO_FIVE)


def test_a_custom_window_with_weekend_days() -> None:
    weekends = DeliveryWindow(start=time(10, 30), end=time(12, 0), weekdays=frozenset({5, 6}))
    assert in_window(utc(2024, 1, 20, 10, 30), "UTC", weekends)
    assert not in_window(utc(2024, 1, 20, 12, 0), "UTC", weekends)
    assert not in_window(utc(2024, 1, 19, 11, 0), "UTC", weekends)
    assert next_window_start(utc(2024, 1, 19, 11, 0), "UTC", weekends) == utc(2024, 1, 20, 10, 30)


@pytest.mark.parametrize(("instant", "timezone", "expected"), [
    # inside the window: the instant itself
    (utc(2024, 1, 17, 16, 0), "America/Edmonton", utc(2024, 1, 17, 16, 0)),
    (utc(2024, 1, 17, 20, 15, 7), "America/Edmonton", utc(2024, 1, 17, 20, 15, 7)),
    # early on a weekday: today's opening
    (utc(2024, 1, 17, 9, 0), "America/Edmonton", utc(2024, 1, 17, 16, 0)),
    (utc(2024, 1, 17, 15, 59, 59), "America/Edmonton", utc(2024, 1, 17, 16, 0)),
    # just after midnight local (the previous UTC day): the same local day's opening
    (utc(2024, 1, 17, 7, 5), "America/Edmonton", utc(2024, 1, 17, 16, 0)),
    # after closing: tomorrow's opening
    (utc(2024, 1, 18, 0, 0), "America/Edmonton", utc(2024, 1, 18, 16, 0)),
    (utc(2024, 1, 18, 6, 59), "America/Edmonton", utc(2024, 1, 18, 16, 0)),  # 23:59 Wednesday local
    # Friday after closing, Saturday, Sunday: Monday's opening
    (utc(2024, 1, 20, 0, 30), "America/Edmonton", utc(2024, 1, 22, 16, 0)),
    (utc(2024, 1, 20, 18, 0), "America/Edmonton", utc(2024, 1, 22, 16, 0)),
    (utc(2024, 1, 22, 6, 59), "America/Edmonton", utc(2024, 1, 22, 16, 0)),  # Sunday 23:59 local
    # Auckland, whose working day crosses midnight UTC: Saturday 10:00 local waits for Monday 09:00 local
    (utc(2024, 1, 19, 21, 0), "Pacific/Auckland", utc(2024, 1, 21, 20, 0)),
    # Honolulu, just before opening on Wednesday (already Thursday in UTC and on the server): Wednesday's opening
    (utc(2024, 1, 17, 18, 45), "Pacific/Honolulu", utc(2024, 1, 17, 19, 0)),
    # Honolulu: Friday 17:00 local (Saturday 03:00 UTC) waits for Monday 09:00 local
    (utc(2024, 1, 20, 3, 0), "Pacific/Honolulu", utc(2024, 1, 22, 19, 0)),
])
def test_next_window_start(instant: datetime, timezone: str, expected: datetime) -> None:
    opening = next_window_start(instant, timezone, NINE_TO_FIVE)
    assert opening == expected
    assert opening.utcoffset() is not None and opening.utcoffset().total_seconds() == 0
    assert in_window(opening, timezone, NINE_TO_FIVE)


@pytest.mark.parametrize(("instant", "timezone", "expected"), [
    # Spring forward: Edmonton moves to UTC-6 at 02:00 on Sunday 2024-03-10; Monday opens at 15:00 UTC, not 16:00.
    (utc(2024, 3, 9, 18, 0), "America/Edmonton", utc(2024, 3, 11, 15, 0)),
    # Fall back: on Sunday 2024-11-03 Edmonton returns to UTC-7; Monday opens at 16:00 UTC again.
    (utc(2024, 11, 2, 18, 0), "America/Edmonton", utc(2024, 11, 4, 16, 0)),
    # London springs forward on Sunday 2024-03-31: Monday 09:00 BST is 08:00 UTC.
    (utc(2024, 3, 29, 17, 0), "Europe/London", utc(2024, 4, 1, 8, 0)),
    # From Sunday 00:00 local, the DST day itself (still UTC-7): Monday 09:00 at the new offset.
    (utc(2024, 3, 10, 7, 0), "America/Edmonton", utc(2024, 3, 11, 15, 0)),
])
def test_the_opening_stays_nine_local_across_dst(instant: datetime, timezone: str, expected: datetime) -> None:
    assert next_window_start(instant, timezone, NINE_TO_FIVE) == expected


def test_a_window_opening_inside_the_hour_dst_skips_or_repeats() -> None:
    every_day_at_half_two = DeliveryWindow(start=time(2, 30), end=time(4, 0), weekdays=frozenset(range(7)))
    # 2024-03-10 02:30 does not exist in Edmonton; the opening is read with the pre-change offset (UTC-7)
    # and is still after the asking instant (01:00 MST = 08:00 UTC), so it is today's, not tomorrow's.
    opening = next_window_start(utc(2024, 3, 10, 8, 0), "America/Edmonton", every_day_at_half_two)
    assert opening == utc(2024, 3, 10, 9, 30)  # 03:30 MDT: the skipped half hour read as MST


def test_a_window_without_days_is_an_error_not_an_endless_search() -> None:
    with pytest.raises(ValueError, match="^the delivery window has no weekdays$"):
        next_window_start(utc(2024, 1, 20, 18, 0), "UTC", DeliveryWindow(weekdays=frozenset()))


def test_every_weekday_window_is_found_within_a_week() -> None:
    for weekday in range(7):
        only_that_day = DeliveryWindow(weekdays=frozenset({weekday}))
        # from just after that day's window closes, the next opening is seven days later
        monday_2024_01_15 = utc(2024, 1, 15, 17, 0)
        after_close = monday_2024_01_15.replace(day=15 + weekday)
        assert next_window_start(after_close, "UTC", only_that_day) == utc(2024, 1, 22 + weekday, 9, 0)


@pytest.mark.parametrize(("local", "timezone", "expected"), [
    (datetime(2024, 1, 17, 9, 0), "America/Edmonton", utc(2024, 1, 17, 16, 0)),
    (datetime(2024, 7, 17, 9, 0), "America/Edmonton", utc(2024, 7, 17, 15, 0)),  # summer: UTC-6
    (datetime(2024, 1, 17, 9, 0), "Pacific/Auckland", utc(2024, 1, 16, 20, 0)),  # the previous UTC day
    (datetime(2024, 1, 17, 9, 0), None, utc(2024, 1, 17, 16, 0)),  # unknown: the program's home
])
def test_local_datetime_reads_a_wall_clock_time_in_the_persons_zone(local: datetime, timezone: str | None,
                                                                    expected: datetime) -> None:
    instant = local_datetime(local, timezone)  # type: ignore[arg-type]
    assert instant == expected
    assert instant.utcoffset().total_seconds() == 0
