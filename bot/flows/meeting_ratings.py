"""The mentee's one-click meeting rating from Slack, in a transaction of its own."""

from __future__ import annotations

from datetime import datetime

from bot.access import unit_of_work
from bot.meeting_ratings import RatingView, rate_meeting
from storage.engine import SessionFactory


def rate_logged_meeting(*, sessions: SessionFactory, rating_id: int, actor: str, answer: str,
                        now: datetime) -> RatingView:
    with unit_of_work(sessions, now) as session:
        return rate_meeting(session=session, rating_id=rating_id, actor=actor, answer=answer, now=now)
