"""Announcement modals: the form (inline errors, or the exact preview) and the confirmation."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.broadcasts import Announcement, BroadcastError, compose, confirm, parse_buttons, show_status
from bot.deps import Deps
from handlers.actions.matching import require_coordinator
from handlers.blocks.broadcasts import build_announcement, build_confirm_view, edit_of, parse_compose_submission
from storage.engine import transaction


def submit_compose(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id, values = body["user"]["id"], view["state"]["values"]
    if not require_coordinator(deps, user_id, "announce.compose"):
        return ack()
    audience, text, links, schedule, errors = parse_compose_submission(values)
    editing = edit_of(view.get("private_metadata", ""))
    try:
        announcement = Announcement(text, parse_buttons(links), user_id)
        if errors:
            return ack(response_action="errors", errors=errors)
        with transaction(deps.sessions) as session:
            info = compose(session=session, author=user_id, audience=audience, announcement=announcement,
                           schedule=schedule, program_timezone=deps.settings.timezone, now=deps.clock.now(),
                           edit_of=editing)
    except BroadcastError as exc:
        field = exc.field if exc.field in values else "message" if exc.field is None else "audience"
        return ack(response_action="errors", errors={**errors, field: str(exc)})
    ack(response_action="push", view=build_confirm_view(info, build_announcement(info.announcement), editing is not None))


def submit_confirm(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    ack(response_action="clear")
    user_id = body["user"]["id"]
    if not require_coordinator(deps, user_id, "announce.confirm"):
        return
    try:
        with transaction(deps.sessions) as session:
            info = confirm(session=session, broadcast_id=int(view["private_metadata"]), render=build_announcement,
                           now=deps.clock.now())
    except BroadcastError as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    show_status(deps, info)
