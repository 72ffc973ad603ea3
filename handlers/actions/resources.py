"""Resource library buttons: open the add modal; remove one (asked to confirm first)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.resources import NotACoordinator, authorize_change, library_for, remove
from handlers.blocks.resources import build_library, build_resource_modal


def open_add_modal(ack: Ack, body: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    try:
        authorize_change(deps.sessions, user_id, "resource.add", deps.clock.now())
    except NotACoordinator as refused:
        deps.notifier.notice(user_id, str(refused))
        return
    client.views_open(trigger_id=body["trigger_id"], view=build_resource_modal())


def on_remove(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Any, deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    try:
        removed = remove(sessions=deps.sessions, actor=user_id, resource_id=int(action["value"]), now=deps.clock.now())
    except NotACoordinator as refused:
        deps.notifier.notice(user_id, str(refused))
        return
    library = build_library(library_for(sessions=deps.sessions, slack_user_id=user_id, coordinator=True),
                            coordinator=True)
    if not removed:
        library["blocks"].insert(1, {"type": "context", "elements": [
            {"type": "mrkdwn", "text": "That resource had already been removed (by you or another coordinator)."}]})
    respond(**library, replace_original=True)
