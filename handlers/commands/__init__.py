"""`/mentor` slash command: parse, authorize, then hand over to one subcommand handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from bot.access import faculty_wide_only_text, FACULTY_WIDE_SUBCOMMANDS, authorize, refusal_text
from bot.commands import BY_NAME, SUBCOMMANDS, CommandSyntaxError, available_to, closest_subcommand, parse_command_text
from bot.deps import Deps
from handlers import ids
from bot.i18n import _
from handlers.blocks.help import build_notice, build_unknown_command_message
from handlers.errors import guarded
from handlers.commands import broadcasts, coordination, goals, matching, my_data, profile, recognition, report, resources, roster
from handlers.commands import circles, events, flash, programs, scheduling, surveys
from handlers.commands import help as help_command

SubcommandHandler = Callable[..., None]
MODULES = (help_command, profile, goals, matching, coordination, my_data, roster, report, surveys, broadcasts,
           resources, programs, scheduling, flash, events, circles, recognition)


def handler_name(subcommand: str) -> str:
    return "handle_" + subcommand.replace("-", "_")


def handler_for(subcommand: str) -> SubcommandHandler:
    """`/mentor <name>` is served by the one `handle_<name>` in the command modules (my-data: handle_my_data)."""
    name = handler_name(subcommand)
    found = [getattr(module, name) for module in MODULES if hasattr(module, name)]
    if len(found) != 1:
        raise LookupError(f"/mentor {subcommand} needs exactly one {name}, found {len(found)}")  # not text: at import
    return found[0]


ROUTES: dict[str, SubcommandHandler] = {sub.name: handler_for(sub.name) for sub in SUBCOMMANDS}


def register(app: App) -> None:
    app.command(ids.COMMAND)(guarded(mentor_command))


def mentor_command(ack: Ack, command: dict[str, Any], deps: Deps, client: Any) -> None:
    user_id = command["user_id"]
    try:
        parsed = parse_command_text(command.get("text", ""))
    except CommandSyntaxError as exc:
        ack(**build_notice(_("{problem} Try `/mentor help`.").format(problem=exc)))
        return
    subcommand = BY_NAME.get(parsed.name)
    faculty_wide_only = parsed.name in FACULTY_WIDE_SUBCOMMANDS
    allowed, roles = authorize(sessions=deps.sessions, slack_user_id=user_id, now=deps.clock.now(),
                               allowed=subcommand.roles if subcommand else frozenset({"everyone"}),
                               action=f"command.{parsed.name}", faculty_wide_only=faculty_wide_only)
    if subcommand is None:
        ack(**build_unknown_command_message(parsed.name, closest_subcommand(parsed.name), available_to(roles)))
    elif not allowed:
        scoped_out = faculty_wide_only and bool(subcommand.roles & roles)
        ack(**build_notice(faculty_wide_only_text() if scoped_out else refusal_text(subcommand.roles)))
    else:
        ROUTES[subcommand.name](ack=ack, command=command, parsed=parsed, roles=roles, deps=deps, client=client)

