"""The program registry as coordinators see it in Slack (`/mentor programs`). Names were typed by coordinators:
escaped."""

from __future__ import annotations

from typing import Any

from bot.i18n import _, format_count, format_number
from bot.mrkdwn import escape_mrkdwn
from bot.programs import ProgramLine
from handlers.blocks.common import MESSAGE_BLOCK_LIMIT, context, header, message, section

LISTED_AT_MOST = MESSAGE_BLOCK_LIMIT - 3  # room for the header and the two notes


def build_program_list(lines: list[ProgramLine]) -> dict[str, Any]:
    how = context(_("Change it with `/mentor programs add NAME`, `alias NAME SPELLING`, `rename OLD NEW` or "
                    "`merge FROM INTO` (quote names with spaces)."))
    if not lines:
        return message(_("No programs are registered."), [
            section(_("No programs are registered yet, so people type their program when they join. Register them "
                      "to offer a list instead and to catch misspellings in rosters.")), how])
    rows = [section(_program_line(line)) for line in lines[:LISTED_AT_MOST]]
    more = [context(_("…and {n} more (`mentorbot programs list` shows all).").format(
        n=format_number(len(lines) - LISTED_AT_MOST)))] if len(lines) > LISTED_AT_MOST else []
    return message(format_count("{n} registered program", "{n} registered programs", len(lines)),
                   [header(_("Programs")), *rows, *more, how])


def _program_line(line: ProgramLine) -> str:
    text = f"*{escape_mrkdwn(line.name)}* · " + format_count("{n} person", "{n} people", line.people)
    if line.aliases:
        text += "\n" + _("also written: {spellings}").format(spellings=escape_mrkdwn(", ".join(line.aliases)))
    return text
