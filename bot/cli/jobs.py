"""`mentorbot scheduler` and `mentorbot jobs list|run-due`: scheduled work."""

from __future__ import annotations

import signal
from datetime import timedelta

import typer

from bot.i18n import _, lazy

from bot.cli.support import app_settings, database_settings, fail, ready_deps, help_text


def scheduler(
    tick_seconds: int = typer.Option(60, min=1, help=help_text(lazy("Seconds between ticks."))),
    lease_seconds: int = typer.Option(30, min=2, help=help_text(lazy("How long a silent leader keeps the lease before takeover."))),
) -> None:
    from bot.scheduler import SchedulerRunner

    runner = SchedulerRunner(ready_deps(app_settings()), tick_seconds=tick_seconds,
                             renew_seconds=max(1.0, lease_seconds / 3), lease_ttl=timedelta(seconds=lease_seconds))
    signal.signal(signal.SIGTERM, lambda *_unused: runner.stop())
    typer.echo(_("scheduler {holder} waiting for the lease (one scheduler runs at a time)").format(holder=runner.holder))
    try:
        runner.run()
    except KeyboardInterrupt:
        runner.stop()


def jobs_list() -> None:
    from bot.scheduler import scheduled_jobs
    from storage.engine import make_engine

    for job_id, name, next_run in scheduled_jobs(make_engine(database_settings().database_url)):
        typer.echo(_("{job}  next run {when}  ({name})").format(job=job_id, when=next_run or _("paused"), name=name))
    from bot.jobs import steps

    typer.echo(_("each tick runs: {steps}").format(steps=", ".join(name for name, _step in steps())))


def jobs_run_due(now: str | None = typer.Option(None, help=help_text(lazy("The instant to run at (ISO 8601); default: now.")))) -> None:
    from datetime import datetime

    from bot.clock import ManualClock, SystemClock
    from bot.jobs import run_due
    from bot.startup import StartupError, prepare

    try:
        instant = datetime.fromisoformat(now) if now else SystemClock().now()
    except ValueError:
        fail(_("--now must be an ISO 8601 instant such as 2026-09-01T09:30:00-06:00 (got {text})").format(text=repr(now)))
    if instant.tzinfo is None:
        fail(_("--now needs a timezone offset (e.g. -06:00 or Z), so it names one instant"))
    try:
        deps = prepare(app_settings(), ManualClock(instant))
    except StartupError as exc:
        fail(str(exc))
    failed = run_due(deps, instant)
    typer.echo(_("ran every step at {instant}").format(instant=instant.isoformat())
               + (_("; failed: {steps}").format(steps=", ".join(failed)) if failed else ""))
    raise typer.Exit(1 if failed else 0)


def register(cli: typer.Typer) -> None:
    cli.command(help=help_text(lazy(
        "Run scheduled work (check-ins, reminders, alerts, outbox). Start one or more: a lease keeps exactly "
        "one active.")))(scheduler)
    group = typer.Typer(help=help_text(lazy("Scheduled work: what is scheduled, and running what is due.")), no_args_is_help=True)
    group.command("list", help=help_text(lazy(
        "Show the persisted jobs and when each runs next.")))(jobs_list)
    group.command("run-due", help=help_text(lazy(
        "Run whatever is due at that instant, once (operators catching up; tests).")))(jobs_run_due)
    cli.add_typer(group, name="jobs")
