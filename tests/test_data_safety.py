"""Retention deletes departed people's personal data but keeps anonymous aggregates; backups restore."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select
from typer.testing import CliRunner

from bot.cli import cli
from bot.goals import GoalBase, save_goal
from bot.my_data import leave_program
from bot.retention import purge_departed
from storage.engine import make_engine, session_factory, transaction
from storage.queries.people import get_person
from storage.tables import AuditEvent, Goal, IdentityProfile, Match, MenteeProfile, Person
from tests.conftest import Harness
from tests.test_checkins_http import EDMONTON, LONDON, TORONTO, pairs  # noqa: F401  (fixture)
from tests.databases import is_postgres


def test_retention_purges_people_who_left_long_ago_and_keeps_aggregates(pairs: Harness) -> None:
    now = pairs.clock.now()
    with transaction(pairs.deps.sessions) as session:
        save_goal(session=session, mentee_slack_id=TORONTO, goal_in=GoalBase(title="Private plan"), now=now)
        leave_program(session=session, slack_user_id=TORONTO, mode="leave", until=None, now=now)
        leave_program(session=session, slack_user_id=LONDON, mode="leave", until=None, now=now + timedelta(days=400))
    with transaction(pairs.deps.sessions) as session:
        purged = purge_departed(session=session, now=now + timedelta(days=760), months=24)
    with pairs.deps.sessions() as session:
        assert len(purged) == 1
        riley = session.get(Person, purged[0])
        assert (riley.slack_user_id, riley.display_name, riley.email) == (f"purged-{riley.id}", "", None)
        assert (riley.program, riley.stage, riley.is_mentee) == ("Internal Medicine", "PGY-1", True)
        assert session.get(MenteeProfile, riley.id) is None and session.get(IdentityProfile, riley.id) is None
        assert session.exec(select(func.count()).select_from(Goal)).one() == 0
        assert session.exec(select(func.count()).select_from(Match)).one() == 2  # aggregates keep their matches
        assert get_person(session=session, slack_user_id=LONDON).display_name == LONDON  # left 1 year ago: kept
        assert not session.exec(select(AuditEvent).where(AuditEvent.actor_slack_id == TORONTO)).all()
    with transaction(pairs.deps.sessions) as session:
        assert purge_departed(session=session, now=now + timedelta(days=761), months=24) == []  # once only


@pytest.mark.skipif(is_postgres(), reason="db backup is SQLite's online backup; PostgreSQL uses pg_dump")
def test_sqlite_backup_restores_the_same_data(pairs: Harness, tmp_path: Path) -> None:
    backup = tmp_path / "backup.db"
    env = {"DATABASE_URL": pairs.settings.database_url}
    result = CliRunner().invoke(cli, ["db", "backup", str(backup)], env=env)
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(cli, ["db", "backup", str(backup)], env=env)
    assert again.exit_code == 2 and "already exists" in again.output
    restored = session_factory(make_engine(f"sqlite:///{backup}"))
    with restored() as copy, pairs.deps.sessions() as live:
        for table in (Person, Match, MenteeProfile):
            assert copy.exec(select(func.count()).select_from(table)).one() == \
                live.exec(select(func.count()).select_from(table)).one() > 0
