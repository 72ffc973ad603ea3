"""`mentorbot settings show|set`: program settings, each change dated."""

from __future__ import annotations

import typer

from bot.i18n import lazy

from bot.cli.support import database_settings, fail, help_text


def settings_show() -> None:
    from bot.program_settings import SETTINGS, setting
    from storage.engine import make_engine, session_factory

    with session_factory(make_engine(database_settings().database_url))() as session:
        for key, spec in SETTINGS.items():
            typer.echo(f"{key} = {setting(session, key)}    # {spec.help}")


def settings_set(key: str, value: str) -> None:
    from bot.clock import SystemClock
    from bot.program_settings import SettingError, change_setting
    from storage.engine import make_engine, session_factory, transaction

    try:
        with transaction(session_factory(make_engine(database_settings().database_url))) as session:
            stored, changed = change_setting(session=session, key=key, text=value, actor="cli", now=SystemClock().now())
    except SettingError as exc:
        fail(str(exc))
    typer.echo(f"{key} = {stored}" + ("" if changed else " (unchanged)"))


def register(cli: typer.Typer) -> None:
    group = typer.Typer(help=help_text(lazy('Program settings (each change is dated).')), no_args_is_help=True)
    group.command("show", help=help_text(lazy(
        "Every program setting, its value and what it means.")))(settings_show)
    group.command("set", help=help_text(lazy(
        "Change a program setting (recorded as a dated program change).")))(settings_set)
    cli.add_typer(group, name='settings')
