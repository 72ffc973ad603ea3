"""Busy blocks from an iCalendar (.ics) file: every event that blocks time, recurrences expanded over a horizon."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


from bot.i18n import _
from bot.scheduling.availability_text import AvailabilityError
from bot.scheduling.slots import Interval, merge
from bot.timing import UTC, zone

IMPORT_HORIZON = timedelta(days=120)  # rotations are planned about a block (4 weeks) to a term ahead


def _instant(value: date | datetime, timezone: str) -> datetime:
    """A DATE is a whole day on the person's own calendar; a floating DATE-TIME is their wall clock."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), tzinfo=zone(timezone)).astimezone(UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone(timezone)).astimezone(UTC)
    return value.astimezone(UTC)


def busy_from_ics(text: str, timezone: str, now: datetime) -> list[Interval]:
    """Events marked free (TRANSP:TRANSPARENT) or cancelled are left out; recurring ones (a weekly night shift)
    are expanded with recurring-ical-events from now to IMPORT_HORIZON ahead."""
    import icalendar  # deferred: only a pasted calendar needs the parsers
    import recurring_ical_events

    try:
        calendar = icalendar.Calendar.from_ical(text)
        events = recurring_ical_events.of(calendar).between(now, now + IMPORT_HORIZON)
    except Exception as exc:  # icalendar raises ValueError, KeyError or its own errors on malformed files
        raise AvailabilityError(_("That is not an iCalendar file (it should begin with BEGIN:VCALENDAR).")) from exc
    blocks: list[Interval] = []
    for event in events:
        if str(event.get("TRANSP", "")).upper() == "TRANSPARENT" or str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start = event.get("DTSTART")
        if start is None:
            continue
        end = event.get("DTEND")
        begin = _instant(start.dt, timezone)
        finish = _instant(end.dt, timezone) if end is not None else begin + (
            timedelta(days=1) if not isinstance(start.dt, datetime) else timedelta(0))
        if finish > begin:
            blocks.append((begin, finish))
    return merge(blocks)
