"""`/mentor resources`: coordinators manage the library; everyone else sees the resources meant for them."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.resources import library_for
from handlers.blocks.resources import build_library


def handle_resources(*, ack: Ack, command: dict[str, Any], roles: frozenset[str], deps: Deps, **_: Any) -> None:
    coordinator = "coordinator" in roles
    resources = library_for(sessions=deps.sessions, slack_user_id=command["user_id"], coordinator=coordinator)
    ack(**build_library(resources, coordinator=coordinator))
