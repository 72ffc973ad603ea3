"""Announcements from Slack: the compose form, a draft, its confirmation, editing and cancelling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.broadcasts import (
    Announcement,
    Audience,
    BroadcastInfo,
    Schedule,
    cancel,
    compose,
    confirm,
    editable_broadcast,
    show_status,
)
from bot.deps import Deps
from bot.programs import program_choices
from storage.engine import SessionFactory, transaction


@dataclass(frozen=True)
class ComposeForm:
    programs: list[str]
    draft: BroadcastInfo | None  # the announcement being edited, if any


def compose_form(*, sessions: SessionFactory, editing: int | None = None) -> ComposeForm:
    """What the compose modal offers; raises BroadcastError when the announcement to edit can no longer change."""
    with sessions() as session:
        draft = None if editing is None else editable_broadcast(session=session, broadcast_id=editing)
        return ComposeForm(program_choices(session), draft)


def draft_announcement(*, sessions: SessionFactory, author: str, audience: Audience, announcement: Announcement,
                       schedule: Schedule, program_timezone: str, now: datetime, edit_of: int | None) -> BroadcastInfo:
    with transaction(sessions) as session:
        return compose(session=session, author=author, audience=audience, announcement=announcement,
                       schedule=schedule, program_timezone=program_timezone, now=now, edit_of=edit_of)


def confirm_announcement(*, deps: Deps, broadcast_id: int, render: Callable[[Announcement], dict[str, Any]],
                         now: datetime) -> BroadcastInfo:
    """Schedule or send a confirmed draft, then show its coordinator where it stands."""
    with transaction(deps.sessions) as session:
        info = confirm(session=session, broadcast_id=broadcast_id, render=render, now=now)
    show_status(deps, info)
    return info


def cancel_announcement(*, deps: Deps, broadcast_id: int, actor: str, now: datetime) -> BroadcastInfo:
    """Cancel what is not sent yet, then show its coordinator where it stands."""
    with transaction(deps.sessions) as session:
        info = cancel(session=session, broadcast_id=broadcast_id, actor=actor, now=now)
    show_status(deps, info)
    return info
