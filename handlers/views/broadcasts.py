"""Announcement modals: the form (inline errors, or the exact preview) and the confirmation."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.broadcasts import Announcement, BroadcastError, parse_buttons
from bot.deps import Deps
from bot.flows.broadcasts import confirm_announcement, draft_announcement
from handlers.authorization import coordinators_only
from handlers.blocks.broadcasts import build_announcement, build_confirm_view, edit_of, parse_compose_submission


@coordinators_only("announce.compose")
def submit_compose(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id, values = body["user"]["id"], view["state"]["values"]
    audience, text, links, schedule, errors = parse_compose_submission(values)
    editing = edit_of(view.get("private_metadata", ""))
    try:
        announcement = Announcement(text, parse_buttons(links), user_id)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        info = draft_announcement(sessions=deps.sessions, author=user_id, audience=audience, announcement=announcement,
                                  schedule=schedule, program_timezone=deps.settings.timezone, now=deps.clock.now(),
                                  edit_of=editing)
    except BroadcastError as exc:
        field = exc.field if exc.field and exc.field in values else "message" if exc.field is None else "audience"
        ack(response_action="errors", errors={**errors, field: str(exc)})
        return
    ack(response_action="push", view=build_confirm_view(info, build_announcement(info.announcement), editing is not None))


@coordinators_only("announce.confirm")
def submit_confirm(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    ack(response_action="clear")
    try:
        confirm_announcement(deps=deps, broadcast_id=int(view["private_metadata"]), actor=body["user"]["id"],
                             render=build_announcement, now=deps.clock.now())
    except BroadcastError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))
