"""The `/mentor help` answer and the unknown-command answer."""

from __future__ import annotations

from typing import Any

from bot.commands import Subcommand
from handlers.blocks.common import context, message, section


def build_help_message(subcommands: list[Subcommand], *, enrolled: bool) -> dict[str, Any]:
    lines = [f"`{sub.usage}`: {sub.summary}" for sub in subcommands]
    blocks = [section("*Here is what you can do with mentorbot:*\n" + "\n".join(lines))]
    if not enrolled:
        blocks.append(context("You are not enrolled yet, so only the basics are listed."))
    return message("mentorbot commands", blocks)


def build_unknown_command_message(name: str, suggestion: str | None, subcommands: list[Subcommand]) -> dict[str, Any]:
    hint = f" Did you mean `/mentor {suggestion}`?" if suggestion else ""
    help_message = build_help_message(subcommands, enrolled=True)
    first = section(f"I don't know `{name}`.{hint}")
    return message(f"I don't know {name}", [first, *help_message["blocks"]])


def build_notice(text: str) -> dict[str, Any]:
    """A one-paragraph ephemeral answer (refusals, errors, confirmations)."""
    return message(text, [section(text)])
