"""The period a report covers: whole days in the program's timezone, both ends included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.i18n import _, format_date
from bot.timing import zone

MONTHLY_AFTER_DAYS = 62  # longer periods are charted by month, shorter ones by week
MAX_DAYS = 3 * 366


class PeriodError(ValueError):
    """The dates do not make a period; the message says what to type instead."""


@dataclass(frozen=True)
class Bucket:
    """One step of a trend chart: a month or a week, clipped to the period."""

    label: str
    first_day: date
    last_day: date
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date
    timezone: str

    @property
    def start(self) -> datetime:
        return local_midnight(self.first_day, self.timezone)

    @property
    def end(self) -> datetime:
        """The instant just after the period: midnight at the start of the day after `last_day`."""
        return local_midnight(self.last_day + timedelta(days=1), self.timezone)

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def label(self) -> str:
        """In the language being rendered: 1 September 2026 – 3 December 2026 / 1 septembre 2026 – 3 décembre 2026
        (a heading's; in a sentence, say the two days with the words the language needs: `first_label`...)."""
        return f"{self.first_label} – {self.last_label}"

    @property
    def first_label(self) -> str:
        return format_date(self.first_day, "d MMMM y")

    @property
    def last_label(self) -> str:
        return format_date(self.last_day, "d MMMM y")

    def buckets(self) -> list[Bucket]:
        monthly = self.days > MONTHLY_AFTER_DAYS
        buckets, day = [], self.first_day
        while day <= self.last_day:
            if monthly:
                following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
                label = format_date(day, "MMM y")
            else:
                following = day - timedelta(days=day.weekday()) + timedelta(days=7)
                label = format_date(day, "d MMM")
            last = min(following - timedelta(days=1), self.last_day)
            buckets.append(Bucket(label, day, last, local_midnight(day, self.timezone),
                                  local_midnight(last + timedelta(days=1), self.timezone)))
            day = last + timedelta(days=1)
        return buckets


def local_midnight(day: date, timezone: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone(timezone)).astimezone(UTC)


def academic_year_start(today: date, transition: str) -> date:
    """The latest transition day (month-day, e.g. 07-01) on or before today."""
    month, day = (int(part) for part in transition.split("-"))
    this_year = date(today.year, month, day)
    return this_year if this_year <= today else date(today.year - 1, month, day)


def parse_period(from_text: str | None, to_text: str | None, *, today: date, transition: str,
                 timezone: str) -> Period:
    """A period from YYYY-MM-DD texts; by default the academic year so far (from the transition day to today)."""
    first = _day(from_text, "from") if from_text else academic_year_start(today, transition)
    last = _day(to_text, "to") if to_text else today
    if first > last:
        raise PeriodError(_("The period starts ({first}) after it ends ({last}); give the earlier date first.").format(
            first=first, last=last))
    if first > today:
        raise PeriodError(_("The period starts in the future ({first}); nothing has happened yet.").format(first=first))
    if (last - first).days + 1 > MAX_DAYS:
        raise PeriodError(_("A report covers at most 3 years; choose a shorter period."))
    return Period(first, last, timezone)


def _day(text: str, which: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(_("The `{which}` date must look like 2026-09-01 (got {text}).").format(
            which=which, text=repr(text))) from None
