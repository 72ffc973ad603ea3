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
from bot.logs import configure_logging

CAPABILITIES = (serving, database, roster, matching, jobs, program_settings, surveys, coordinators, outbox,
                resources, programs, announcements, report, tokens)


def build_cli() -> typer.Typer:
    app = typer.Typer(help="mentorbot: a Slack app that runs a medical mentorship program.", no_args_is_help=True)
    for capability in CAPABILITIES:
        capability.register(app)
    return app


cli = build_cli()


def main() -> None:
    configure_logging("INFO")
    cli()
