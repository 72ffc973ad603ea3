"""Announcement buttons: edit or cancel from the status message, a new one from Home, link buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.broadcasts import BroadcastError, cancel, editable_broadcast, show_status
from bot.deps import Deps
from handlers import ids
from handlers.actions.matching import require_coordinator
from handlers.commands.broadcasts import open_compose_modal
from storage.engine import transaction


def on_edit(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    if not require_coordinator(deps, user_id, ids.BROADCAST_EDIT):
        return
    try:
        with deps.sessions() as session:
            info = editable_broadcast(session=session, broadcast_id=int(action["value"]))
    except BroadcastError as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    open_compose_modal(client, deps, body["trigger_id"], draft=info)


def on_cancel(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    if not require_coordinator(deps, user_id, ids.BROADCAST_CANCEL):
        return
    try:
        with transaction(deps.sessions) as session:
            info = cancel(session=session, broadcast_id=int(action["value"]), actor=user_id, now=deps.clock.now())
    except BroadcastError as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    show_status(deps, info)


def open_compose_from_home(ack: Ack, body: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    if require_coordinator(deps, body["user"]["id"], ids.HOME_ANNOUNCE):
        open_compose_modal(client, deps, body["trigger_id"])


def on_link(ack: Ack) -> None:
    """Slack opens a link button's URL itself and still tells the app; acknowledging is all there is to do."""
    ack()
