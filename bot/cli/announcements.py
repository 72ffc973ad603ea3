"""`mentorbot announce`: an announcement from the command line, with a progress bar."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bot.i18n import _, format_number, lazy, ngettext

from bot.cli.support import app_settings, fail, ready_deps, help_text

if TYPE_CHECKING:  # the broadcast service and its tables load when a command runs, not for `mentorbot --help`
    from bot.broadcasts import Audience, BroadcastInfo, Schedule
    from bot.deps import Deps


FOLLOW_SLICE_SECONDS = 1.0  # how often the progress bar moves


def audience_from(to: str) -> Audience:
    """--to everyone | mentees | mentors | unmatched | program:NAME | stage:CODE | people:U1,U2."""
    from bot.broadcasts import Audience

    kind, _colon, detail = to.partition(":")
    kind = kind.strip().lower()
    if kind == "people":
        return Audience("people", people=tuple(p.strip() for p in detail.split(",") if p.strip()))
    if kind == "stage":
        from bot.vocabulary import normalize_stage

        return Audience("stage", normalize_stage(detail) or detail.strip())
    return Audience(kind, detail.strip() or None)


def schedule_from(at: str | None, their_time: bool) -> Schedule:
    from bot.broadcasts import BroadcastError, Schedule

    if at is None:
        if their_time:
            raise BroadcastError(_("--their-time needs --at (the local day and time to send it)"))
        return Schedule()
    try:
        local = datetime.strptime(at.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise BroadcastError(_("--at must look like 2026-09-08 09:00 (got {text})").format(text=repr(at))) from None
    return Schedule("local" if their_time else "at", local)


def announce(
    to: str = typer.Option(..., "--to", help=help_text(lazy("everyone, mentees, mentors, unmatched, program:NAME, stage:CODE or "
                                             "people:U1,U2"))),
    text: str | None = typer.Option(None, "--text", help=help_text(lazy("The message (Slack mrkdwn)."))),
    text_file: Path | None = typer.Option(None, "--text-file", exists=True, dir_okay=False, readable=True,
                                          help=help_text(lazy("Read the message from this file instead."))),
    button: list[str] = typer.Option([], "--button", help=help_text(lazy('A link button "Label | https://link" (up to 5).'))),
    at: str | None = typer.Option(None, "--at", help=help_text(lazy('Send at "YYYY-MM-DD HH:MM" program time (default: now).'))),
    their_time: bool = typer.Option(False, "--their-time", help=help_text(lazy("Read --at as each recipient's own local time."))),
    author: str | None = typer.Option(None, "--as", help=help_text(lazy("The coordinator it comes from (a Slack id); default: the "
                                                         "first of MENTORBOT_COORDINATORS."))),
    yes: bool = typer.Option(False, "--yes", "-y", help=help_text(lazy("Send without asking."))),
) -> None:
    from bot.broadcasts import BroadcastError
    from storage.tables import BroadcastStatus

    settings = app_settings()
    deps = ready_deps(settings)
    sender = author or (settings.coordinators[0] if settings.coordinators else "cli")
    message = text_file.read_text(encoding="utf-8") if text_file else (text or "")
    try:
        info = _compose(deps, sender, audience_from(to), message, button, schedule_from(at, their_time))
    except BroadcastError as exc:
        fail(f"{'--' + exc.field + ': ' if exc.field else ''}{exc}", code=1)
    _print_preview(info)
    if not yes:
        typer.confirm(ngettext("Send to {n} person?", "Send to {n} people?", info.recipient_count).format(
            n=format_number(info.recipient_count)), abort=True)
    info = _confirm(deps, info)
    if info.status == BroadcastStatus.SCHEDULED:
        typer.echo(_("Announcement #{id} is scheduled; `mentorbot scheduler` (or `mentorbot outbox work`) sends it on "
                     "time. Cancel it from its message in Slack.").format(id=info.broadcast_id))
        return
    _follow(deps, info)


def _compose(deps: Deps, author: str, audience: Audience, text: str, buttons: list[str],
             schedule: Schedule) -> BroadcastInfo:
    from bot.broadcasts import Announcement, compose, parse_buttons
    from storage.engine import transaction

    announcement = Announcement(text, parse_buttons("\n".join(buttons)), author)
    with transaction(deps.sessions) as session:
        return compose(session=session, author=author, audience=audience, announcement=announcement,
                       schedule=schedule, program_timezone=deps.settings.timezone, now=deps.clock.now())


def _print_preview(info: BroadcastInfo) -> None:
    from bot.broadcasts import audience_label, schedule_label

    typer.echo(_("Each recipient gets this direct message:") + "\n")
    typer.echo("\n".join(f"    {line}" for line in info.announcement.text.splitlines()))
    for link in info.announcement.buttons:
        typer.echo(f"    [{link.label}] -> {link.url}")
    left_out = (" " + ngettext("({n} on a pause left out)", "({n} on a pause left out)", info.left_out_paused).format(
        n=format_number(info.left_out_paused))) if info.left_out_paused else ""
    typer.echo("\n" + ngettext("To: {audience}: {n} person", "To: {audience}: {n} people", info.recipient_count).format(
        audience=audience_label(info.audience), n=format_number(info.recipient_count)) + left_out)
    typer.echo(_("When: {when}").format(when=schedule_label(info.schedule, info.program_timezone)))


def _confirm(deps: Deps, draft: BroadcastInfo) -> BroadcastInfo:
    from bot.broadcasts import confirm, show_status
    from bot.outbox_worker import send_queued
    from storage.engine import transaction

    with transaction(deps.sessions) as session:
        info = confirm(session=session, broadcast_id=draft.broadcast_id, render=deps.notifier.render_announcement,
                       now=deps.clock.now())
    show_status(deps, info)
    send_queued(deps, interactive_only=True)  # the coordinator's status message now; the copies when they are due
    return info


def _follow(deps: Deps, info: BroadcastInfo) -> None:
    """Send (or watch another sender send) until every copy is delivered or has failed, moving a progress bar."""
    from bot.broadcasts import advance_broadcasts, broadcast_info
    from bot.outbox_worker import run_outbox
    from storage.tables import BroadcastStatus

    with typer.progressbar(length=info.recipient_count, label=_("Sending"), file=sys.stderr) as bar:
        shown = 0
        while info.status == BroadcastStatus.SENDING:
            worked = run_outbox(deps, deps.clock.now(), budget_seconds=FOLLOW_SLICE_SECONDS, until_idle=True,
                                on_progress=lambda at: advance_broadcasts(deps, at))
            advance_broadcasts(deps, deps.clock.now())
            with deps.sessions() as session:
                info = broadcast_info(session=session, broadcast_id=info.broadcast_id)
            bar.update(info.sent + info.failed + info.cancelled - shown)
            shown = info.sent + info.failed + info.cancelled
            if worked is None or not worked.handled:
                deps.pacer.sleep(FOLLOW_SLICE_SECONDS)  # another sender is at work, or a retry is not due yet
    typer.echo(_("Announcement #{id} {status}: {sent} delivered, {failed} not delivered.").format(
        id=info.broadcast_id, status=info.status, sent=format_number(info.sent), failed=format_number(info.failed)))
    for who, reason in info.failures:
        typer.echo("  " + _("not delivered to {who}: {reason}").format(who=who, reason=reason), err=True)


def register(cli: typer.Typer) -> None:
    cli.command("announce", help=help_text(lazy(
        "Send an announcement: preview and recipient count, confirmation, then a progress bar while it goes "
        "out.")))(announce)
