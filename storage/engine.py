"""Engine and session factory: SQLite (embedded default) and PostgreSQL through the same code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, create_engine

SessionFactory = Callable[[], Session]

POSTGRES_CONNECT_TIMEOUT_SECONDS = 2  # a down database must fail fast, inside Slack's 3 s ack budget
# How long a SQLite writer waits for another's write lock: well inside Slack's 3 s, leaving time to answer
# "busy, try again" (was 15 s, after which Slack had long given up and shown the person an error).
SQLITE_BUSY_TIMEOUT_SECONDS = 1.5


def normalize_url(url: str) -> str:
    """Accept plain postgresql:// URLs and route them to the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def make_engine(url: str, **engine_options: Any) -> Engine:
    url = normalize_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS}, **engine_options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No pool_pre_ping: it costs a round trip on every checkout of the hot path. After a database restart
    # the first use of a stale connection fails (the person is told "temporarily unavailable") and
    # SQLAlchemy then invalidates the whole pool, so only one request or tick is affected.
    options = {"pool_size": 10, "max_overflow": 10, "pool_recycle": 1800, **engine_options}
    return create_engine(url, connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS}, **options)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def session_factory(engine: Engine) -> SessionFactory:
    """Sessions that keep loaded objects usable after commit (views render after the transaction)."""

    def new_session() -> Session:
        return Session(engine, expire_on_commit=False)

    return new_session


@contextmanager
def transaction(sessions: SessionFactory) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with sessions() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def database_status(engine: Engine) -> str:
    """"up", "locked" (SQLite: another writer held the write lock past the busy timeout) or "down".

    On SQLite, readers are never blocked (WAL), so the check takes the write lock and gives it back at once.
    """
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                connection.exec_driver_sql("ROLLBACK")
            else:
                connection.execute(text("SELECT 1"))
        return "up"
    except OperationalError as error:
        return "locked" if is_busy(error) else "down"
    except SQLAlchemyError:
        return "down"


def is_busy(error: BaseException) -> bool:
    """Whether a database error means "busy: try again in a moment" (SQLite's write lock) rather than "down"."""
    return isinstance(error, OperationalError) and "database is locked" in str(getattr(error, "orig", error))
