"""Button and menu listeners."""

from __future__ import annotations

from slack_bolt import App

from handlers import ids
from handlers.actions.home import open_profile_from_home


def register(app: App) -> None:
    app.action(ids.HOME_EDIT_PROFILE)(open_profile_from_home)
    app.action(ids.HOME_JOIN)(open_profile_from_home)
