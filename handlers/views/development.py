"""The development plan modal's submission: every problem on its field, nothing saved until all are right."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.development_plan import PlanError
from bot.flows.development import save_development_plan
from handlers.blocks.development import competencies_in, field_errors, read_plan


def submit_plan(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id, now, timezone = body["user"]["id"], deps.clock.now(), deps.settings.timezone
    competencies = competencies_in(view)
    ratings, goals, shared = read_plan(view["state"]["values"], competencies)
    try:
        save_development_plan(sessions=deps.sessions, mentee_slack_id=user_id, ratings=ratings, goal_ids=goals,
                              shared_with=shared, now=now, timezone=timezone)
    except PlanError as exc:
        ack(response_action="errors", errors=field_errors(exc.fields or {"": str(exc)}, competencies))
        return
    ack()
    deps.notifier.refresh_home(user_id)
