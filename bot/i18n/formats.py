"""Dates, times, numbers and lists in the current language, by Babel's CLDR data (Canadian English and French)."""

from __future__ import annotations

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


def babel_locale() -> str:
    return REGIONS.get(current_language(), "en_CA")


def format_date(value: date, format: str = "medium") -> str:  # noqa: A002 (Babel's name)
    """'medium': Dec. 3, 2026 / 3 déc. 2026; 'long': December 3, 2026 / 3 décembre 2026; or a CLDR pattern."""
    return babel_dates.format_date(value, format=format, locale=babel_locale())


def format_day(value: date) -> str:
    """A day without its year, as people say it: Thursday, December 3 / jeudi 3 décembre."""
    pattern = DAY_PATTERNS.get(current_language(), DAY_PATTERNS["en"])
    return babel_dates.format_date(value, format=pattern, locale=babel_locale())


def format_moment(value: datetime) -> str:
    """A local start time, short: Thu 3 Dec, 14:00 / jeu. 3 déc., 14 h 00 (`value` already on the reader's clock)."""
    pattern = MOMENT_PATTERNS.get(current_language(), MOMENT_PATTERNS["en"])
    return babel_dates.format_datetime(value, format=pattern, locale=babel_locale())


def format_clock(value: datetime | time) -> str:
    """A local time of day: 14:00 / 14 h 00."""
    pattern = CLOCK_PATTERNS.get(current_language(), CLOCK_PATTERNS["en"])
    return babel_dates.format_time(value, format=pattern, locale=babel_locale())


def format_month_day(value: date) -> str:
    """December 3 / 3 décembre."""
    return babel_dates.format_date(value, format="MMMM d" if current_language() == "en" else "d MMMM",
                                   locale=babel_locale())


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
