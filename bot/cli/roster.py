"""`mentorbot roster import|export`: the program roster as CSV."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from bot.i18n import _, lazy, ngettext

from bot.cli.support import CLI_ACTOR, app_settings, database_settings, fail, ready_deps, help_text


def roster_import(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    dry_run: bool = typer.Option(False, "--dry-run", help=help_text(lazy("Show what would change; store nothing."))),
) -> None:
    from bot.roster import RosterFormatError, import_roster
    from bot.slack_api import SlackDirectory, make_resilient
    from bot.startup import bot_client

    settings = app_settings()
    deps = ready_deps(settings)
    directory = SlackDirectory(make_resilient(bot_client(settings)), settings.timezone)
    from bot.access import FACULTY_WIDE

    with typer.progressbar(length=1, label=_("Importing"), file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(1)

        try:
            report = import_roster(sessions=deps.sessions, text=path.read_text(encoding="utf-8-sig"),
                                   directory=directory, now=deps.clock.now(), actor="cli",
                                   default_timezone=settings.timezone, dry_run=dry_run, progress=progress,
                                   scope=FACULTY_WIDE)
        except RosterFormatError as exc:
            fail(f"{path}: {exc}")
    for error in report.errors:
        typer.echo(f"{path}:{error.row}: {error.column}: {error.reason}", err=True)
    typer.echo((_("Dry run: ") if dry_run else "") + report.summary())
    raise typer.Exit(1 if report.errors else 0)


def roster_export(out: Path | None = typer.Option(None, help=help_text(lazy("Write to this file instead of standard output.")))) -> None:
    from bot.clock import SystemClock
    from bot.roster import export_roster
    from storage.engine import make_engine, session_factory, transaction

    sessions = session_factory(make_engine(database_settings().database_url))
    with transaction(sessions) as session:
        text = export_roster(session=session, actor=CLI_ACTOR, now=SystemClock().now())
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        people = text.count(chr(10)) - 1
        typer.echo(ngettext("Wrote {n} person to {path}.", "Wrote {n} people to {path}.", people).format(
            n=people, path=out), err=True)


def register(cli: typer.Typer) -> None:
    group = typer.Typer(help=help_text(lazy('Import and export the program roster (CSV).')), no_args_is_help=True)
    group.command("import", help=help_text(lazy(
        "Create or update people from a CSV roster; every bad row is reported, every good row stored.")))(roster_import)
    group.command("export", help=help_text(lazy(
        "Write everyone enrolled in the roster CSV format (import reads it back unchanged).")))(roster_export)
    cli.add_typer(group, name='roster')
