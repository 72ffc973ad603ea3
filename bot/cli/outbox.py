"""`mentorbot outbox failures|work`: what will never arrive, and the paced sender as a process of its own."""

from __future__ import annotations

import logging
import signal
import threading

import typer

from bot.i18n import _, lazy

from bot.cli.support import app_settings, help_text, in_chosen_workspace, ready_deps

logger = logging.getLogger(__name__)

LEASE_WAIT_SECONDS = 5.0


def outbox_failures(ctx: typer.Context,
                    limit: int = typer.Option(50, "--limit", help=help_text(lazy("How many, newest first.")))) -> None:
    from storage.queries.outbox import undelivered
    from storage.tables import OutboxStatus

    in_chosen_workspace(ctx)
    deps = ready_deps(app_settings())
    with deps.sessions() as session:
        rows = undelivered(session=session, limit=limit)
    if not rows:
        typer.echo(_("Every message was delivered or is still on its way."))
        return
    for status, heading in ((OutboxStatus.REFUSED, _("Refused by Slack as malformed (fix the message; nobody was "
                                                     "reached):")),
                            (OutboxStatus.FAILED, _("Not delivered (the recipient or workspace; never retried):"))):
        shown = [row for row in rows if row.status == status]
        if shown:
            typer.echo(heading)
        for row in shown:
            typer.echo("  " + _("{when} {key} to {recipient}: {error}").format(
                when=f"{row.created_at:%Y-%m-%d %H:%M}", key=row.key, recipient=row.recipient, error=row.last_error))


def outbox_work(until_idle: bool = typer.Option(False, "--until-idle", help=help_text(lazy("Stop once nothing is due.")))) -> None:
    from bot.broadcasts import advance_broadcasts
    from bot.outbox_worker import run_outbox

    deps = ready_deps(app_settings())
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_unused: stop.set())
    while not stop.is_set():
        try:
            stats = run_outbox(deps, deps.clock.now(), budget_seconds=None, until_idle=until_idle, stop=stop,
                               on_progress=lambda at: advance_broadcasts(deps, at))
        except Exception:  # the database or Slack is unreachable: nothing is lost; try again shortly
            logger.exception("outbox sender failed; retrying in %s s", LEASE_WAIT_SECONDS)
            stats = None
        if stats is not None and (until_idle or stop.is_set()):
            typer.echo(_("outbox: {sent} sent, {failed} failed, {verified} found already delivered").format(
                sent=stats.sent, failed=stats.failed, verified=stats.verified))
            return
        if stats is None and until_idle:
            typer.echo(_("outbox: another process is sending; nothing to do"))
            return
        stop.wait(LEASE_WAIT_SECONDS)  # another sender holds the lease (or this one lost it): take over when free


def register(cli: typer.Typer) -> None:
    group = typer.Typer(help=help_text(lazy("The outbox of Slack messages (check-ins, surveys, announcements).")), no_args_is_help=True)
    group.command("failures", help=help_text(lazy(
        "Messages that will never arrive: those Slack refused as malformed (a bug), then failed deliveries "
        "(of the workspace --workspace names, when mentorbot is installed in several).")))(outbox_failures)
    group.command("work", help=help_text(lazy(
        "Send the outbox continuously: paced per Web API method, each message exactly once, resuming after a "
        "crash.")))(outbox_work)
    cli.add_typer(group, name="outbox")
