"""App Home's development-plan count is the coordinator's programs' (a program coordinator sees theirs only)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.development_plan import plan_count
from storage.engine import make_engine, session_factory, transaction
from storage.tables import DevelopmentPlan, Person

NOW = datetime(2026, 9, 1, tzinfo=UTC)


def test_plans_are_counted_faculty_wide_or_for_the_programs_asked(database_url: str) -> None:
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        for n, program in enumerate(["Surgery", "Surgery", "Internal Medicine", ""]):
            person = Person(slack_user_id=f"U{n}", display_name=f"R{n}", program=program, created_at=NOW,
                            updated_at=NOW)
            session.add(person)
            session.flush()
            session.add(DevelopmentPlan(mentee_id=person.id, year=2026, created_at=NOW, updated_at=NOW))
    with sessions() as session:
        assert plan_count(session=session, year=2026) == 4
        assert plan_count(session=session, year=2026, programs=frozenset({"Surgery"})) == 2
        assert plan_count(session=session, year=2026, programs=frozenset({"Surgery", "Internal Medicine"})) == 3
        assert plan_count(session=session, year=2025, programs=frozenset({"Surgery"})) == 0
    engine.dispose()
