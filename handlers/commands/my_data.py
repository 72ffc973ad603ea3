"""`/mentor my-data` and `/mentor leave`: personal data rights."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.flows.people import send_my_data
from bot.i18n import gettext
from handlers.blocks.help import build_notice
from handlers.blocks.leave import build_leave_modal


def handle_my_data(*, ack: Ack, command: dict[str, Any], deps: Deps, **_: Any) -> None:
    ack(**build_notice(gettext("Gathering everything stored about you; it will arrive as a file in our DM.")))
    send_my_data(sessions=deps.sessions, notifier=deps.notifier, slack_user_id=command["user_id"],
                 now=deps.clock.now())


def handle_leave(*, ack: Ack, command: dict[str, Any], client: Any, **_: Any) -> None:
    ack()
    client.views_open(trigger_id=command["trigger_id"], view=build_leave_modal())
