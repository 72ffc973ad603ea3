"""What an event's messages show: light on purpose, so the outbox notifier (which the workers load) never pulls in
the solver (numpy, scipy) that only seating an event needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class EventInfo:
    event_id: int
    title: str
    starts_at: datetime
    place: str
    rounds: int
    minutes: int


@dataclass(frozen=True)
class Seat:
    round: int
    partner: str  # display name
    partner_slack_id: str


@dataclass(frozen=True)
class PersonalSchedule:
    event: EventInfo
    timezone: str
    seats: tuple[Seat | None, ...]  # one per round: None is a break
