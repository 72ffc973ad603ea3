"""`/mentor report [YYYY-MM-DD] [YYYY-MM-DD]`: the evaluation report, posted to the coordinator's DM."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack

from bot.access import Refused
from bot.commands import ParsedCommand
from bot.programs import ProgramError
from bot.deps import Deps
from bot.flows.report import program_report, report_period
from bot.report.files import slack_files
from bot.report.period import PeriodError
from handlers.blocks.help import build_notice
from handlers.blocks.report import build_report_summary
from handlers.shared import usage

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def handle_report(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, client: Any, **_: Any) -> None:
    dates = [arg for arg in parsed.args if DATE.fullmatch(arg)]
    program = " ".join(arg for arg in parsed.args if not DATE.fullmatch(arg)) or None
    if len(dates) > 2:
        return usage(ack, "report", "Dates are YYYY-MM-DD; without them, the academic year so far. Without a "
                     "program, every program you coordinate.")
    now = deps.clock.now()
    try:
        period = report_period(sessions=deps.sessions, from_text=dates[0] if dates else None,
                               to_text=dates[1] if len(dates) == 2 else None, now=now,
                               timezone=deps.settings.timezone)
    except PeriodError as exc:
        ack(**build_notice(str(exc)))
        return
    scope = program or "every program you coordinate"
    ack(**build_notice(f"Building the evaluation report for {period.label} ({scope}); it will arrive in our DM "
                       "in a moment."))
    try:
        report = program_report(sessions=deps.sessions, period=period, now=now, actor=command["user_id"],
                                typed_program=program)
    except (ProgramError, Refused) as exc:
        deps.notifier.notice(command["user_id"], str(exc))
        return
    channel = client.conversations_open(users=command["user_id"])["channel"]["id"]
    client.chat_postMessage(channel=channel, **build_report_summary(report))
    client.files_upload_v2(channel=channel, initial_comment="Charts and the full evaluation report.",
                           file_uploads=[{"content": f.content, "filename": f.filename, "title": f.title}
                                         for f in slack_files(report)])
