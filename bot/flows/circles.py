"""Peer circles' units of work: each listener's one call, with its transaction and messages."""

from __future__ import annotations

from datetime import datetime

from bot.access import unit_of_work
from bot.circles.service import (
    answer_circle_checkin,
    approve_circles,
    create_theme,
    join_theme,
    leave_circle,
    propose_circles,
)
from bot.circles.views import CircleView
from bot.notify import MessageRef, Notifier
from storage.engine import SessionFactory, transaction


def new_theme(*, sessions: SessionFactory, actor: str, name: str, size_min: int, size_max: int, cadence_days: int,
              facilitators: list[str], now: datetime) -> int:
    with unit_of_work(sessions, now) as session:
        return create_theme(session=session, actor=actor, name=name, size_min=size_min, size_max=size_max,
                            cadence_days=cadence_days, facilitators=facilitators, now=now)


def join_circle_theme(*, sessions: SessionFactory, theme_id: int, slack_id: str, now: datetime) -> str:
    with transaction(sessions) as session:
        return join_theme(session=session, theme_id=theme_id, slack_id=slack_id, now=now)


def form_for_review(*, sessions: SessionFactory, actor: str, theme_id: int, now: datetime) -> list[CircleView]:
    with unit_of_work(sessions, now) as session:
        return propose_circles(session=session, actor=actor, theme_id=theme_id, now=now)


def approve_formed(*, sessions: SessionFactory, notifier: Notifier, actor: str, theme_id: int, now: datetime) -> int:
    with unit_of_work(sessions, now) as session:
        return approve_circles(session=session, notifier=notifier.within(session, now), actor=actor,
                               theme_id=theme_id, now=now)


def leave_a_circle(*, sessions: SessionFactory, circle_id: int, slack_id: str, now: datetime) -> str:
    with unit_of_work(sessions, now) as session:
        return leave_circle(session=session, circle_id=circle_id, slack_id=slack_id, now=now)


def answer_checkin(*, sessions: SessionFactory, notifier: Notifier, checkin_id: int, slack_id: str, met: bool,
                   now: datetime, clicked: MessageRef | None = None) -> str:
    with unit_of_work(sessions, now) as session:
        return answer_circle_checkin(session=session, notifier=notifier.within(session, now), checkin_id=checkin_id,
                                     slack_id=slack_id, met=met, now=now, clicked=clicked)
