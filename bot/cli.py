"""The `mentorbot` command line."""

from __future__ import annotations

import signal
from datetime import timedelta
import sys
import threading
from pathlib import Path
from typing import Any

import typer

from bot.logs import LEVELS, configure_logging, set_level
from bot.surveys.cli import survey_cli
from bot.broadcast_cli import announce, outbox_cli
from bot.resources_cli import resources_cli
from bot.cli_support import CLI_ACTOR, app_settings, database_settings, fail, ready_deps
from bot.programs_cli import programs_cli
from bot.tokens_cli import tokens_cli

cli = typer.Typer(help="mentorbot: a Slack app that runs a medical mentorship program.", no_args_is_help=True)
db_cli = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
jobs_cli = typer.Typer(help="Scheduled work: what is scheduled, and running what is due.", no_args_is_help=True)
cli.add_typer(jobs_cli, name="jobs")
settings_cli = typer.Typer(help="Program settings (each change is dated).", no_args_is_help=True)
cli.add_typer(settings_cli, name="settings")
roster_cli = typer.Typer(help="Import and export the program roster (CSV).", no_args_is_help=True)
cli.add_typer(roster_cli, name="roster")
cli.add_typer(survey_cli, name="survey")
coordinator_cli = typer.Typer(help="Give or take away the coordinator role (audited).", no_args_is_help=True)
cli.add_typer(coordinator_cli, name="coordinator")
cli.add_typer(outbox_cli, name="outbox")
cli.add_typer(resources_cli, name="resources")
cli.add_typer(programs_cli, name="programs")
cli.add_typer(tokens_cli, name="tokens")
cli.command("announce")(announce)


LOG_LEVEL = typer.Option("INFO", "--log-level", help="DEBUG, INFO, WARNING or ERROR; DEBUG logs Web API calls in "
                         "full, so keep it for diagnosis.")


def use_log_level(level: str) -> None:
    if level.upper() not in LEVELS:
        fail(f"--log-level must be one of {', '.join(LEVELS)} (got {level!r})")
    set_level(level)


def serve_until_sigterm(server: Any, started: str) -> None:
    """SIGTERM (deploys, scaling down): stop taking requests, finish in-flight ones and their listener work."""
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.stop, daemon=True).start())
    typer.echo(started)
    server.serve_forever()
    typer.echo("mentorbot stopped cleanly")


@cli.command()
def serve(host: str = "0.0.0.0", port: int = 3000, log_level: str = LOG_LEVEL) -> None:
    """Serve Slack's HTTP requests on POST /slack/events (and GET /healthz)."""
    use_log_level(log_level)
    from bot.server import AppServer

    settings = app_settings()
    if settings.slack_signing_secret is None:
        fail("SLACK_SIGNING_SECRET is not set; HTTP mode verifies every request from Slack with it")
    server = AppServer(settings, ready_deps(settings), host=host, port=port)
    serve_until_sigterm(server, f"mentorbot listening on {server.url}/slack/events")


@cli.command()
def socket(health_host: str = "127.0.0.1", health_port: int = 3000, log_level: str = LOG_LEVEL) -> None:
    """Serve over Socket Mode (needs SLACK_APP_TOKEN; no inbound URL, no signing secret); GET /healthz locally."""
    use_log_level(log_level)
    from bot.socket_server import SocketModeServer

    settings = app_settings()
    if settings.slack_app_token is None:
        fail("SLACK_APP_TOKEN is not set; Socket Mode needs an xapp- token with connections:write")
    if settings.oauth_installs:
        fail("OAuth installs need `mentorbot serve` (Slack redirects installers to SLACK_REDIRECT_URI over HTTPS); "
             "Socket Mode serves a single-workspace app with SLACK_BOT_TOKEN")
    server = SocketModeServer(settings, ready_deps(settings), health_host=health_host, health_port=health_port)
    serve_until_sigterm(server, f"mentorbot connected over Socket Mode; health at {server.health_url}")


