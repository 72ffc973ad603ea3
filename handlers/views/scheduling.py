"""The availability modal's submission: each problem shown on its field, nothing stored until all are right."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.flows.scheduling import save_availability_of
from handlers.blocks.availability import parse_availability_submission


def submit_availability(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id = body["user"]["id"]
    errors = save_availability_of(sessions=deps.sessions, notifier=deps.notifier, slack_user_id=user_id,
                                  entered=parse_availability_submission(view["state"]["values"]), now=deps.clock.now())
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
