"""The evaluation report from Slack: the period asked for, then the report (audited)."""

from __future__ import annotations

from datetime import datetime

from bot.access import require_scope, scope_of, unit_of_work
from bot.programs import registry
from bot.report.period import Period
from bot.notify import Notifier
from bot.report.files import slack_files
from bot.report.service import Report, report_for, requested_period
from storage.engine import SessionFactory
from storage.queries.outbox_files import FileToSend


def report_period(*, sessions: SessionFactory, from_text: str | None, to_text: str | None, now: datetime,
                  timezone: str) -> Period:
    """Raises PeriodError with what to type."""
    with sessions() as session:
        return requested_period(session=session, from_text=from_text, to_text=to_text, now=now, timezone=timezone)


def program_report(*, sessions: SessionFactory, period: Period, now: datetime, actor: str,
                   typed_program: str | None = None) -> Report:
    """The report for the program typed, or for everything the coordinator coordinates. Raises ProgramError for
    an unregistered name and Refused (audited) for a program outside the coordinator's scope."""
    with unit_of_work(sessions, now) as session:
        scope = scope_of(session=session, slack_user_id=actor)
        programs = scope.programs
        if typed_program:
            name = registry(session).registered_name(typed_program)
            require_scope(session=session, scope=scope, actor=actor, action="report", programs=[name], now=now)
            programs = frozenset({name})
        return report_for(session=session, period=period, now=now, actor=actor, programs=programs)


def send_program_report(*, sessions: SessionFactory, notifier: Notifier, period: Period, now: datetime, actor: str,
                        typed_program: str | None = None) -> Report:
    """program_report (audited), then its summary and files queued for the coordinator's DM. The charts are drawn
    between the two transactions, so the audit never waits on them; a file never goes out unaudited."""
    report = program_report(sessions=sessions, period=period, now=now, actor=actor, typed_program=typed_program)
    files = [FileToSend(f.filename, f.title, f.content) for f in slack_files(report)]
    notifier.send_report(actor, report, files)
    return report
