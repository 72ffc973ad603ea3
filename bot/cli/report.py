"""`mentorbot report`: the evaluation report for a period, of every program or of one."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.support import CLI_ACTOR, database_settings, fail


def report(
    from_: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD (default: the academic year's start)."),
    to: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (default: today)."),
    output_format: str = typer.Option("html", "--format", help="html (charts embedded, printable), csv or json."),
    out: Path | None = typer.Option(None, "--out", help="File to write (default: mentorbot-report-FROM-to-TO.FORMAT)."),
    deidentified: bool = typer.Option(False, "--deidentified", help="No names anywhere: to share beyond coordinators."),
    unmet_days: int = typer.Option(30, "--unmet-days", min=1, help="Warn about requests open longer than this."),
    program: str | None = typer.Option(None, "--program", help="One registered program (or a spelling of it); "
                                       "default: every program."),
) -> None:
    """Write the evaluation report (logic model, equity of access, early warnings, program changes) for a period,
    of every program or of one (as `/mentor report PROGRAM` gives its coordinators)."""
    from bot.clock import SystemClock
    from bot.report.export import summary_line
    from bot.report.files import FORMATS, report_document
    from bot.report.period import PeriodError
    from bot.programs import ProgramError, registry
    from bot.report.service import report_for, requested_period
    from storage.engine import make_engine, session_factory, transaction
    from storage.migrate import pending_migration_message

    if output_format not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)} (got {output_format!r})")
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
        fail(f"Cannot write {path}: {exc.strerror}")
    typer.echo(summary_line(built))
    typer.echo(f"Wrote {path}")


def register(cli: typer.Typer) -> None:
    cli.command()(report)
