"""`/mentor report [YYYY-MM-DD] [YYYY-MM-DD]`: the evaluation report, posted to the coordinator's DM."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack

from bot.access import Refused
from bot.commands import ParsedCommand
from bot.programs import ProgramError
from bot.deps import Deps
from bot.i18n import gettext
from bot.flows.report import report_period, send_program_report
from bot.report.period import PeriodError
from handlers.blocks.help import build_notice
from handlers.shared import usage

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def handle_report(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    dates = [arg for arg in parsed.args if DATE.fullmatch(arg)]
    program = " ".join(arg for arg in parsed.args if not DATE.fullmatch(arg)) or None
    if len(dates) > 2:
        return usage(ack, "report", gettext("Dates are YYYY-MM-DD; without them, the academic year so far. Without a "
                                            "program, every program you coordinate."))
    now = deps.clock.now()
    try:
        period = report_period(sessions=deps.sessions, from_text=dates[0] if dates else None,
                               to_text=dates[1] if len(dates) == 2 else None, now=now,
                               timezone=deps.settings.timezone)
    except PeriodError as exc:
        ack(**build_notice(str(exc)))
        return
    scope = program or gettext("every program you coordinate")
    ack(**build_notice(gettext("Building the evaluation report for {first} – {last} ({scope}); it will arrive in our "
                               "DM in a moment.").format(first=period.first_label, last=period.last_label,
                                                         scope=scope)))
    try:
        send_program_report(sessions=deps.sessions, notifier=deps.notifier, period=period, now=now,
                            actor=command["user_id"], typed_program=program)
    except (ProgramError, Refused) as exc:
        deps.notifier.notice(command["user_id"], str(exc))
