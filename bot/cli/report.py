"""`mentorbot report`: the evaluation report for a period, of every program or of one."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.i18n import _, lazy

from bot.cli.support import CLI_ACTOR, database_settings, fail, help_text


def report(
    from_: str | None = typer.Option(None, "--from", help=help_text(lazy("First day, YYYY-MM-DD (default: the academic year's start)."))),
    to: str | None = typer.Option(None, "--to", help=help_text(lazy("Last day, YYYY-MM-DD (default: today)."))),
    output_format: str = typer.Option("html", "--format", help=help_text(lazy("html (charts embedded, printable), csv or json."))),
    out: Path | None = typer.Option(None, "--out", help=help_text(lazy("File to write (default: mentorbot-report-FROM-to-TO.FORMAT)."))),
    deidentified: bool = typer.Option(False, "--deidentified", help=help_text(lazy("No names anywhere: to share beyond coordinators."))),
    unmet_days: int = typer.Option(30, "--unmet-days", min=1, help=help_text(lazy("Warn about requests open longer than this."))),
    program: str | None = typer.Option(None, "--program", help=help_text(lazy("One registered program (or a spelling of it); "
                                       "default: every program."))),
) -> None:
    from bot.clock import SystemClock
    from bot.report.export import summary_line
    from bot.report.files import FORMATS, report_document
    from bot.report.period import PeriodError
    from bot.programs import ProgramError, registry
    from bot.report.service import report_for, requested_period
    from storage.engine import make_engine, session_factory, transaction
    from storage.migrate import pending_migration_message

    if output_format not in FORMATS:
        fail(_("--format must be one of {formats} (got {text})").format(formats=", ".join(FORMATS),
                                                                        text=repr(output_format)))
    settings = database_settings()
    engine = make_engine(settings.database_url)
    if pending := pending_migration_message(engine):
        fail(pending)
    now = SystemClock().now()
    with transaction(session_factory(engine)) as session:
        try:
            period = requested_period(session=session, from_text=from_, to_text=to, now=now, timezone=settings.timezone)
            programs = frozenset({registry(session).registered_name(program)}) if program else None
        except (PeriodError, ProgramError) as exc:
            fail(str(exc))
        built = report_for(session=session, period=period, now=now, actor=CLI_ACTOR, unmet_after_days=unmet_days,
                           programs=programs)
    path = out or Path(f"mentorbot-report-{period.first_day}-to-{period.last_day}.{output_format}")
    try:
        path.write_bytes(report_document(built, output_format, identified=not deidentified))
    except OSError as exc:
        fail(_("Cannot write {path}: {error}").format(path=path, error=exc.strerror))
    typer.echo(summary_line(built))
    typer.echo(_("Wrote {path}").format(path=path))


def register(cli: typer.Typer) -> None:
    cli.command(help=help_text(lazy(
        "Write the evaluation report (logic model, equity of access, early warnings, program changes) for a "
        "period, of every program or of one (as `/mentor report PROGRAM` gives its coordinators).")))(report)
