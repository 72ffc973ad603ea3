"""Leave/pause submission: record it, then tell the person and the coordinators kindly."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.my_data import leave
from bot.matching.delivery import consent_message_of
from handlers.blocks.leave import leave_notice, parse_leave_submission
from handlers.shared import publish_home


def submit_leave(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
    mode, until = parse_leave_submission(view["state"]["values"])
    user_id = body["user"]["id"]
    try:
        result = leave(sessions=deps.sessions, notifier=deps.notifier, slack_user_id=user_id, mode=mode, until=until, now=deps.clock.now())
    except ValueError as exc:
        ack(response_action="errors", errors={"until" if mode == "pause" else "mode": str(exc)})
        return
    ack()
    deps.notifier.notice(user_id, "Your pause is set. Welcome back any time." if mode == "pause"
                         else "You have left the program. Thank you for taking part; `/mentor join` brings you back.")
    for recipient in result.notify:
        deps.notifier.notice(recipient, leave_notice(result.name, result.mode, result.until))
    for withdrawn in result.withdrawn:
        where = consent_message_of(withdrawn.consent_channel, withdrawn.consent_ts, withdrawn.consent_message_id)
        if where is not None:
            deps.notifier.consent_withdrawn(withdrawn.proposal, where)
    publish_home(client, deps.sessions, user_id, deps.clock.now())
