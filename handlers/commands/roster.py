"""`/mentor roster`: paste a CSV to import, or `export` to get the roster as a file."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.commands import ParsedCommand
from bot.deps import Deps
from bot.flows.people import send_roster
from bot.i18n import gettext
from handlers.blocks.help import build_notice
from handlers.blocks.roster import build_roster_modal


def handle_roster(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, client: Any, **_: Any) -> None:
    if parsed.args[:1] != ("export",):
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=build_roster_modal())
        return
    ack(**build_notice(gettext("Exporting the roster; the CSV will arrive in our DM.")))
    send_roster(sessions=deps.sessions, notifier=deps.notifier, actor=command["user_id"], now=deps.clock.now())
