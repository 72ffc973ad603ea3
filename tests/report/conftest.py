"""A fresh database with the seeded program of tests/report/seed.py, and its report for September-November."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from bot.report.period import Period
from bot.report.service import Report, build_report
from storage.engine import SessionFactory, make_engine, session_factory
from tests.databases import DatabaseMaker
from tests.report.seed import seed_program

AUTUMN = Period(date(2026, 9, 1), date(2026, 11, 30), "UTC")
REPORT_TIME = datetime(2026, 12, 15, 9, tzinfo=UTC)  # after the period: the end is 1 December 00:00


def seed(sessions: SessionFactory) -> dict[str, int]:
    with sessions() as session:
        return seed_program(session)


@pytest.fixture
def seeded_url(database_maker: DatabaseMaker) -> Iterator[str]:
    """A copy of the seeded program's database (written once per test process)."""
    with database_maker.fresh(seed=seed) as url:
        yield url


@pytest.fixture
def seeded(seeded_url: str, database_maker: DatabaseMaker) -> Iterator[tuple[SessionFactory, dict[str, int]]]:
    """The seeded program and its ids."""
    engine = make_engine(seeded_url)
    yield session_factory(engine), dict(database_maker.seed_result(seed))
    engine.dispose()


@pytest.fixture
def report(seeded: tuple[SessionFactory, dict[str, int]]) -> Report:
    sessions, _ = seeded
    with sessions() as session:
        return build_report(session=session, period=AUTUMN, now=REPORT_TIME)