@cli.command()
def doctor() -> None:
    """Check this installation before go-live: database, token, scopes, timezone, HTTP or Socket Mode, outbox."""
    from datetime import UTC, datetime

    from bot.doctor import report, run_checks
    from bot.startup import bot_client
    from storage.engine import make_engine

    settings = app_settings()
    client = bot_client(settings)
    checks = run_checks(settings, make_engine(settings.database_url), client, datetime.now(UTC))
    if not report(checks, typer.echo):
        raise typer.Exit(1)
    typer.echo("Ready for go-live.")


@db_cli.command("upgrade")
def db_upgrade(revision: str = "heads") -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from storage.engine import make_engine
    from storage.migrate import current_revision, upgrade

    engine = make_engine(database_settings().database_url)
    upgrade(engine, revision)
    typer.echo(f"Database at revision {current_revision(engine)}.")


@db_cli.command("backup")
def db_backup(path: Path) -> None:
    """Copy a SQLite database consistently while the app runs (SQLite's online backup); PostgreSQL: use pg_dump."""
    from storage.backup import BackupError, backup_sqlite

    try:
        backup_sqlite(database_settings().database_url, path)
    except BackupError as exc:
        fail(str(exc))
    typer.echo(f"Backed up to {path}. Restore: stop mentorbot, copy it over the database file, start again.")


@db_cli.command("current")
def db_current() -> None:
    """Show the database's revision and whether migrations are pending."""
    from storage.engine import make_engine
    from storage.migrate import current_revision, pending_migration_message

    engine = make_engine(database_settings().database_url)
    typer.echo(f"revision: {current_revision(engine) or '(empty)'}")
    typer.echo(pending_migration_message(engine) or "up to date")


@roster_cli.command("import")
def roster_import(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; store nothing."),
) -> None:
    """Create or update people from a CSV roster; every bad row is reported, every good row stored."""
    from bot.roster import RosterFormatError, import_roster
    from bot.slack_api import SlackDirectory, make_resilient
    from bot.startup import bot_client

    settings = app_settings()
    deps = ready_deps(settings)
    directory = SlackDirectory(make_resilient(bot_client(settings)), settings.timezone)
    from bot.access import FACULTY_WIDE

    with typer.progressbar(length=1, label="Importing", file=sys.stderr) as bar:
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
    typer.echo(("Dry run: " if dry_run else "") + report.summary())
    raise typer.Exit(1 if report.errors else 0)


@roster_cli.command("export")
def roster_export(out: Path | None = typer.Option(None, help="Write to this file instead of standard output.")) -> None:
    """Write everyone enrolled in the roster CSV format (import reads it back unchanged)."""
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
        typer.echo(f"Wrote {text.count(chr(10)) - 1} people to {out}.", err=True)


@cli.command()
def match(dry_run: bool = typer.Option(False, "--dry-run", help="Print the proposals; store and send nothing.")) -> None:
    """Compute optimal matching proposals; coordinators review them in Slack before anyone is asked."""
    from bot.matching.config import matching_config
    from bot.matching.delivery import send_for_review
    from bot.outbox_worker import send_queued
    from bot.matching.service import propose_batch
    from storage.engine import transaction
    from storage.queries.people import coordinators

    deps = ready_deps(app_settings())
    with transaction(deps.sessions) as session:
        batch = propose_batch(session=session, now=deps.clock.now(), config=matching_config(session=session), actor="cli")
        if dry_run:
            session.rollback()
    for p in batch.proposals:
        typer.echo(f"{p.mentee.name} <- {p.mentor.name} ({p.kind}, fit {p.score:.2f}): {'; '.join(p.reasons)}")
    for gap in batch.unfilled:
        typer.echo(f"{gap.mentee.name} ({gap.kind}): no proposal: {gap.reason}")
    typer.echo(f"{len(batch.proposals)} proposals, {len(batch.unfilled)} requests unfilled"
               + (" (dry run: nothing stored or sent)." if dry_run else "; sent to coordinators for review."))
    if not dry_run and batch.proposals:
        with transaction(deps.sessions) as session:
            reviewers = [c.slack_user_id for c in coordinators(session=session)]
            send_for_review(session, batch, reviewers, deps.notifier.within(session, deps.clock.now()))
        send_queued(deps)  # deliver the reviews before exiting (if a server's sender holds the lease, it will)


