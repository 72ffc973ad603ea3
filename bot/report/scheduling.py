"""Scheduling indicators: do pairs that try to meet find a time, and do the meetings they arrange happen?"""

from __future__ import annotations

from bot.i18n import _
import statistics
from dataclasses import dataclass

from bot.report.indicators import Indicator, IndicatorGroup, share
from bot.report.snapshot import Snapshot, local_day
from storage.tables import ScheduleStatus

ARRANGED = (ScheduleStatus.CONFIRMED, ScheduleStatus.HELD)


@dataclass(frozen=True)
class Scheduling(IndicatorGroup):
    meetings_scheduled: Indicator
    scheduled_meetings_held: Indicator
    scheduled_held_rate: Indicator
    days_to_first_meeting: Indicator
    pairs_without_common_slot: Indicator


def scheduling(snapshot: Snapshot) -> Scheduling:
    """Scheduling: whether the pairs that look for a time find one, and whether those meetings happen.

    meetings_scheduled: meetings arranged with "Find a time" in the period and confirmed by both people (a meeting moved to another time counts once; a cancelled one, when its match ended, does not).
    scheduled_meetings_held: of those, the ones either person answered "Yes, we met" to after the time (by the time of the report).
    scheduled_held_rate: scheduled_meetings_held ÷ the meetings_scheduled whose time had passed by the end.
    days_to_first_meeting: the median days from a match's start (its introduction) to its first logged meeting, from check-ins, /mentor met or a scheduled meeting, for matches that started in the period and have met; n is how many.
    pairs_without_common_slot: pairs for which "Find a time" found no time both could make in the next two weeks, at least once in the period: a sign that availability (rotations, nights), not will, keeps them apart.
    """
    rows = snapshot.scheduled
    arranged = [r for r in rows if r.status in ARRANGED]
    held = [r for r in arranged if r.status == ScheduleStatus.HELD]
    passed = [r for r in arranged if r.starts_at is not None and r.starts_at < snapshot.as_of]
    start, end = snapshot.period.start, snapshot.period.end
    waits = [float((first - local_day(m.started_at, snapshot.period)).days)
             for m in snapshot.state.matches if start <= m.started_at < end
             for first in [snapshot.first_meetings.get(m.id)] if first is not None]
    engagement = ("engagement",)
    return Scheduling(
        meetings_scheduled=Indicator("meetings_scheduled", _("Meetings scheduled"), len(arranged), "count", engagement),
        scheduled_meetings_held=Indicator("scheduled_meetings_held", _("Scheduled meetings held"), len(held), "count",
                                          engagement),
        scheduled_held_rate=Indicator("scheduled_held_rate", _("Scheduled meetings held (share)"),
                                      share(sum(1 for r in passed if r.status == ScheduleStatus.HELD), len(passed)),
                                      "percent", engagement, len(passed)),
        days_to_first_meeting=Indicator("days_to_first_meeting", _("Days from introduction to first meeting (median)"),
                                        statistics.median(waits) if waits else None, "days", engagement, len(waits)),
        pairs_without_common_slot=Indicator("pairs_without_common_slot", _("Pairs with no time in common"),
                                            len({r.match_id for r in rows if r.status == ScheduleStatus.NO_SLOT}),
                                            "count", engagement))
