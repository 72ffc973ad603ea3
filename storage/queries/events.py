"""Speed-mentoring rows the report reads: conversations held and mutual picks, for events in a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from storage.tables.events import EventInvitee, EventPick, EventSeat, SpeedEvent


@dataclass(frozen=True)
class EventRows:
    """Events that started in the report's period: their ids, each seated conversation and each mutual pick as
    (event, mentee, mentor) / (event, one, other), so a program's report can keep its own people's."""

    events: list[int] = field(default_factory=list)
    seats: list[tuple[int, int, int]] = field(default_factory=list)
    mutual_picks: list[tuple[int, int, int]] = field(default_factory=list)


def event_rows_between(*, session: Session, start: datetime, end: datetime) -> EventRows:
    event_ids = list(session.exec(select(SpeedEvent.id).where(col(SpeedEvent.starts_at) >= start,
                                                              col(SpeedEvent.starts_at) < end)))
    if not event_ids:
        return EventRows()
    seats = [(seat.event_id, seat.mentee_id, seat.mentor_id) for seat in session.exec(
        select(EventSeat).where(col(EventSeat.event_id).in_(event_ids)))]
    picks = {(p.event_id, p.chooser_id, p.chosen_id)
             for p in session.exec(select(EventPick).where(col(EventPick.event_id).in_(event_ids)))}
    mutual = sorted((event, a, b) for event, a, b in picks if a < b and (event, b, a) in picks)
    return EventRows([event_id for event_id in event_ids if event_id is not None], seats, mutual)


def event_outcome_rows(*, session: Session, start: datetime, end: datetime) -> tuple[list[tuple[int, str]], list[int]]:
    """For events that started in the period: each invitation's (person, RSVP), and the mentees who made each
    one-sided pick (a mentor who did not pick them back: passed on as an ordinary request, that mentor asked first)."""
    event_ids = list(session.exec(select(SpeedEvent.id).where(col(SpeedEvent.starts_at) >= start,
                                                              col(SpeedEvent.starts_at) < end)))
    if not event_ids:
        return [], []
    rsvps = [(person, rsvp) for person, rsvp in session.exec(
        select(EventInvitee.person_id, EventInvitee.rsvp).where(col(EventInvitee.event_id).in_(event_ids)))]
    mentee_of = {(s.event_id, s.mentee_id, s.mentor_id) for s in session.exec(
        select(EventSeat).where(col(EventSeat.event_id).in_(event_ids)))}
    picks = {(p.event_id, p.chooser_id, p.chosen_id)
             for p in session.exec(select(EventPick).where(col(EventPick.event_id).in_(event_ids)))}
    one_sided = [a for event, a, b in sorted(picks) if (event, a, b) in mentee_of and (event, b, a) not in picks]
    return rsvps, one_sided
