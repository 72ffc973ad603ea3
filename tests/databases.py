"""Fresh, migrated databases for tests: SQLite files by default, PostgreSQL when DATABASE_URL says so.

Migrations run once into a template; each test gets a copy (a file copy, or CREATE DATABASE ... TEMPLATE). On SQLite
the migrated template is kept between test processes and runs, under a name made of a digest of storage/ (the
migrations and everything they import): a change there builds a new one.
A fixture that writes the same rows before every test (a seeded program) can ask for a seeded template instead:
the seeding runs once per test process, and each test gets a copy of its result.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.engine import SessionFactory, make_engine, normalize_url, session_factory
from storage.migrate import upgrade


def configured_url() -> str:
    return os.environ.get("DATABASE_URL", "sqlite://")


def is_postgres() -> bool:
    return configured_url().startswith(("postgres", "postgresql"))


TEMPLATES = Path(tempfile.gettempdir()) / "mentorbot-test-templates"
STORAGE = Path(__file__).resolve().parents[1] / "storage"


def storage_digest() -> str:
    """What the migrated schema depends on: every file of storage/ (the migrations, env.py, the types and tables
    they import), by path and content."""
    digest = hashlib.sha256()
    for path in sorted(STORAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".mako", ".ini"):
            digest.update(str(path.relative_to(STORAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class DatabaseMaker:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.template: str | None = None
        self.seeded: dict[Callable[[SessionFactory], Any], tuple[str, Any]] = {}

    def _admin_engine(self):  # type: ignore[no-untyped-def]
        return make_engine(configured_url(), isolation_level="AUTOCOMMIT")

    def _postgres_url(self, name: str) -> str:
        return make_url(normalize_url(configured_url())).set(database=name).render_as_string(hide_password=False)

    def _build_template(self) -> str:
        if not is_postgres():
            kept = TEMPLATES / f"migrated-{storage_digest()}.db"
            if kept.is_file():
                return str(kept)
            path = self.workdir / "template.db"
            engine = make_engine(f"sqlite:///{path}")
            upgrade(engine)
            engine.dispose()  # closing the last connection checkpoints the WAL into the file we copy
            TEMPLATES.mkdir(parents=True, exist_ok=True)
            partial = TEMPLATES / f"{uuid.uuid4().hex}.partial"
            shutil.copyfile(path, partial)
            os.replace(partial, kept)  # whole or absent: another process may be reading or writing the same name
            return str(path)
        name = f"mentorbot_template_{uuid.uuid4().hex[:8]}"
        admin = self._admin_engine()
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine = make_engine(self._postgres_url(name))
        upgrade(engine)
        engine.dispose()
        admin.dispose()
        return name

    def _build_seeded(self, seed: Callable[[SessionFactory], Any]) -> tuple[str, Any]:
        """A copy of the migrated template with what seed writes (through its own engine, disposed after), and
        what seed returned (the ids it wrote: the same in every copy)."""
        with self._copy(str(self.template), keep=True) as url:
            engine = make_engine(url)
            result = seed(session_factory(engine))
            engine.dispose()  # SQLite: the WAL checkpointed into the file; PostgreSQL: a template takes no sessions
        return make_url(url).database or "", result

    def seed_result(self, seed: Callable[[SessionFactory], Any]) -> Any:
        """What seed returned when its template was written (after a fresh(seed=seed))."""
        return self.seeded[seed][1]

    @contextmanager
    def fresh(self, migrated: bool = True, seed: Callable[[SessionFactory], Any] | None = None) -> Iterator[str]:
        """A URL of a new database (migrated to head unless asked otherwise, holding what `seed` writes when
        given: the same function is run once per test process), dropped afterwards."""
        if migrated and self.template is None:
            self.template = self._build_template()
        if seed is not None and seed not in self.seeded:
            self.seeded[seed] = self._build_seeded(seed)
        template = self.seeded[seed][0] if seed is not None else self.template if migrated else None
        with self._copy(template) as url:
            yield url

    @contextmanager
    def _copy(self, template: str | None, keep: bool = False) -> Iterator[str]:
        """A new database copied from template (empty without one); dropped afterwards unless kept."""
        if not is_postgres():
            path = self.workdir / f"{uuid.uuid4().hex[:12]}.db"
            if template is not None:
                shutil.copyfile(template, path)
            yield f"sqlite:///{path}"
            return
        yield from self._fresh_postgres(template, keep)

    def _fresh_postgres(self, template_name: str | None, keep: bool) -> Iterator[str]:
        name = f"mentorbot_test_{uuid.uuid4().hex[:12]}"
        admin = self._admin_engine()
        template = f' TEMPLATE "{template_name}"' if template_name else ""
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{template}'))
        try:
            yield self._postgres_url(name)
        finally:
            if not keep:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    def close(self) -> None:
        if is_postgres() and self.template:
            admin = self._admin_engine()
            with admin.connect() as connection:
                for name in (*(template for template, _ in self.seeded.values()), self.template):
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


class SharedCompiledSql:
    """Every test builds new engines on a new database, and SQLAlchemy keys its compiled-statement cache by the
    engine's dialect object, so each test compiled every statement again (about a tenth of the suite's CPU). Engines
    of one test process created with the same options share one dialect and one cache here: a statement compiles
    once per worker. Databases and connection pools stay each engine's own; SQL text does not depend on which file
    or database an engine opens, only on the dialect and its options, which is what the key holds."""

    CACHE_SIZE = 5000  # the app's distinct statements (every test's) fit; SQLAlchemy's default is 500 per engine

    def __init__(self) -> None:
        from sqlalchemy.util import LRUCache

        self.cache: LRUCache = LRUCache(self.CACHE_SIZE)
        self.dialects: dict[tuple[str, str], Any] = {}

    def create_engine(self, create: Any) -> Any:
        def create_sharing(url: Any, **options: Any) -> Any:
            engine = create(url, **options)
            key = (engine.url.drivername, repr(sorted(options.items())))
            dialect = self.dialects.setdefault(key, engine.dialect)
            engine.dialect = engine.pool._dialect = dialect
            engine._compiled_cache = self.cache
            return engine

        return create_sharing
