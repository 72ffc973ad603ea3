"""Individual development plans from Slack: the form, and saving it in one transaction."""

from __future__ import annotations

from datetime import datetime

from bot.development_plan import PlanForm, plan_form, save_plan
from storage.engine import SessionFactory, transaction


def development_plan_form(*, sessions: SessionFactory, mentee_slack_id: str, now: datetime, timezone: str) -> PlanForm:
    with sessions() as session:
        return plan_form(session=session, mentee_slack_id=mentee_slack_id, now=now, timezone=timezone)


def save_development_plan(*, sessions: SessionFactory, mentee_slack_id: str, ratings: dict[str, dict[str, int]],
                          goal_ids: list[int], shared_with: list[int], now: datetime, timezone: str) -> None:
    with transaction(sessions) as session:
        save_plan(session=session, mentee_slack_id=mentee_slack_id, ratings=ratings, goal_ids=goal_ids,
                  shared_with=shared_with, now=now, timezone=timezone)
