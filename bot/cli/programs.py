"""`mentorbot programs list|add|alias|rename|merge`: the program registry from the command line (audited as `cli`)."""

from __future__ import annotations

import typer

from bot.i18n import lazy

from bot.cli.support import CLI_ACTOR, database_sessions, fail, help_text


def programs_list() -> None:
    from bot.programs import program_listing

    for line in program_listing(sessions=database_sessions()):
        typer.echo(f"{line.name}\t{line.people} people\t{', '.join(line.aliases)}")


def _change(*args: str) -> None:
    from bot.clock import SystemClock
    from bot.programs import ProgramError, change_registry

    try:
        typer.echo(change_registry(sessions=database_sessions(), actor=CLI_ACTOR, args=args, now=SystemClock().now()))
    except ProgramError as exc:
        fail(str(exc))


def programs_add(name: str) -> None:
    _change("add", name)


def programs_alias(name: str, spelling: str) -> None:
    _change("alias", name, spelling)


def programs_rename(old: str, new: str) -> None:
    _change("rename", old, new)


def programs_merge(source: str, into: str) -> None:
    _change("merge", source, into)


def register(cli: typer.Typer) -> None:
    group = typer.Typer(help=help_text(lazy("The program registry: one name per program, and the spellings that mean it.")),
                           no_args_is_help=True)
    group.command("list", help=help_text(lazy(
        "Every registered program, its people and its other spellings.")))(programs_list)
    group.command("add", help=help_text(lazy(
        "Register a program or department.")))(programs_add)
    group.command("alias", help=help_text(lazy(
        "Another spelling (an abbreviation, a former name) that means a registered program.")))(programs_alias)
    group.command("rename", help=help_text(lazy(
        "Rename a program everywhere; the old name keeps working as an alias.")))(programs_rename)
    group.command("merge", help=help_text(lazy(
        "Fold one program into another: its people, resources, audiences and spellings.")))(programs_merge)
    cli.add_typer(group, name='programs')
