"""Announcements from Slack: the compose form, a draft, its confirmation, editing and cancelling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.access import scope_of, unit_of_work
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
from storage.engine import SessionFactory


@dataclass(frozen=True)
class ComposeForm:
    programs: list[str]
    draft: BroadcastInfo | None  # the announcement being edited, if any


def compose_form(*, sessions: SessionFactory, actor: str, now: datetime, editing: int | None = None) -> ComposeForm:
    """What the compose modal offers (a program coordinator: their own programs); raises BroadcastError when the
    announcement to edit can no longer change, BroadcastRefused (audited) when it is beyond their programs."""
    with unit_of_work(sessions, now) as session:
        scope = scope_of(session=session, slack_user_id=actor)
        draft = None if editing is None else editable_broadcast(session=session, broadcast_id=editing, actor=actor,
                                                                scope=scope)
        return ComposeForm([name for name in program_choices(session) if scope.covers(name)], draft)


def draft_announcement(*, sessions: SessionFactory, author: str, audience: Audience, announcement: Announcement,
                       schedule: Schedule, program_timezone: str, now: datetime, edit_of: int | None) -> BroadcastInfo:
    """A program coordinator's audience is cut down to their programs (another program is refused, audited)."""
    with unit_of_work(sessions, now) as session:
        return compose(session=session, author=author, audience=audience, announcement=announcement,
                       schedule=schedule, program_timezone=program_timezone, now=now, edit_of=edit_of,
                       scope=scope_of(session=session, slack_user_id=author))


def confirm_announcement(*, deps: Deps, broadcast_id: int, actor: str, render: Callable[[Announcement], dict[str, Any]],
                         now: datetime) -> BroadcastInfo:
    """Schedule or send a confirmed draft, then show its coordinator where it stands."""
    with unit_of_work(deps.sessions, now) as session:
        info = confirm(session=session, broadcast_id=broadcast_id, render=render, now=now, actor=actor,
                       scope=scope_of(session=session, slack_user_id=actor))
    show_status(deps, info)
    return info


def cancel_announcement(*, deps: Deps, broadcast_id: int, actor: str, now: datetime) -> BroadcastInfo:
    """Cancel what is not sent yet, then show its coordinator where it stands."""
    with unit_of_work(deps.sessions, now) as session:
        info = cancel(session=session, broadcast_id=broadcast_id, actor=actor, now=now,
                      scope=scope_of(session=session, slack_user_id=actor))
    show_status(deps, info)
    return info
