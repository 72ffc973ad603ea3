"""Flash mentoring's units of work: each listener's one call, with its transaction and messages."""

from __future__ import annotations

from datetime import datetime

from bot.access import unit_of_work
from bot.flash import ContinueAnswer, FlashAsked, FlashView, answer_continue, answer_flash, offer_flash, request_flash
from bot.notify import MessageRef, Notifier
from storage.engine import SessionFactory, transaction


def ask_for_flash(*, sessions: SessionFactory, notifier: Notifier, slack_id: str, topic: str,
                  now: datetime) -> FlashAsked:
    with transaction(sessions) as session:
        return request_flash(session=session, notifier=notifier.within(session, now), slack_id=slack_id,
                             topic_text=topic, now=now)


def set_flash_offer(*, sessions: SessionFactory, slack_id: str, monthly_limit: int, now: datetime) -> int:
    with transaction(sessions) as session:
        return offer_flash(session=session, slack_id=slack_id, monthly_limit=monthly_limit, now=now)


def answer_flash_request(*, sessions: SessionFactory, notifier: Notifier, conversation_id: int, mentor_slack_id: str,
                         accept: bool, now: datetime) -> FlashView:
    with unit_of_work(sessions, now) as session:
        return answer_flash(session=session, notifier=notifier.within(session, now), conversation_id=conversation_id,
                            mentor_slack_id=mentor_slack_id, accept=accept, now=now)


def answer_flash_follow_up(*, sessions: SessionFactory, notifier: Notifier, conversation_id: int, slack_id: str,
                           wants: bool, now: datetime, clicked: MessageRef | None = None) -> ContinueAnswer:
    with unit_of_work(sessions, now) as session:
        return answer_continue(session=session, notifier=notifier.within(session, now),
                               conversation_id=conversation_id, slack_id=slack_id, wants=wants, now=now,
                               clicked=clicked)
