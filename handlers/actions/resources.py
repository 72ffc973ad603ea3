"""Resource library buttons (coordinators only): open the add modal; remove one (asked to confirm first)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.resources import library_for, remove
from handlers.authorization import coordinators_only
from handlers.blocks.resources import build_library, build_resource_modal


@coordinators_only("resource.add", faculty_wide_only=True)
def open_add_modal(ack: Ack, body: dict[str, Any], client: Any) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=build_resource_modal())


@coordinators_only("resource.remove", faculty_wide_only=True)
def on_remove(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Any, deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    removed = remove(sessions=deps.sessions, actor=user_id, resource_id=int(action["value"]), now=deps.clock.now())
    resources = library_for(sessions=deps.sessions, slack_user_id=user_id, coordinator=True)
    respond(**build_library(resources, coordinator=True, already_removed=not removed), replace_original=True)
