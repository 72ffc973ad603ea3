"""Flash mentoring buttons: the mentor's yes / not this time, and both people's "continue?" answers."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.flash import FlashError
from bot.flows.flash import answer_flash_follow_up, answer_flash_request
from handlers import ids
from bot.notify import MessageRef


def on_flash_answer(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    try:
        answer_flash_request(sessions=deps.sessions, notifier=deps.notifier, conversation_id=int(action["value"]),
                             mentor_slack_id=body["user"]["id"], accept=action["action_id"] == ids.FLASH_ACCEPT,
                             now=deps.clock.now())
    except FlashError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))


def on_flash_continue(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    try:
        answer_flash_follow_up(sessions=deps.sessions, notifier=deps.notifier, conversation_id=int(action["value"]),
                               slack_id=body["user"]["id"], wants=action["action_id"] == ids.FLASH_CONTINUE,
                               now=deps.clock.now(), clicked=_clicked(body))
    except FlashError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))


def _clicked(body: dict[str, Any]) -> MessageRef:
    container = body["container"]
    return MessageRef(container["channel_id"], container["message_ts"])
