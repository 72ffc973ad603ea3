"""`/mentor join` and `/mentor profile`: open the profile modal, pre-filled when one exists."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from handlers.shared import open_profile_modal


def handle_profile(*, ack: Ack, command: dict[str, Any], deps: Deps, client: Any, **_: Any) -> None:
    ack()
    open_profile_modal(client, deps, command["user_id"], command["trigger_id"])


handle_join = handle_profile  # joining opens the same form, pre-filled once a profile exists
