"""Speed-mentoring event buttons: RSVP on the invitation, and picks afterwards."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.events.service import EventError
from bot.flows.events import pick_at_event, rsvp
from bot.notify import MessageRef
from handlers import ids


def on_rsvp(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    container = body["container"]
    try:
        rsvp(sessions=deps.sessions, notifier=deps.notifier, event_id=int(action["value"]),
             slack_id=body["user"]["id"], coming=action["action_id"] == ids.EVENT_RSVP_YES,
             clicked=MessageRef(container["channel_id"], container["message_ts"]), now=deps.clock.now())
    except EventError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))


def on_pick(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    event_id, chosen = action["value"].split(":", 1)
    try:
        pick_at_event(sessions=deps.sessions, notifier=deps.notifier, event_id=int(event_id), slack_id=body["user"]["id"],
                             chosen_slack_id=chosen, now=deps.clock.now())
    except EventError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))
        return
