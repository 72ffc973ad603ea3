"""Speed-mentoring events' units of work: each listener's one call, with its transaction and messages."""

from __future__ import annotations

from datetime import datetime

from bot.i18n import later
from bot.access import unit_of_work
from bot.events.views import EventInfo
from bot.events.service import (
    EventOutcome,
    answer_rsvp,
    close_event,
    create_event,
    open_picks,
    pick_partner,
    schedule_event,
)
from bot.mrkdwn import escape_mrkdwn
from bot.notify import MessageRef, Notifier
from storage.engine import SessionFactory, transaction


def new_event(*, sessions: SessionFactory, notifier: Notifier, actor: str, title: str, starts_at: datetime,
              place: str, rounds: int, minutes: int, invitees: list[str] | None, now: datetime) -> tuple[EventInfo, int]:
    with transaction(sessions) as session:
        return create_event(session=session, notifier=notifier.within(session, now), actor=actor, title=title,
                            starts_at=starts_at, place=place, rounds=rounds, minutes=minutes, invitees=invitees,
                            now=now)


def rsvp(*, sessions: SessionFactory, notifier: Notifier, event_id: int, slack_id: str, coming: bool,
         clicked: MessageRef | None, now: datetime) -> EventInfo:
    with unit_of_work(sessions, now) as session:
        return answer_rsvp(session=session, notifier=notifier.within(session, now), event_id=event_id,
                           slack_id=slack_id, coming=coming, clicked=clicked, now=now)


def seat_event(*, sessions: SessionFactory, notifier: Notifier, actor: str, event_id: int,
               now: datetime) -> tuple[int, float]:
    with transaction(sessions) as session:
        return schedule_event(session=session, notifier=notifier.within(session, now), actor=actor,
                              event_id=event_id, now=now)


def ask_for_picks(*, sessions: SessionFactory, notifier: Notifier, actor: str, event_id: int, now: datetime) -> int:
    with transaction(sessions) as session:
        return open_picks(session=session, notifier=notifier.within(session, now), actor=actor, event_id=event_id,
                          now=now)


def pick_at_event(*, sessions: SessionFactory, notifier: Notifier, event_id: int, slack_id: str,
                  chosen_slack_id: str, now: datetime) -> str:
    with unit_of_work(sessions, now) as session:
        name = pick_partner(session=session, event_id=event_id, slack_id=slack_id, chosen_slack_id=chosen_slack_id,
                            now=now)
        notifier.within(session, now).notice(slack_id, later("Noted: you'd like to continue with {name}.",
                                                                     name=escape_mrkdwn(name)))
        return name


def finish_event(*, sessions: SessionFactory, notifier: Notifier, actor: str, event_id: int,
                 now: datetime) -> EventOutcome:
    with transaction(sessions) as session:
        return close_event(session=session, notifier=notifier.within(session, now), actor=actor, event_id=event_id,
                           now=now)