@cli.command()
def scheduler(
    tick_seconds: int = typer.Option(60, min=1, help="Seconds between ticks."),
    lease_seconds: int = typer.Option(30, min=2, help="How long a silent leader keeps the lease before takeover."),
) -> None:
    """Run scheduled work (check-ins, reminders, alerts, outbox). Start one or more: a lease keeps exactly one active."""
    from bot.scheduler import SchedulerRunner

    runner = SchedulerRunner(ready_deps(app_settings()), tick_seconds=tick_seconds,
                             renew_seconds=max(1.0, lease_seconds / 3), lease_ttl=timedelta(seconds=lease_seconds))
    signal.signal(signal.SIGTERM, lambda *_: runner.stop())
    typer.echo(f"scheduler {runner.holder} waiting for the lease (one scheduler runs at a time)")
    try:
        runner.run()
    except KeyboardInterrupt:
        runner.stop()


@jobs_cli.command("list")
def jobs_list() -> None:
    """Show the persisted jobs and when each runs next."""
    from bot.scheduler import scheduled_jobs
    from storage.engine import make_engine

    for job_id, name, next_run in scheduled_jobs(make_engine(database_settings().database_url)):
        typer.echo(f"{job_id}  next run {next_run or 'paused'}  ({name})")
    from bot.jobs import steps

    typer.echo("each tick runs: " + ", ".join(name for name, _ in steps()))


