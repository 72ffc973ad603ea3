"""Announcement modals: the form (inline errors, or the exact preview) and the confirmation."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from slack_bolt import Ack

from bot.broadcasts import AnnouncementDraft, BroadcastError
from bot.deps import Deps
from bot.flows.broadcasts import confirm_announcement, draft_announcement
from handlers.authorization import coordinators_only
from handlers import ids
from handlers.blocks.broadcasts import build_announcement, build_confirm_view, compose_form_values
from handlers.modal_errors import modal_errors
from handlers.shared import view_metadata
from handlers.view_metadata import AnnouncementEditRef, BroadcastRef


@coordinators_only("announce.compose")
def submit_compose(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id, values = body["user"]["id"], view["state"]["values"]
    edited = view_metadata(ack, view, AnnouncementEditRef)
    if edited is None:
        return
    editing = edited.edit_of
    try:
        draft = AnnouncementDraft.model_validate(compose_form_values(values))
    except ValidationError as exc:
        ack(response_action="errors", errors=modal_errors(exc, view, ids.ANNOUNCE_FIELDS, fallback="message"))
        return
    try:
        info = draft_announcement(sessions=deps.sessions, author=user_id, audience=draft.audience_of(),
                                  announcement=draft.announcement(user_id), schedule=draft.schedule(),
                                  program_timezone=deps.settings.timezone, now=deps.clock.now(), edit_of=editing)
    except BroadcastError as exc:
        field = exc.field if exc.field and exc.field in values else "message" if exc.field is None else "audience"
        ack(response_action="errors", errors={field: str(exc)})
        return
    ack(response_action="push", view=build_confirm_view(info, build_announcement(info.announcement), editing is not None))


@coordinators_only("announce.confirm")
def submit_confirm(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    draft = view_metadata(ack, view, BroadcastRef)
    if draft is None:
        return
    ack(response_action="clear")
    try:
        confirm_announcement(deps=deps, broadcast_id=draft.broadcast, actor=body["user"]["id"],
                             render=build_announcement, now=deps.clock.now())
    except BroadcastError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))
