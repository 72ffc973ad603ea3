"""The program registry as coordinators see it in Slack (`/mentor programs`). Names were typed by coordinators:
escaped."""

from __future__ import annotations

from typing import Any

from bot.mrkdwn import escape_mrkdwn
from bot.programs import ProgramLine
from handlers.blocks.common import MESSAGE_BLOCK_LIMIT, context, header, message, section

LISTED_AT_MOST = MESSAGE_BLOCK_LIMIT - 3  # room for the header and the two notes


def build_program_list(lines: list[ProgramLine]) -> dict[str, Any]:
    how = context("Change it with `/mentor programs add NAME`, `alias NAME SPELLING`, `rename OLD NEW` or "
                  "`merge FROM INTO` (quote names with spaces).")
    if not lines:
        return message("No programs are registered.", [
            section("No programs are registered yet, so people type their program when they join. Register them "
                    "to offer a list instead and to catch misspellings in rosters."), how])
    rows = [section(f"*{escape_mrkdwn(line.name)}* · {line.people} {'person' if line.people == 1 else 'people'}"
                    + (f"\nalso written: {escape_mrkdwn(', '.join(line.aliases))}" if line.aliases else ""))
            for line in lines[:LISTED_AT_MOST]]
    more = [context(f"…and {len(lines) - LISTED_AT_MOST} more (`mentorbot programs list` shows all).")] \
        if len(lines) > LISTED_AT_MOST else []
    return message(f"{len(lines)} registered programs", [header("Programs"), *rows, *more, how])
