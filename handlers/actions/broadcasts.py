"""Announcement buttons: edit or cancel from the status message, a new one from Home, link buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.broadcasts import BroadcastError
from bot.deps import Deps
from bot.flows.broadcasts import cancel_announcement, compose_form
from handlers.authorization import coordinators_only
from handlers.shared import open_compose_modal


@coordinators_only()
def on_edit(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    try:
        form = compose_form(sessions=deps.sessions, actor=body["user"]["id"], now=deps.clock.now(),
                            editing=int(action["value"]))
    except BroadcastError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))
        return
    open_compose_modal(client, deps, body["trigger_id"], form)


@coordinators_only()
def on_cancel(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    try:
        cancel_announcement(deps=deps, broadcast_id=int(action["value"]), actor=user_id, now=deps.clock.now())
    except BroadcastError as exc:
        deps.notifier.notice(user_id, str(exc))


@coordinators_only()
def open_compose_from_home(ack: Ack, body: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    open_compose_modal(client, deps, body["trigger_id"], compose_form(sessions=deps.sessions, actor=body["user"]["id"],
                                                                           now=deps.clock.now()))


def on_link(ack: Ack) -> None:
    """Slack opens a link button's URL itself and still tells the app; acknowledging is all there is to do."""
    ack()
