"""`/mentor join` and `/mentor profile`: open the profile modal, pre-filled when one exists."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.profiles import profile_for_edit
from handlers.blocks.profile import build_profile_modal
from storage.queries.profiles import interest_tags


def handle(*, ack: Ack, command: dict[str, Any], deps: Deps, client: Any, **_: Any) -> None:
    ack()
    open_profile_modal(client, deps, command["user_id"], command["trigger_id"])


def open_profile_modal(client: Any, deps: Deps, user_id: str, trigger_id: str) -> None:
    with deps.sessions() as session:
        profile = profile_for_edit(session=session, slack_user_id=user_id)
        tags = interest_tags(session=session)
    client.views_open(trigger_id=trigger_id, view=build_profile_modal(profile, tags))
