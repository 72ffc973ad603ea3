"""`/mentor announce` (coordinators): the compose modal for an announcement."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.broadcasts import BroadcastInfo
from bot.deps import Deps
from handlers.blocks.broadcasts import build_compose_modal
from storage.queries.broadcasts import program_names


def handle_announce(*, ack: Ack, command: dict[str, Any], deps: Deps, client: Any, **_: Any) -> None:
    ack()
    open_compose_modal(client, deps, command["trigger_id"])


def open_compose_modal(client: Any, deps: Deps, trigger_id: str, draft: BroadcastInfo | None = None) -> None:
    with deps.sessions() as session:
        programs = program_names(session=session)
    client.views_open(trigger_id=trigger_id, view=build_compose_modal(programs, deps.settings.timezone, draft))
