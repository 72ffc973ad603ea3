"""Distributed formats beyond pairs: flash conversations (and how many became ongoing) and speed-mentoring events."""

from __future__ import annotations

from bot.i18n import _
from dataclasses import dataclass

from bot.report.indicators import Indicator, IndicatorGroup, share
from bot.report.snapshot import Snapshot
from storage.tables import FlashStatus


@dataclass(frozen=True)
class Formats(IndicatorGroup):
    flash_conversations: Indicator
    flash_became_ongoing: Indicator
    speed_events: Indicator
    event_conversations: Indicator
    event_mutual_picks: Indicator


def formats(snapshot: Snapshot) -> Formats:
    """Formats beyond pairs: one-off conversations and events that widen a mentoring network cheaply.

    flash_conversations: flash requests a mentor said yes to in the period (a 30-minute conversation on a topic).
    flash_became_ongoing: the share of those where both chose, at the follow-up, to continue as an ongoing match (by the time of the report).
    speed_events: speed-mentoring events that started in the period.
    event_conversations: the conversations those events' rotations seated (one per pair and event).
    event_mutual_picks: pairs who both picked each other afterwards; each became a match.
    """
    accepted = [row.became_ongoing for row in snapshot.flash if row.status == FlashStatus.ACCEPTED]
    events, seats, mutual = (len(snapshot.events.events), len(snapshot.events.seats),
                             len(snapshot.events.mutual_picks))
    reach = ("engagement",)
    return Formats(
        flash_conversations=Indicator("flash_conversations", _("Flash conversations"), len(accepted), "count", reach),
        flash_became_ongoing=Indicator("flash_became_ongoing", _("Flash conversations that became matches (share)"),
                                       share(sum(accepted), len(accepted)), "percent", reach, len(accepted)),
        speed_events=Indicator("speed_events", _("Speed-mentoring events"), events, "count", reach),
        event_conversations=Indicator("event_conversations", _("Conversations at events"), seats, "count", reach),
        event_mutual_picks=Indicator("event_mutual_picks", _("Mutual picks at events (became matches)"), mutual, "count",
                                     reach))
