"""Events API listeners."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.errors import guarded
from handlers.events.directory import on_access_lost, on_user_change
from handlers.events.home import on_app_home_opened

if TYPE_CHECKING:
    from slack_bolt import App


def register(app: App) -> None:
    app.event("app_home_opened")(guarded(on_app_home_opened))
    app.event("user_change")(guarded(on_user_change))
    app.event("tokens_revoked")(guarded(on_access_lost))
    app.event("app_uninstalled")(guarded(on_access_lost))
