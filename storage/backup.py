"""Consistent online backups of the embedded SQLite database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.engine import normalize_url


class BackupError(Exception):
    """The backup cannot be made; the message says what to do instead."""


def backup_sqlite(database_url: str, target: Path) -> None:
    url = make_url(normalize_url(database_url))
    if url.get_backend_name() != "sqlite" or not url.database:
        raise BackupError("`db backup` is for SQLite; for PostgreSQL use `pg_dump -Fc` (see README, Data safety).")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file so no backup is overwritten.")
    source = sqlite3.connect(url.database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # a consistent snapshot even while the app writes (WAL)
    finally:
        copy.close()
        source.close()
