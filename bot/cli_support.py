"""What every `mentorbot` subcommand group shares, in a module of its own so groups need not import bot/cli.py
(which imports them): failing with a message, the database, and the audit log's actor."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from storage.engine import SessionFactory

CLI_ACTOR = "cli"  # the audit log's actor for what the command line does (it acts for nobody in Slack)


def fail(message: str, code: int = 2) -> NoReturn:
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def database_sessions() -> SessionFactory:  # imports deferred: `mentorbot --help` stays fast
    from bot.settings import DatabaseSettings, SettingsError, load_settings
    from storage.engine import make_engine, session_factory

    try:
        return session_factory(make_engine(load_settings(DatabaseSettings).database_url))
    except SettingsError as exc:
        fail(str(exc))
