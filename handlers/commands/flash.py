"""`/mentor flash <topic>` (mentees: one 30-minute conversation) and `/mentor flash offer N` (mentors: opt in)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.commands import ParsedCommand
from bot.deps import Deps
from bot.flash import FlashError
from bot.flows.flash import ask_for_flash, set_flash_offer
from bot.i18n import gettext, format_count
from bot.numbers import NotANumber, parse_count
from handlers.blocks.help import build_notice
from handlers.shared import usage


def handle_flash(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    if parsed.args[:1] == ("offer",):
        return _offer(ack, command, parsed, deps)
    if not parsed.args:
        return usage(ack, "flash",
                     gettext("Mentors: `/mentor flash offer 2` takes up to two flash requests a month."))
    try:
        asked = ask_for_flash(sessions=deps.sessions, notifier=deps.notifier, slack_id=command["user_id"],
                              topic=" ".join(parsed.args), now=deps.clock.now())
    except FlashError as exc:
        ack(**build_notice(str(exc)))
        return
    ack(**build_notice((
        gettext("I've asked a mentor who knows “{topic}” for one 30-minute conversation; you'll hear as soon as "
                "they answer.") if asked.asked else
        gettext("Nobody who offers flash conversations on “{topic}” has room right now. Try a broader topic, again "
                "next month, or `/mentor find` for an ongoing mentor.")).format(topic=asked.topic)))


def _offer(ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps) -> None:
    try:
        limit = parse_count(parsed.args[1], what=gettext("monthly limit")) if len(parsed.args) == 2 else None
    except NotANumber:
        limit = None
    if limit is None:
        return usage(ack, "flash",
                     gettext("`/mentor flash offer N`: at most N flash conversations a month (0 stops them)."))
    try:
        saved = set_flash_offer(sessions=deps.sessions, slack_id=command["user_id"], monthly_limit=limit,
                                now=deps.clock.now())
    except FlashError as exc:
        ack(**build_notice(str(exc)))
        return
    ack(**build_notice(format_count("You'll get at most {n} flash request a month. Thank you!",
                                    "You'll get at most {n} flash requests a month. Thank you!", saved) if saved
                       else gettext("You won't get flash requests any more.")))
