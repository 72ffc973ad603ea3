from sqlalchemy import inspect

from bot.server import StartupError, prepare
from storage.engine import make_engine
from storage.migrate import current_revision, downgrade, head_revision, pending_migration_message, upgrade
from tests.conftest import make_settings
from tests.databases import DatabaseMaker


def test_empty_database_is_refused_then_upgraded_to_head(database_maker: DatabaseMaker) -> None:
    with database_maker.fresh(migrated=False) as url:
        engine = make_engine(url)
        assert "run `mentorbot db upgrade`" in (pending_migration_message(engine) or "")
        try:
            prepare(make_settings(url, "http://127.0.0.1:9/api/"))
            raise AssertionError("prepare() accepted an un-migrated database")
        except StartupError as refusal:
            assert "mentorbot db upgrade" in str(refusal)

        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert pending_migration_message(engine) is None
        assert {"person", "audit_event"} <= set(inspect(engine).get_table_names())
        engine.dispose()


def test_migrations_downgrade_to_empty_and_back(database_maker: DatabaseMaker) -> None:
    with database_maker.fresh(migrated=False) as url:
        engine = make_engine(url)
        upgrade(engine)
        downgrade(engine, "base")
        assert "person" not in inspect(engine).get_table_names()
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        engine.dispose()


def test_migrations_describe_exactly_the_tables_in_code(database_url: str) -> None:
    """Every schema change in storage/tables has its Alembic migration (autogenerate finds nothing to add)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    import storage.tables  # noqa: F401

    engine = make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_object": lambda obj, name, type_, *_: not (type_ == "table" and name == "apscheduler_jobs")})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_upgrading_registers_existing_programs_once_per_spelling(database_maker: DatabaseMaker) -> None:
    """0014 registers the programs people already joined with: spellings that differ only in case or spaces are
    one program, named as most people wrote it, and everyone is moved to that name."""
    from sqlalchemy import text

    with database_maker.fresh(migrated=False) as url:
        engine = make_engine(url)
        upgrade(engine, "0013")
        with engine.begin() as connection:
            for n, program in enumerate(["Internal Medicine", "Internal Medicine", "internal  medicine ", "Surgery",
                                         None, "  "]):
                connection.execute(text(
                    "INSERT INTO person (slack_user_id, display_name, timezone, program, is_mentee, is_mentor, "
                    "is_coordinator, active, created_at, updated_at) VALUES (:id, '', 'UTC', :program, true, false, "
                    "false, true, '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')"),
                    {"id": f"U{n:08d}", "program": program})
        upgrade(engine)
        with engine.connect() as connection:
            assert [r[0] for r in connection.execute(text("SELECT name FROM program ORDER BY name"))] == [
                "Internal Medicine", "Surgery"]
            assert [r[0] for r in connection.execute(text("SELECT program FROM person ORDER BY slack_user_id"))] == [
                "Internal Medicine", "Internal Medicine", "Internal Medicine", "Surgery", None, "  "]
        engine.dispose()
