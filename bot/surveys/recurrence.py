"""When survey rounds open and close. Recurrence is APScheduler's CronTrigger (crontab text, or its fields such
as `day: 1st tue` for "the first Tuesday of each month"), evaluated in the program's timezone.

A round opens at a fire time and closes `open_days` later, or earlier at the next fire time or the survey's
close date, so rounds of one survey never overlap. People get the survey at their next working hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from apscheduler.triggers.cron import CronTrigger

from bot.i18n import _, format_date, format_number, ngettext
from bot.surveys.errors import Problems
from bot.timing import UTC, zone

CRON_FIELDS = ("year", "month", "day", "week", "day_of_week", "hour", "minute")
SCHEDULE_FIELDS = ("once", "cron", "open_days", "reminder_after_days", "starts_on", "close_on")
MIN_INTERVAL = timedelta(days=1)
MAX_MISSED_OPENINGS = 10_000  # coalescing after an outage looks at most this many missed fire times

Cron = str | dict[str, str]


@dataclass(frozen=True)
class ScheduleDef:
    timezone: str
    once: datetime | None = None  # aware; exactly one of once / cron
    cron: Cron | None = None
    open_days: int = 7
    reminder_after_days: float = 3
    starts_on: date | None = None
    close_on: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {"timezone": self.timezone, "once": self.once.isoformat() if self.once else None, "cron": self.cron,
                "open_days": self.open_days, "reminder_after_days": self.reminder_after_days,
                "starts_on": _iso(self.starts_on), "close_on": _iso(self.close_on)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScheduleDef:
        return cls(timezone=data["timezone"], once=datetime.fromisoformat(data["once"]) if data.get("once") else None,
                   cron=data.get("cron"), open_days=data.get("open_days", 7),
                   reminder_after_days=data.get("reminder_after_days", 3),
                   starts_on=_date(data.get("starts_on")), close_on=_date(data.get("close_on")))

    def describe(self) -> str:
        """In the language being rendered (dates by Babel; a cron expression stays as written)."""
        if self.once is not None:
            when = _("once, opening {date}").format(date=format_date(self.once.astimezone(zone(self.timezone)),
                                                                     "EEE d MMM y"))
        else:
            when = _("recurring ({cron})").format(cron=describe_cron(self.cron or ""))
        until = _(", until {date}").format(date=format_date(self.close_on, "d MMM y")) if self.close_on else ""
        reminder = ngettext("one reminder after {n} day", "one reminder after {n} days",
                            int(self.reminder_after_days) if float(self.reminder_after_days).is_integer() else 2).format(
            n=format_number(self.reminder_after_days))
        return ngettext("{when}; each round open {days} day, {reminder}{until}",
                        "{when}; each round open {days} days, {reminder}{until}", self.open_days).format(
            when=when, days=self.open_days, reminder=reminder, until=until)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def describe_cron(cron: Cron) -> str:
    """The Slack form's presets in words; any other schedule as written."""
    if isinstance(cron, str):
        return f"cron `{cron}`"
    presets = {(("day_of_week", "mon"),): _("weekly, on Mondays"),
               (("day", "1st tue"),): _("monthly, on the first Tuesday"),  # not text: the key is cron
               (("day", "1st tue"), ("month", "1,4,7,10")): _("quarterly, on the first Tuesday")}  # not text: cron
    key = tuple(sorted((name, str(value)) for name, value in cron.items()))
    return presets.get(key) or ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in cron.items())


def trigger(schedule: ScheduleDef) -> CronTrigger | None:
    if schedule.cron is None:
        return None
    if isinstance(schedule.cron, str):
        return CronTrigger.from_crontab(schedule.cron, timezone=schedule.timezone)
    return CronTrigger(timezone=schedule.timezone, **schedule.cron)


def _day_start(day: date, timezone: str) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=zone(timezone)).astimezone(UTC)


def survey_end(schedule: ScheduleDef) -> datetime | None:
    """The end of the close date: no round is open after it."""
    return _day_start(schedule.close_on + timedelta(days=1), schedule.timezone) if schedule.close_on else None


def next_opening(schedule: ScheduleDef, after: datetime) -> datetime | None:
    """The first opening strictly after `after` (and inside starts_on … close_on), or None."""
    end = survey_end(schedule)
    if schedule.once is not None:
        candidate: datetime | None = schedule.once if schedule.once > after else None
    else:
        cron = trigger(schedule)
        assert cron is not None
        start = _day_start(schedule.starts_on, schedule.timezone) if schedule.starts_on else None
        not_before = max(after + timedelta(seconds=1), start) if start else after + timedelta(seconds=1)
        fire = cron.get_next_fire_time(None, not_before)
        candidate = fire.astimezone(UTC) if fire else None
    return None if candidate is None or (end is not None and candidate >= end) else candidate


def due_opening(schedule: ScheduleDef, last_opening: datetime | None, now: datetime) -> datetime | None:
    """The latest opening in (last_opening, now], coalescing any missed while the scheduler was down."""
    after = last_opening or datetime.min.replace(tzinfo=UTC)
    due = None
    for _attempt in range(MAX_MISSED_OPENINGS):
        candidate = next_opening(schedule, after)
        if candidate is None or candidate > now:
            break
        due = after = candidate
    return due


