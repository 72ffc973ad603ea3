"""What every `mentorbot` capability module shares (the only module of bot/cli they import): failing with a message,
the database, and the audit log's actor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn, cast

import typer

from bot.settings import DatabaseSettings, Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from bot.deps import Deps
    from storage.engine import SessionFactory

CLI_ACTOR = "cli"  # the audit log's actor for what the command line does (it acts for nobody in Slack)


def help_text(text: Any) -> str:
    """A lazy() help text, for typer, which wants a str: it reads as one, in the language of the moment."""
    return cast(str, text)


def fail(message: str, code: int = 2) -> NoReturn:
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def app_settings() -> Settings:
    try:
        return load_settings(Settings)
    except SettingsError as exc:
        fail(str(exc))


def database_settings() -> DatabaseSettings:
    try:
        return load_settings(DatabaseSettings)
    except SettingsError as exc:
        fail(str(exc))


def ready_deps(settings: Settings) -> Deps:
    """Dependencies on a migrated database, with the coordinators from settings granted."""
    from bot.startup import StartupError, prepare  # deferred: `mentorbot --help` stays fast

    try:
        return prepare(settings)
    except StartupError as exc:
        fail(str(exc))


def database_sessions() -> SessionFactory:
    from storage.engine import make_engine, session_factory  # deferred: `mentorbot --help` stays fast

    return session_factory(make_engine(database_settings().database_url))
