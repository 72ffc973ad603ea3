"""Alembic, driven from code: the CLI and the test harness upgrade and check schema through here."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Engine

from storage.engine import normalize_url

if TYPE_CHECKING:  # alembic is imported when a migration runs or the schema is behind, not at every start-up
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"  # Alembic's default, which env.py keeps


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", normalize_url(database_url).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    from alembic import command

    _run(command.upgrade, engine, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    _run(command.downgrade, engine, revision)


def _run(alembic_command: Callable[[Config, str], None], engine: Engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        alembic_command(config, revision)


def head_revision() -> str:
    """The newest revision(s), comma-separated when branches have not been merged yet."""
    from alembic.script import ScriptDirectory

    return ",".join(sorted(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()))


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return ",".join(sorted(heads)) or None


def pending_migration_message(engine: Engine) -> str | None:
    """None when the schema is at head; otherwise a sentence saying what to run."""
    if _at_head_quickly(engine):
        return None
    current, head = current_revision(engine), head_revision()
    if current == head:
        return None
    state = "empty" if current is None else f"at revision {current}"
    return f"The database is {state}, not at {head}: run `mentorbot db upgrade` first."


_HEADER_ASSIGNMENT = re.compile(r"(?m)^(?:revision|down_revision|depends_on|branch_labels)\b[^=\n]*=.*$")


def script_heads() -> str | None:
    """The heads read from the migration files' own `revision` / `down_revision` lines, without importing Alembic
    (which costs a few hundred milliseconds at every start-up); None when a file is not in that plain form, so the
    caller asks Alembic. tests/test_migrations.py (tests/test_startup.py) holds this equal to head_revision()."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        values: dict[str, object] = {}
        # Only the header's one-line assignments are parsed: parsing each whole file cost 10% of a test run.
        for line in _HEADER_ASSIGNMENT.findall(path.read_text(encoding="utf-8")):
            try:
                node = ast.parse(line).body[0]
                target, value = (node.targets[0], node.value) if isinstance(node, ast.Assign) else (None, None)
                if not isinstance(target, ast.Name) or value is None:
                    return None
                values[target.id] = ast.literal_eval(value)
            except (SyntaxError, ValueError):
                return None  # a multi-line or computed value: Alembic reads it
        revision, down = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str) or values.get("depends_on") or values.get("branch_labels"):
            return None
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(str(d) for d in down)
        elif down is not None:
            return None
    return ",".join(sorted(revisions - parents)) or None


def _at_head_quickly(engine: Engine) -> bool:
    """True when the version table names exactly the heads of the migration files: the common case at start-up,
    answered with one query. Anything else (behind, empty, unreadable) is left to Alembic, which says what."""
    try:
        heads = script_heads()
        if heads is None:
            return False
        with engine.connect() as connection:
            current = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    except Exception:  # no version table yet, or the database does not answer: Alembic's path reports it
        return False
    return ",".join(sorted(current)) == heads
