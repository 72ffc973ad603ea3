"""A person's own "today", and who is on a pause: one rule for matching, check-ins, surveys, announcements and Home.

A pause "until" a date ends when that date begins on the person's own calendar (their Slack timezone), whatever
the date is in UTC or in the program's timezone.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.timing import zone
from storage.tables import Person


def local_today(person: Person, now: datetime) -> date:
    """The date on the person's own calendar: "today" for someone in Tokyo may be tomorrow in UTC."""
    return now.astimezone(zone(person.timezone)).date()


def is_paused(person: Person, now: datetime) -> bool:
    """On a pause at `now` (the injected clock's): the pause ends after today on the person's own calendar."""
    return person.paused_until is not None and person.paused_until > local_today(person, now)
