"""`mentorbot db upgrade|backup|current`: the database schema (Alembic migrations) and backups."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.i18n import _, lazy

from bot.cli.support import database_settings, fail, help_text


def db_upgrade(revision: str = "heads") -> None:
    from storage.engine import make_engine
    from storage.migrate import current_revision, upgrade

    engine = make_engine(database_settings().database_url)
    upgrade(engine, revision)
    typer.echo(_("Database at revision {revision}.").format(revision=current_revision(engine)))


def db_backup(path: Path) -> None:
    from storage.backup import BackupError, backup_sqlite

    try:
        backup_sqlite(database_settings().database_url, path)
    except BackupError as exc:
        fail(str(exc))
    typer.echo(_("Backed up to {path}. Restore: stop mentorbot, copy it over the database file, start again.").format(
        path=path))


def db_current() -> None:
    from storage.engine import make_engine
    from storage.migrate import current_revision, pending_migration_message

    engine = make_engine(database_settings().database_url)
    typer.echo(_("revision: {revision}").format(revision=current_revision(engine) or _("(empty)")))
    typer.echo(pending_migration_message(engine) or _("up to date"))


def register(cli: typer.Typer) -> None:
    group = typer.Typer(help=help_text(lazy('Database schema (Alembic migrations).')), no_args_is_help=True)
    group.command("upgrade", help=help_text(lazy(
        "Apply migrations up to REVISION (default: the newest).")))(db_upgrade)
    group.command("backup", help=help_text(lazy(
        "Copy a SQLite database consistently while the app runs (SQLite's online backup); PostgreSQL: use "
        "pg_dump.")))(db_backup)
    group.command("current", help=help_text(lazy(
        "Show the database's revision and whether migrations are pending.")))(db_current)
    cli.add_typer(group, name='db')
