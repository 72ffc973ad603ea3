"""A fresh database with the seeded program of tests/report/seed.py, and its report for September-November."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from bot.report.period import Period
from bot.report.service import Report, build_report
from storage.engine import SessionFactory, make_engine, session_factory
from tests.report.seed import seed_program

AUTUMN = Period(date(2026, 9, 1), date(2026, 11, 30), "UTC")
REPORT_TIME = datetime(2026, 12, 15, 9, tzinfo=UTC)  # after the period: the end is 1 December 00:00


@pytest.fixture
def seeded(database_url: str) -> Iterator[tuple[SessionFactory, dict[str, int]]]:
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    with sessions() as session:
        ids = seed_program(session)
    yield sessions, ids
    engine.dispose()


@pytest.fixture
def report(seeded: tuple[SessionFactory, dict[str, int]]) -> Report:
    sessions, _ = seeded
    with sessions() as session:
        return build_report(session=session, period=AUTUMN, now=REPORT_TIME)