def round_window(schedule: ScheduleDef, opening: datetime) -> tuple[datetime, datetime]:
    """(closes_at, remind_at) of the round opening at `opening`."""
    limits = [opening + timedelta(days=schedule.open_days)]
    following, end = next_opening(schedule, opening), survey_end(schedule)
    limits += [limit for limit in (following, end) if limit is not None]
    closes_at = min(limits)
    remind_at = min(opening + timedelta(days=schedule.reminder_after_days), closes_at)
    return closes_at, remind_at


def parse_schedule(raw: Any, *, timezone: str, today: date, problems: Problems) -> ScheduleDef | None:
    """Validate `{once: DATE}` or `{cron: ...}` plus open_days, reminder_after_days, starts_on, close_on."""
    if not isinstance(raw, dict):
        problems.add("", _("give `once: DATE` (one round) or `cron: ...` (recurring), e.g. `cron: {day: 1st tue}`"))
        return None
    for unknown in sorted(set(raw) - set(SCHEDULE_FIELDS)):
        problems.add(str(unknown), _("unknown field; known fields: {names}").format(names=', '.join(SCHEDULE_FIELDS)))
    if (raw.get("once") is None) == (raw.get("cron") is None):
        problems.add("", _("give exactly one of `once` (a date, or date and time) and `cron` (recurring)"))
    open_days = _whole_number(raw.get("open_days", 7), 1, 90, "open_days", problems)
    schedule = ScheduleDef(
        timezone=timezone, once=_once(raw.get("once"), timezone, today, problems),
        cron=_cron(raw.get("cron"), timezone, problems), open_days=open_days,
        reminder_after_days=_reminder(raw.get("reminder_after_days", min(3, open_days / 2)), open_days, problems),
        starts_on=_day(raw.get("starts_on"), "starts_on", problems) or today,
        close_on=_day(raw.get("close_on"), "close_on", problems))
    first = schedule.once.astimezone(zone(timezone)).date() if schedule.once else schedule.starts_on
    if schedule.close_on and first and schedule.close_on < first:
        problems.add("close_on", _("is before the first round ({first})").format(first=format(first, '%Y-%m-%d')))
    return schedule


def _whole_number(value: Any, low: int, high: int, name: str, problems: Problems) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.add(name, _("must be a whole number from {low} to {high}").format(low=low, high=high))
        return max(low, min(high, value)) if isinstance(value, int) and not isinstance(value, bool) else low
    return value


def _reminder(value: Any, open_days: int, problems: Problems) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < open_days:
        problems.add("reminder_after_days", _("must be more than 0 and less than open_days ({open_days})").format(open_days=open_days))
        return open_days / 2
    return float(value)


def _day(value: Any, name: str, problems: Problems) -> date | None:
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.add(name, _("{value} is not a date like 2026-10-06").format(value=repr(value)))
        return None


def _once(value: Any, timezone: str, today: date, problems: Problems) -> datetime | None:
    if value is None:
        return None
    try:
        moment = value if isinstance(value, datetime) else (
            datetime.combine(value, time(0, 0)) if isinstance(value, date) else datetime.fromisoformat(str(value)))
    except ValueError:
        problems.add("once", _("{value} is not a date (2026-10-06) or date and time (2026-10-06 09:00)").format(value=repr(value)))
        return None
    local = moment.replace(tzinfo=zone(timezone)) if moment.tzinfo is None else moment.astimezone(zone(timezone))
    if local.date() < today:
        problems.add("once", _("{local} is in the past").format(local=format(local, '%Y-%m-%d')))
    return local.astimezone(UTC)


def _cron(value: Any, timezone: str, problems: Problems) -> Cron | None:
    if value is None:
        return None
    spec: Cron
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(CRON_FIELDS))
        if unknown:
            problems.add(f"cron.{unknown[0]}", _("unknown cron field; use {names}").format(names=', '.join(CRON_FIELDS)))
            return None
        spec = {name: str(field_value) for name, field_value in value.items()}
    elif isinstance(value, str):
        spec = value.strip()
    else:
        problems.add("cron", _("give crontab text (`0 9 * * mon`) or fields (`{day: 1st tue, month: '*/3'}`)"))
        return None
    try:
        cron = trigger(ScheduleDef(timezone=timezone, cron=spec))
    except (ValueError, TypeError) as exc:
        problems.add("cron", _("not a valid schedule: {exc}").format(exc=exc))
        return None
    assert cron is not None
    if _shortest_gap(cron) < MIN_INTERVAL:
        problems.add("cron", _("a pulse survey can recur at most once a day"))
    return spec


def _shortest_gap(cron: CronTrigger) -> timedelta:
    fires: list[datetime] = []
    moment = datetime(2030, 1, 1, tzinfo=UTC)  # any fixed instant: the spacing of fire times is what matters
    while len(fires) < 4:
        fire = cron.get_next_fire_time(None, moment)
        if fire is None:
            break
        fires.append(fire)
        moment = fire + timedelta(seconds=1)
    return min((b - a for a, b in zip(fires, fires[1:])), default=MIN_INTERVAL)
