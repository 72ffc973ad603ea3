"""When a person may be messaged: their own Slack timezone, working hours on weekdays, never in quiet hours.

All instants are aware UTC datetimes; local times are computed with zoneinfo, so DST is handled by the
tz database (a 9:00 delivery stays 9:00 local across a DST change).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = ZoneInfo("UTC")


@dataclass(frozen=True)
class DeliveryWindow:
    start: time = time(9, 0)
    end: time = time(17, 0)
    weekdays: frozenset[int] = frozenset(range(5))  # Monday=0 … Friday=4


def zone(name: str | None, fallback: str = "America/Edmonton") -> ZoneInfo:  # not text: a timezone
    try:
        return ZoneInfo(name or fallback)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(fallback)


def in_window(instant: datetime, timezone: str, window: DeliveryWindow) -> bool:
    local = instant.astimezone(zone(timezone))
    return local.weekday() in window.weekdays and window.start <= local.time() < window.end


def next_window_start(instant: datetime, timezone: str, window: DeliveryWindow) -> datetime:
    """`instant` itself if it is inside the window, else the next opening of the window (UTC)."""
    if in_window(instant, timezone, window):
        return instant
    tz = zone(timezone)
    local = instant.astimezone(tz)
    for days_ahead in range(8):  # today's opening may have passed: the same weekday comes again in 7 days
        day = (local + timedelta(days=days_ahead)).date()
        if day.weekday() not in window.weekdays:
            continue
        opening = datetime.combine(day, window.start, tzinfo=tz)
        if opening > local:  # one tzinfo on both sides: compared as wall-clock times, as the window is written
            return opening.astimezone(UTC)
    raise ValueError("the delivery window has no weekdays")  # not text: a programming error


def local_datetime(day_and_time: datetime, timezone: str) -> datetime:
    """A naive local wall-clock time in this timezone, as an aware UTC instant."""
    return day_and_time.replace(tzinfo=zone(timezone)).astimezone(UTC)
