"""Alembic, driven from code: the CLI and the test harness upgrade and check schema through here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from storage.engine import normalize_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", normalize_url(database_url).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    _run(command.upgrade, engine, revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(command.downgrade, engine, revision)


def _run(alembic_command: Callable[[Config, str], None], engine: Engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        alembic_command(config, revision)


def head_revision() -> str:
    """The newest revision(s), comma-separated when branches have not been merged yet."""
    return ",".join(sorted(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return ",".join(sorted(heads)) or None


def pending_migration_message(engine: Engine) -> str | None:
    """None when the schema is at head; otherwise a sentence saying what to run."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return None
    state = "empty" if current is None else f"at revision {current}"
    return f"The database is {state}, not at {head}: run `mentorbot db upgrade` first."
