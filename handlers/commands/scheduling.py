"""`/mentor availability`: your private availability, in a modal only you see."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.scheduling.availability_text import AvailabilityError
from handlers.blocks.help import build_notice
from handlers.shared import availability_modal


def handle_availability(*, ack: Ack, command: dict[str, Any], deps: Deps, client: Any, **_: Any) -> None:
    try:
        view = availability_modal(deps, command["user_id"])
    except AvailabilityError as exc:
        ack(**build_notice(str(exc)))
        return
    ack()
    client.views_open(trigger_id=command["trigger_id"], view=view)
