"""The evaluation report from Slack: the period asked for, then the report (audited)."""

from __future__ import annotations

from datetime import datetime

from bot.report.period import Period
from bot.report.service import Report, report_for, requested_period
from storage.engine import SessionFactory, transaction


def report_period(*, sessions: SessionFactory, from_text: str | None, to_text: str | None, now: datetime,
                  timezone: str) -> Period:
    """Raises PeriodError with what to type."""
    with sessions() as session:
        return requested_period(session=session, from_text=from_text, to_text=to_text, now=now, timezone=timezone)


def program_report(*, sessions: SessionFactory, period: Period, now: datetime, actor: str) -> Report:
    with transaction(sessions) as session:
        return report_for(session=session, period=period, now=now, actor=actor)
