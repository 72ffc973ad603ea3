"""App Home: published whenever someone opens it (and, through handlers/shared.py, after anything that changes it)."""

from __future__ import annotations

from typing import Any

from bot.deps import Deps
from handlers.shared import publish_home


def on_app_home_opened(event: dict[str, Any], client: Any, deps: Deps) -> None:
    if event.get("tab", "home") == "home":
        publish_home(client, deps.sessions, event["user"], deps.clock.now())
