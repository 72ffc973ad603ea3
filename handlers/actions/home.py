"""App Home buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from handlers.commands.profile import open_profile_modal


def open_profile_from_home(ack: Ack, body: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    open_profile_modal(client, deps, body["user"]["id"], body["trigger_id"])
