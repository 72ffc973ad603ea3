"""`/mentor programs`: coordinators see and change the faculty's program registry."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.commands import ParsedCommand
from bot.deps import Deps
from bot.programs import ProgramError, change_registry, program_listing
from handlers.blocks.help import build_notice
from handlers.blocks.programs import build_program_list


def handle_programs(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    if not parsed.args:
        ack(**build_program_list(program_listing(sessions=deps.sessions)))
        return
    try:
        done = change_registry(sessions=deps.sessions, actor=command["user_id"], args=parsed.args, now=deps.clock.now())
    except ProgramError as exc:
        ack(**build_notice(str(exc)))
        return
    ack(**build_notice(done))
