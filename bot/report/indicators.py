"""The evaluation indicators, organised as a logic model (inputs, activities, outputs, outcomes), plus equity of
access and mentor load.

This module holds what every indicator shares (the Indicator itself, shares, percentiles); the groups are computed
by perspective: bot/report/mentees.py (outputs for mentees, their goals), bot/report/mentors.py (mentor load) and
bot/report/institution.py (inputs, activities, equity of access, trends), with agreements, pulse, scheduling and
formats in their own modules. Each public function computes one group from a loaded snapshot and returns plain dataclasses. Its docstring is
the group's definition, one `key: definition` line per indicator: the report's appendix is generated from these
docstrings, so the published definitions and the code cannot drift apart. "The end" means the end of the
period, or now if the period has not ended; "in the period" means from its first to its last day, both included,
in the program's timezone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import datetime

from bot.i18n import N_

NOT_STATED = N_("Not stated")  # translate where used: `_(NOT_STATED)`
SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    value: float | None  # None: nothing to measure yet, or hidden to protect a small group
    unit: str  # count, percent (a share from 0 to 1), days, ratio, hours
    priorities: tuple[str, ...] = ()  # the program priorities it informs
    n: int | None = None  # how many people, requests, matches or answers it rests on


class IndicatorGroup:
    def indicators(self) -> list[Indicator]:
        values = [getattr(self, f.name) for f in fields(self)]  # type: ignore[arg-type]
        return [value for value in values if isinstance(value, Indicator)]


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `fraction` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def days_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / SECONDS_PER_DAY
