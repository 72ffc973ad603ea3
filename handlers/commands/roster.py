"""`/mentor roster`: paste a CSV to import, or `export` to get the roster as a file."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.commands import ParsedCommand
from bot.deps import Deps
from bot.flows.people import roster_csv
from handlers.blocks.help import build_notice
from handlers.blocks.roster import build_roster_modal


def handle_roster(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, client: Any, **_: Any) -> None:
    if parsed.args[:1] != ("export",):
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=build_roster_modal())
        return
    ack(**build_notice("Exporting the roster; the CSV will arrive in our DM."))
    csv_text = roster_csv(sessions=deps.sessions, actor=command["user_id"], now=deps.clock.now())
    channel = client.conversations_open(users=command["user_id"])["channel"]["id"]
    client.files_upload_v2(channel=channel, filename="roster.csv", title="Program roster", content=csv_text,
                           initial_comment=f"The roster: {csv_text.count(chr(10)) - 1} people.")
