"""Leave/pause submission: the service records it and tells the person and the coordinators kindly."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.my_data import leave
from handlers.blocks.leave import parse_leave_submission
from handlers.shared import publish_home


def submit_leave(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
    mode, until = parse_leave_submission(view["state"]["values"])
    user_id = body["user"]["id"]
    try:
        leave(sessions=deps.sessions, notifier=deps.notifier, slack_user_id=user_id, mode=mode, until=until, now=deps.clock.now())
    except ValueError as exc:
        ack(response_action="errors", errors={"until" if mode == "pause" else "mode": str(exc)})
        return
    ack()
    publish_home(client, deps.sessions, user_id, deps.clock.now())