@jobs_cli.command("run-due")
def jobs_run_due(now: str | None = typer.Option(None, help="The instant to run at (ISO 8601); default: now.")) -> None:
    """Run whatever is due at that instant, once (operators catching up; tests)."""
    from datetime import datetime

    from bot.clock import ManualClock, SystemClock
    from bot.jobs import run_due
    from bot.startup import StartupError, prepare

    try:
        instant = datetime.fromisoformat(now) if now else SystemClock().now()
    except ValueError:
        fail(f"--now must be an ISO 8601 instant such as 2026-09-01T09:30:00-06:00 (got {now!r})")
    if instant.tzinfo is None:
        fail("--now needs a timezone offset (e.g. -06:00 or Z), so it names one instant")
    try:
        deps = prepare(app_settings(), ManualClock(instant))
    except StartupError as exc:
        fail(str(exc))
    failed = run_due(deps, instant)
    typer.echo(f"ran every step at {instant.isoformat()}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    raise typer.Exit(1 if failed else 0)


@settings_cli.command("show")
def settings_show() -> None:
    """Every program setting, its value and what it means."""
    from bot.program_settings import SETTINGS, setting
    from storage.engine import make_engine, session_factory

    with session_factory(make_engine(database_settings().database_url))() as session:
        for key, spec in SETTINGS.items():
            typer.echo(f"{key} = {setting(session, key)}    # {spec.help}")


@settings_cli.command("set")
def settings_set(key: str, value: str) -> None:
    """Change a program setting (recorded as a dated program change)."""
    from bot.clock import SystemClock
    from bot.program_settings import SettingError, change_setting
    from storage.engine import make_engine, session_factory, transaction

    try:
        with transaction(session_factory(make_engine(database_settings().database_url))) as session:
            stored, changed = change_setting(session=session, key=key, text=value, actor="cli", now=SystemClock().now())
    except SettingError as exc:
        fail(str(exc))
    typer.echo(f"{key} = {stored}" + ("" if changed else " (unchanged)"))


@coordinator_cli.command("add")
def coordinator_add(slack_id: str, programs: list[str] = typer.Argument(None, help="Registered programs they "
                    "coordinate; none: faculty-wide.")) -> None:
    """Make the person with this Slack user ID a coordinator (faculty-wide, or of the programs named)."""
    from bot.clock import SystemClock
    from bot.coordinators import CLI_SCOPE, ProgramError, grant_coordinator_role
    from storage.engine import make_engine, session_factory

    sessions = session_factory(make_engine(app_settings().database_url))
    try:
        granted = grant_coordinator_role(sessions=sessions, actor=CLI_ACTOR, slack_user_id=slack_id,
                                         typed_programs=programs or [], now=SystemClock().now(), actor_scope=CLI_SCOPE)
    except ProgramError as exc:
        fail(str(exc))
    typer.echo(granted.text().replace(f"<@{slack_id}>", slack_id))


@coordinator_cli.command("list")
def coordinator_list() -> None:
    """Who coordinates what: faculty-wide or their programs."""
    from bot.coordinators import who_coordinates
    from storage.engine import make_engine, session_factory

    for line in who_coordinates(sessions=session_factory(make_engine(app_settings().database_url))):
        typer.echo(line.text().replace(f"<@{line.slack_user_id}>", line.slack_user_id))


@coordinator_cli.command("remove")
def coordinator_remove(slack_id: str) -> None:
    """Take the coordinator role away (not from those named in MENTORBOT_COORDINATORS, nor from the last one)."""
    _change_coordinator(slack_id, add=False)


def _change_coordinator(slack_id: str, *, add: bool) -> None:
    from bot.clock import SystemClock
    from bot.people import RoleError, change_coordinator, coordinator_change_text
    from storage.engine import make_engine, session_factory, transaction

    settings = app_settings()
    try:
        with transaction(session_factory(make_engine(settings.database_url))) as session:
            changed = change_coordinator(session=session, actor=CLI_ACTOR, slack_user_id=slack_id, add=add,
                                         now=SystemClock().now(), from_settings=settings.coordinators)
    except RoleError as exc:
        fail(str(exc))
    typer.echo(coordinator_change_text(slack_id, add, changed))


@cli.command()
def emulator(
    port: int = 3100,
    host: str = "127.0.0.1",
    bot_token: str = typer.Option("xoxb-emulator", envvar="SLACK_BOT_TOKEN"),
    signing_secret: str = typer.Option("emulator-signing-secret", envvar="SLACK_SIGNING_SECRET"),
    users: str | None = typer.Option(None, help="JSON file with a list of users (id, name, email, tz)"),
) -> None:
    """Run the local Slack emulator standalone; point SLACK_API_URL at the printed URL."""
    from bot.emulator import serve_forever

    serve_forever(port=port, host=host, bot_token=bot_token, signing_secret=signing_secret, users_json=users)


@cli.command()
def report(
    from_: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD (default: the academic year's start)."),
    to: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (default: today)."),
    output_format: str = typer.Option("html", "--format", help="html (charts embedded, printable), csv or json."),
    out: Path | None = typer.Option(None, "--out", help="File to write (default: mentorbot-report-FROM-to-TO.FORMAT)."),
    deidentified: bool = typer.Option(False, "--deidentified", help="No names anywhere: to share beyond coordinators."),
    unmet_days: int = typer.Option(30, "--unmet-days", min=1, help="Warn about requests open longer than this."),
) -> None:
    """Write the evaluation report (logic model, equity of access, early warnings, program changes) for a period."""
    from bot.clock import SystemClock
    from bot.report.export import summary_line
    from bot.report.files import FORMATS, report_document
    from bot.report.period import PeriodError
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
        except PeriodError as exc:
            fail(str(exc))
        built = report_for(session=session, period=period, now=now, actor=CLI_ACTOR, unmet_after_days=unmet_days)
    path = out or Path(f"mentorbot-report-{period.first_day}-to-{period.last_day}.{output_format}")
    try:
        path.write_bytes(report_document(built, output_format, identified=not deidentified))
    except OSError as exc:
        fail(f"Cannot write {path}: {exc.strerror}")
    typer.echo(summary_line(built))
    typer.echo(f"Wrote {path}")


@cli.command()
def demo(keep: bool = typer.Option(False, help="Keep the temporary folder (database, report) for inspection.")) -> None:
    """Play a whole program cycle against the built-in Slack emulator and print who saw what."""
    from bot.demo import run_demo

    run_demo(echo=typer.echo, keep=keep)


def main() -> None:
    configure_logging("INFO")
    cli()
