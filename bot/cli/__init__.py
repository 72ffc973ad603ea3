"""The `mentorbot` command line: one module per capability, each registering its commands on the app built here.

Modules import only `bot.cli.support` (never this package's root or each other), so nothing here is a cycle; each
command imports what it runs when it runs, so `mentorbot --help` stays fast."""

from __future__ import annotations

import typer

from bot.cli import (
    announcements,
    coordinators,
    database,
    jobs,
    matching,
    outbox,
    program_settings,
    programs,
    report,
    resources,
    roster,
    serving,
    surveys,
    tokens,
)
from bot.cli.support import PROGRAM_COMMANDS, in_chosen_workspace
from bot.logs import configure_logging


def choose_workspace(ctx: typer.Context, workspace: str | None = typer.Option(
        None, "--workspace", envvar="MENTORBOT_WORKSPACE", metavar="TEAM_OR_ENTERPRISE_ID",
        help="The installation (workspace or org-wide organisation) whose program a command acts on; needed only "
             "when mentorbot is installed in several.")) -> None:
    """mentorbot: a Slack app that runs a medical mentorship program."""
    if ctx.invoked_subcommand in PROGRAM_COMMANDS:
        in_chosen_workspace(ctx)

CAPABILITIES = (serving, database, roster, matching, jobs, program_settings, surveys, coordinators, outbox,
                resources, programs, announcements, report, tokens)


def build_cli() -> typer.Typer:
    app = typer.Typer(help="mentorbot: a Slack app that runs a medical mentorship program.", no_args_is_help=True,
                      callback=choose_workspace)
    for capability in CAPABILITIES:
        capability.register(app)
    return app


cli = build_cli()


def main() -> None:
    configure_logging("INFO")
    cli()
