"""Peer circle buttons: each member's answer to their circle's check-in."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.circles.service import CircleError
from bot.deps import Deps
from bot.flows.circles import answer_checkin
from bot.notify import MessageRef
from handlers import ids


def on_circle_checkin(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    container = body["container"]
    try:
        answer_checkin(sessions=deps.sessions, notifier=deps.notifier, checkin_id=int(action["value"]),
                       slack_id=body["user"]["id"], met=action["action_id"] == ids.CIRCLE_CHECKIN_MET,
                       now=deps.clock.now(), clicked=MessageRef(container["channel_id"], container["message_ts"]))
    except CircleError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))
