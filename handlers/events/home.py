"""App Home: published whenever someone opens it, and after anything that changes it."""

from __future__ import annotations

from typing import Any

from bot.deps import Deps
from bot.home import home_for
from handlers.blocks.home import build_home
from storage.engine import SessionFactory


def publish_home(client: Any, sessions: SessionFactory, user_id: str) -> None:
    with sessions() as session:
        data = home_for(session=session, slack_user_id=user_id)
    client.views_publish(user_id=user_id, view=build_home(data))


def on_app_home_opened(event: dict[str, Any], client: Any, deps: Deps) -> None:
    if event.get("tab", "home") == "home":
        publish_home(client, deps.sessions, event["user"])
