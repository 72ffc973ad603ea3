"""`/mentor help`: the commands this person's roles allow."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.commands import available_to
from handlers.blocks.help import build_help_message


def handle_help(*, ack: Ack, roles: frozenset[str], **_: Any) -> None:
    ack(**build_help_message(available_to(roles), enrolled="enrolled" in roles))

