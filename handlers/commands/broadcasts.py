"""`/mentor announce` (coordinators): the compose modal for an announcement."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.flows.broadcasts import compose_form
from handlers.shared import open_compose_modal


def handle_announce(*, ack: Ack, command: dict[str, Any], deps: Deps, client: Any, **_: Any) -> None:
    ack()
    open_compose_modal(client, deps, command["trigger_id"], compose_form(sessions=deps.sessions, actor=command["user_id"],
                                                                              now=deps.clock.now()))
