"""Roster paste submission: import (the service queues the coordinator's per-row report)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.roster import RosterFormatError, import_roster, read_rows
from bot.slack_api import SlackDirectory
from handlers.authorization import coordinators_only
from handlers.blocks.roster import parse_roster_submission


@coordinators_only("roster.import", refuse_on_modal="csv")
def submit_roster(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
    user_id = body["user"]["id"]
    text, dry_run = parse_roster_submission(view["state"]["values"])
    try:
        read_rows(text)  # a file-level problem is shown on the field; row problems come in the report
    except RosterFormatError as exc:
        ack(response_action="errors", errors={"csv": str(exc)})
        return
    ack()
    import_roster(sessions=deps.sessions, text=text, directory=SlackDirectory(client, deps.settings.timezone),
                  now=deps.clock.now(), actor=user_id, default_timezone=deps.settings.timezone, dry_run=dry_run,
                  scope=None, notifier=deps.notifier)  # the coordinator's own programs; the report is queued with it
