"""Availability as people type it: weekly windows ("mon-fri 07:00-08:30", "lun-ven 7 h 30-9 h") and busy blocks
("2026-03-02 19:00 - 2026-03-09 07:00", or whole days "2026-03-10 - 2026-03-14"), read on their own clock.

Day names are read in every language mentorbot speaks, whoever types them (a French speaker pasting a rota written
in English still works): CLDR's abbreviated and full names (Babel), without case, accents or periods, or their
first three letters ("thurs", "merc"); windows are written back in the reader's language."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import cache

from babel.dates import get_day_names

from bot.i18n import _
from bot.i18n.catalogs import LANGUAGES
from bot.i18n.formats import REGIONS, babel_locale
from bot.scheduling.slots import Interval, Window
from bot.timing import UTC, zone

_FRENCH_CLOCK = re.compile(r"(\d{1,2})\s*h\s*(\d{2})?")  # 7 h 30, 7h30, 9 h
WINDOWS_MAX_CHARS = 1000  # the modal's input limits (Slack allows up to 3,000 per input)
BUSY_MAX_CHARS = 3000
ICS_MAX_CHARS = 3000  # one pasted calendar file: Slack's limit for a text input
_WINDOW = re.compile(r"^(?P<days>[a-z,\- ]+?)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$")
_BUSY = re.compile(r"^(?P<start>\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2})?)\s+-\s+(?P<end>\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2})?)$")


class AvailabilityError(ValueError):
    """A line could not be read; the message names it and says what was expected."""


def _lines(text: str) -> list[str]:
    return [line.strip().lower() for line in re.split(r"[\n;]", text) if line.strip()]


def _plain(text: str) -> str:
    """Lower case, without accents or periods: "Mer." and "mer" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace(".", ""))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def _day_numbers() -> dict[str, int]:
    """Every spelling of a weekday that mentorbot reads, Monday 0: each language's names and their first three
    letters (no two weekdays share them in English and French)."""
    numbers: dict[str, int] = {}
    for language in LANGUAGES:
        for width in ("abbreviated", "wide"):
            for day, name in get_day_names(width, locale=REGIONS.get(language, language)).items():
                numbers[_plain(name)] = numbers[_plain(name)[:3]] = day
    return numbers


def _day(word: str) -> int:
    numbers = _day_numbers()
    found = numbers.get(word, numbers.get(word[:3]))
    if found is None:
        raise ValueError
    return found


def _days(text: str) -> list[int]:
    found: list[int] = []
    for part in text.replace(" ", "").split(","):
        first, _dash, last = part.partition("-")
        start, end = _day(first), _day(last or first)
        found += list(range(start, end + 1)) if start <= end else list(range(start, 7)) + list(range(0, end + 1))
    return found


def parse_windows(text: str) -> list[Window]:
    """One window per line or `;`: days (mon-fri, sat, mon,wed) and a time range; an end not after its start runs
    past midnight (a night off: "sun 22:00-01:00")."""
    windows: list[Window] = []
    for line in _lines(text):
        found = _WINDOW.match(_FRENCH_CLOCK.sub(lambda m: f"{m[1]}:{m[2] or '00'}", _plain(line)))
        try:
            if not found:
                raise ValueError
            start, end = time.fromisoformat(found["start"].zfill(5)), time.fromisoformat(found["end"].zfill(5))
            if start == end:
                raise ValueError
            windows += [Window(day, start, end) for day in _days(found["days"])]
        except ValueError:
            raise AvailabilityError(_("“{line}” is not a window; write days and times like `{example}`.")
                                    .format(line=line, example=f"{weekdays()} 07:00-08:30")) from None
    return sorted(set(windows), key=lambda w: (w.weekday, w.start))


def day_word(weekday: int) -> str:
    """A weekday as people type it in the reader's language: mon / lun."""
    return _plain(get_day_names("abbreviated", locale=babel_locale())[weekday])


def weekdays() -> str:
    """Monday to Friday as typed in the reader's language: mon-fri / lun-ven."""
    return f"{day_word(0)}-{day_word(4)}"


def window_examples() -> str:
    """A modal's example, in the reader's language."""
    return f"{weekdays()} 07:00-08:00\n{day_word(5)} 10:00-12:00"


def format_windows(windows: list[Window]) -> str:
    """In the reader's language, as parse_windows reads it back: `lun 07:00-08:00`."""
    return "\n".join(f"{day_word(w.weekday)} {w.start:%H:%M}-{w.end:%H:%M}" for w in windows)


def _instant(text: str, timezone: str, *, end_of_day: bool) -> datetime:
    if len(text) == 10:
        day = date.fromisoformat(text) + timedelta(days=1 if end_of_day else 0)
        return datetime.combine(day, time(0), tzinfo=zone(timezone)).astimezone(UTC)
    return datetime.fromisoformat(text.replace(" ", "T")).replace(tzinfo=zone(timezone)).astimezone(UTC)


def parse_busy(text: str, timezone: str) -> list[Interval]:
    """One block per line on the person's own clock: `2026-03-02 19:00 - 2026-03-09 07:00`, or whole days
    `2026-03-10 - 2026-03-14` (both days included)."""
    blocks: list[Interval] = []
    for line in _lines(text):
        found = _BUSY.match(line)
        try:
            if not found:
                raise ValueError
            start = _instant(found["start"], timezone, end_of_day=False)
            end = _instant(found["end"], timezone, end_of_day=True)
            if end <= start:
                raise ValueError
        except ValueError:
            raise AvailabilityError(_("“{line}” is not a busy block; write `2026-03-02 19:00 - 2026-03-09 07:00` or "
                                      "whole days `2026-03-10 - 2026-03-14`.").format(line=line)) from None
        blocks.append((start, end))
    return sorted(blocks)


def format_busy(blocks: list[Interval], timezone: str) -> str:
    tz = zone(timezone)
    return "\n".join(f"{start.astimezone(tz):%Y-%m-%d %H:%M} - {end.astimezone(tz):%Y-%m-%d %H:%M}"
                     for start, end in blocks)
