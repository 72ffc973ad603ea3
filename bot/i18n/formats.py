"""Dates, times, numbers and lists in the current language, by Babel's CLDR data (Canadian English and French)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any, Literal

from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers

from bot.i18n.locale import current_language
from bot.i18n.text import ngettext

# English keeps CLDR's root English ("Dec", not en_CA's "Dec."): the texts people already know stay as they were.
REGIONS = {"en": "en", "fr": "fr_CA"}
DAY_PATTERNS = {"en": "EEEE, MMMM d", "fr": "EEEE d MMMM"}  # CLDR has no full-weekday skeleton without a year
MOMENT_PATTERNS = {"en": "EEE d MMM, HH:mm", "fr": "EEE d MMM, H 'h' mm"}  # a meeting's start, short
CLOCK_PATTERNS = {"en": "HH:mm", "fr": "H 'h' mm"}
FIRST_OF_MONTH = {"fr": "er"}  # French writes the first day of a month as an ordinal: jeudi 1er octobre (CLDR does not)
NAMED: dict[str, Literal["short", "medium", "long", "full"]] = {
    name: name for name in ("short", "medium", "long", "full")}
_QUOTED = re.compile(r"('[^']*')")
_DAY_OF_MONTH = re.compile(r"(?<!d)d(?!d)")


def babel_locale() -> str:
    return REGIONS.get(current_language(), "en_CA")


def day_pattern(value: date, format: str) -> str:  # noqa: A002
    """The CLDR pattern for `value` in the current language: a named format ('medium', 'long', 'full') resolved, and
    the first of the month said as the language says it (French: `d'er'`, 1er octobre). Every date formatter here
    goes through it, so no caller adds the ordinal itself."""
    suffix = FIRST_OF_MONTH.get(current_language())
    if not suffix or value.day != 1:
        return format
    if format in NAMED:
        format = babel_dates.get_date_format(NAMED[format], locale=babel_locale()).pattern
    return "".join(part if part.startswith("'") else _DAY_OF_MONTH.sub(f"d'{suffix}'", part)
                   for part in _QUOTED.split(format))


def format_date(value: date, format: str = "medium") -> str:  # noqa: A002 (Babel's name)
    """'medium': Dec. 3, 2026 / 3 déc. 2026; 'long': December 3, 2026 / 3 décembre 2026; or a CLDR pattern."""
    return babel_dates.format_date(value, format=day_pattern(value, format), locale=babel_locale())


def format_day(value: date) -> str:
    """A day without its year, as people say it: Thursday, December 3 / jeudi 3 décembre (jeudi 1er octobre)."""
    return format_date(value, DAY_PATTERNS.get(current_language(), DAY_PATTERNS["en"]))


def format_moment(value: datetime) -> str:
    """A local start time, short: Thu 3 Dec, 14:00 / jeu. 3 déc., 14 h 00 (`value` already on the reader's clock)."""
    pattern = day_pattern(value, MOMENT_PATTERNS.get(current_language(), MOMENT_PATTERNS["en"]))
    return babel_dates.format_datetime(value, format=pattern, locale=babel_locale())


def format_clock(value: datetime | time) -> str:
    """A local time of day: 14:00 / 14 h 00."""
    pattern = CLOCK_PATTERNS.get(current_language(), CLOCK_PATTERNS["en"])
    return babel_dates.format_time(value, format=pattern, locale=babel_locale())


def format_month_day(value: date) -> str:
    """December 3 / 3 décembre."""
    return format_date(value, "MMMM d" if current_language() == "en" else "d MMMM")


def format_period(start: date, end: date) -> str:
    """Two days as one span, the shared month and year said once: Mar 3 – 10, 2026 / 3–10 mars 2026."""
    return str(babel_dates.format_interval(start, end, "yMMMd", locale=babel_locale()))


def format_weekday(value: date) -> str:
    return babel_dates.format_date(value, format="EEEE", locale=babel_locale())


def format_time(value: time | datetime, format: str = "short", tzinfo: Any = None) -> str:  # noqa: A002
    """'short': 2:30 p.m. / 14 h 30."""
    return babel_dates.format_time(value, format=format, tzinfo=tzinfo, locale=babel_locale())


def format_datetime(value: datetime, format: str = "medium", tzinfo: Any = None) -> str:  # noqa: A002
    return babel_dates.format_datetime(value, format=format, tzinfo=tzinfo, locale=babel_locale())


def format_number(value: int | float, format: str | None = None) -> str:  # noqa: A002
    """12,345.5 / 12 345,5; `format` a CLDR pattern such as "0.00" for a fixed number of decimals."""
    return babel_numbers.format_decimal(value, format=format, locale=babel_locale())


def format_percent(value: float, format: str | None = None) -> str:  # noqa: A002
    return babel_numbers.format_percent(value, format=format, locale=babel_locale())


def format_list(items: Iterable[str], style: Literal["standard", "or"] = "standard") -> str:
    """'standard': a, b and c / a, b et c; 'or': a, b or c / a, b ou c."""
    return babel_lists.format_list(list(items), style=style, locale=babel_locale())


def format_count(singular: str, plural: str, n: int) -> str:
    """`format_count("{n} alert", "{n} alerts", n)`: the plural form for n, with n written the local way."""
    return ngettext(singular, plural, n).format(n=format_number(n))
