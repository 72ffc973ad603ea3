"""Options listeners: menus whose choices can outgrow Slack's 100 (external_select), filled as people type."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.deps import Deps
from bot.suggestions import suggest
from handlers import ids
from handlers.blocks.forms import options


def on_suggestion(ack: Ack, body: dict[str, Any], deps: Deps) -> None:
    """Every modal input's action_id is ids.INPUT_VALUE; its block_id names the list to search."""
    choices = suggest(sessions=deps.sessions, field=body.get("block_id", ""), typed=str(body.get("value", ""))[:100])
    ack(options=options(choices))


def register(app: App) -> None:
    app.options(ids.INPUT_VALUE)(on_suggestion)
