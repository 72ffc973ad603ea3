"""`/mentor my-record` (a mentor's dossier statement) and `/mentor recognition [YEAR]` (the coordinators' list):
files, queued for the person's DM (the sender shares them)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.commands import ParsedCommand
from bot.deps import Deps
from bot.i18n import format_number, gettext, ngettext
from bot.flows.recognition import send_my_record, send_recognition_list
from bot.recognition.annual import recognition_year
from handlers.blocks.help import build_notice
from handlers.shared import usage


def handle_my_record(*, ack: Ack, command: dict[str, Any], deps: Deps, **_: Any) -> None:
    ack(**build_notice(gettext("Gathering your mentoring record; it will arrive in our DM as a printable page.")))
    send_my_record(sessions=deps.sessions, notifier=deps.notifier, slack_user_id=command["user_id"],
                   now=deps.clock.now())


def handle_recognition(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    now = deps.clock.now()
    year = recognition_year(parsed.args[0] if parsed.args else None, now) if len(parsed.args) <= 1 else None
    if year is None:
        return usage(ack, "recognition", gettext("A year such as {year}; without it, this year.").format(year=now.year))
    count = send_recognition_list(sessions=deps.sessions, notifier=deps.notifier, actor=command["user_id"], year=year,
                                  now=now, timezone=deps.settings.timezone)
    ack(**build_notice(ngettext("The {year} recognition list ({n} mentor) is on its way to our DM.",
                                "The {year} recognition list ({n} mentors) is on its way to our DM.", count).format(
        year=year, n=format_number(count))))
