"""The evaluation report from Slack: the period asked for, then the report (audited)."""

from __future__ import annotations

from datetime import datetime

from bot.access import require_scope, scope_of, unit_of_work
from bot.programs import registry
from bot.report.period import Period
from bot.report.service import Report, report_for, requested_period
from storage.engine import SessionFactory


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
