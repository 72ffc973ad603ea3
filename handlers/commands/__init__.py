"""`/mentor` slash command: parse, authorize, then hand over to one subcommand handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from bot.access import authorize, refusal_text
from bot.commands import BY_NAME, CommandSyntaxError, available_to, closest_subcommand, parse_command_text
from bot.deps import Deps
from handlers import ids
from handlers.blocks.help import build_notice, build_unknown_command_message
from handlers.errors import guarded
from handlers.commands import help as help_command
from handlers.commands import coordination, goals, matching, my_data, profile, roster
from handlers.commands import report
from handlers.commands import surveys
from handlers.commands import broadcasts

SubcommandHandler = Callable[..., None]
ROUTES: dict[str, SubcommandHandler] = {
    "help": help_command.handle,
    "join": profile.handle,
    "profile": profile.handle,
    "goals": goals.handle_goals,
    "met": goals.handle_met,
    "cadence": goals.handle_cadence,
    "settings": goals.handle_settings,
    "find": matching.handle_find,
    "rematch": matching.handle_rematch,
    "match": matching.handle_match,
    "end": matching.handle_end,
    "conflict": coordination.handle_conflict,
    "my-data": my_data.handle_my_data,
    "leave": my_data.handle_leave,
    "roster": roster.handle,
    "coordinator": coordination.handle_coordinator,
    "tags": coordination.handle_tags,
    "report": report.handle_report,
    "survey": surveys.handle,
    "announce": broadcasts.handle_announce,
}


def register(app: App) -> None:
    app.command(ids.COMMAND)(guarded(mentor_command))


def mentor_command(ack: Ack, command: dict[str, Any], deps: Deps, client: Any) -> None:
    user_id = command["user_id"]
    try:
        parsed = parse_command_text(command.get("text", ""))
    except CommandSyntaxError as exc:
        ack(**build_notice(f"{exc} Try `/mentor help`."))
        return
    subcommand = BY_NAME.get(parsed.name)
    allowed, roles = authorize(sessions=deps.sessions, slack_user_id=user_id, now=deps.clock.now(),
                               allowed=subcommand.roles if subcommand else frozenset({"everyone"}),
                               action=f"command.{parsed.name}")
    if subcommand is None:
        ack(**build_unknown_command_message(parsed.name, closest_subcommand(parsed.name), available_to(roles)))
    elif not allowed:
        ack(**build_notice(refusal_text(subcommand.roles)))
    else:
        ROUTES[subcommand.name](ack=ack, command=command, parsed=parsed, roles=roles, deps=deps, client=client)

