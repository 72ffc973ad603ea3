"""Times two people can both make, from each one's weekly windows (in their own timezone) and busy blocks.

Pure: no database, no clock. Every instant is an aware UTC datetime; local times go through the tz database, so
a window "Monday 09:00-10:00" stays 09:00 local across a DST change, and a window whose end is not after its
start ("Friday 22:00-02:00") runs past midnight into the next day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.timing import UTC, zone

Interval = tuple[datetime, datetime]  # [start, end), aware UTC
SLOT_STEP = timedelta(minutes=30)  # candidate starts on the half hour (UTC), which is the half hour in every zone
# with a whole- or half-hour offset


@dataclass(frozen=True)
class Window:
    """A weekly window on the person's own clock; weekday 0 = Monday."""

    weekday: int
    start: time
    end: time  # not after `start`: the window ends on the next day


@dataclass(frozen=True)
class Calendar:
    """One person's availability as the slot finder sees it (nobody else ever sees these parts)."""

    timezone: str
    windows: tuple[Window, ...]
    busy: tuple[Interval, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class MeetingShape:
    """How long a meeting is and how much free time it needs around it (travel to an in-person meeting)."""

    length: timedelta = timedelta(minutes=30)
    buffer: timedelta = timedelta(0)


VIRTUAL = MeetingShape()
IN_PERSON = MeetingShape(length=timedelta(minutes=45), buffer=timedelta(minutes=15))


def _local_opening(day: date, at: time, timezone: str) -> datetime:
    return datetime.combine(day, at, tzinfo=zone(timezone)).astimezone(UTC)


def window_intervals(calendar: Calendar, start: datetime, end: datetime) -> list[Interval]:
    """Every occurrence of the person's weekly windows that overlaps [start, end), in UTC, clipped to it."""
    tz = zone(calendar.timezone)
    first, last = start.astimezone(tz).date() - timedelta(days=1), end.astimezone(tz).date()
    found: list[Interval] = []
    day = first
    while day <= last:
        for window in calendar.windows:
            if window.weekday != day.weekday():
                continue
            ends_on = day if window.end > window.start else day + timedelta(days=1)
            opening, closing = _local_opening(day, window.start, calendar.timezone), _local_opening(
                ends_on, window.end, calendar.timezone)
            if closing > start and opening < end:
                found.append((max(opening, start), min(closing, end)))
        day += timedelta(days=1)
    return merge(found)


def merge(intervals: list[Interval]) -> list[Interval]:
    """Sorted, with overlapping or touching intervals joined."""
    merged: list[Interval] = []
    for begin, finish in sorted(intervals):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        elif finish > begin:
            merged.append((begin, finish))
    return merged


def subtract(free: list[Interval], busy: list[Interval]) -> list[Interval]:
    """`free` without any moment of `busy`."""
    left: list[Interval] = []
    blocks = merge(busy)
    for begin, finish in free:
        cursor = begin
        for busy_start, busy_end in blocks:
            if busy_end <= cursor or busy_start >= finish:
                continue
            if busy_start > cursor:
                left.append((cursor, busy_start))
            cursor = max(cursor, busy_end)
        if cursor < finish:
            left.append((cursor, finish))
    return left


def intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    found: list[Interval] = []
    for a_start, a_end in a:
        for b_start, b_end in b:
            begin, finish = max(a_start, b_start), min(a_end, b_end)
            if begin < finish:
                found.append((begin, finish))
    return merge(found)


def free_time(calendar: Calendar, start: datetime, end: datetime) -> list[Interval]:
    """The person's windows in [start, end) minus their busy blocks."""
    return subtract(window_intervals(calendar, start, end), list(calendar.busy))


def _aligned(instant: datetime) -> datetime:
    step = int(SLOT_STEP.total_seconds())
    seconds = int(instant.timestamp())
    return datetime.fromtimestamp(-(-seconds // step) * step, tz=UTC)


def candidate_starts(common: list[Interval], shape: MeetingShape) -> list[datetime]:
    """Every half-hour start whose meeting, with its buffer on both sides, lies inside one common interval."""
    starts: list[datetime] = []
    for begin, finish in common:
        instant = _aligned(begin + shape.buffer)
        while instant + shape.length + shape.buffer <= finish:
            starts.append(instant)
            instant += SLOT_STEP
    return starts


def common_slots(people: tuple[Calendar, Calendar], *, start: datetime, end: datetime,
                 shape: MeetingShape = VIRTUAL, count: int = 3) -> list[datetime]:
    """Up to `count` meeting starts both people can make in [start, end): the earliest on each different day
    (the first person's calendar day), so a pair gets a real choice; then the earliest others. [] means the two
    have no time in common in that span (a signal that availability, not will, keeps them apart)."""
    common = intersect(free_time(people[0], start, end), free_time(people[1], start, end))
    candidates = candidate_starts(common, shape)
    tz = zone(people[0].timezone)
    chosen: list[datetime] = []
    days: set[date] = set()
    for instant in candidates:
        if instant.astimezone(tz).date() not in days:
            chosen.append(instant)
            days.add(instant.astimezone(tz).date())
    for instant in candidates:
        if instant not in chosen:
            chosen.append(instant)
    return sorted(chosen[:count])
