"""The `mentorbot` command line: one module per capability, each registering its commands on the app built here.

Modules import only `bot.cli.support` (never this package's root or each other), so nothing here is a cycle; each
command imports what it runs when it runs, so `mentorbot --help` stays fast."""

from __future__ import annotations

import os
import sys

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
from bot.cli.support import PROGRAM_COMMANDS, help_text, in_chosen_workspace
from bot.i18n import lazy, speaking
from bot.i18n.choice import language_from_locale
from bot.logs import configure_logging


CAPABILITIES = (serving, database, roster, matching, jobs, program_settings, surveys, coordinators, outbox,
                resources, programs, announcements, report, tokens)


LOCALE_VARIABLES = ("MENTORBOT_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG")  # the terminal's, as gettext reads it


def cli_language(option: str | None) -> str | None:
    """The coordinator's language at the terminal: --locale, else MENTORBOT_LOCALE, else the terminal's locale
    (fr_CA.UTF-8 -> fr); None (English) for a language mentorbot does not speak."""
    for value in (option, *(os.environ.get(name) for name in LOCALE_VARIABLES)):
        if value:
            return language_from_locale(value.split(".")[0])
    return None


def choose_workspace_and_language(
    context: typer.Context,
    locale: str | None = typer.Option(None, "--locale", help=help_text(lazy(
        "The language of the output: en or fr (default: MENTORBOT_LOCALE, else the terminal's).")), metavar="LANG"),
    workspace: str | None = typer.Option(None, "--workspace", envvar="MENTORBOT_WORKSPACE",
                                         metavar="TEAM_OR_ENTERPRISE_ID", help=help_text(lazy(
        "The installation (workspace or org-wide organisation) whose program a command acts on; needed only when "
        "mentorbot is installed in several."))),
) -> None:
    """Speak the coordinator's language, and act on the chosen installation's program, until the command is over
    (click closes these contexts after it)."""
    context.with_resource(speaking(cli_language(locale)))
    if context.invoked_subcommand in PROGRAM_COMMANDS:
        in_chosen_workspace(context)


def build_cli() -> typer.Typer:
    app = typer.Typer(help=help_text(lazy("mentorbot: a Slack app that runs a medical mentorship program.")),
                      no_args_is_help=True, callback=choose_workspace_and_language)
    for capability in CAPABILITIES:
        capability.register(app)
    return app


cli = build_cli()


def locale_option(argv: list[str]) -> str | None:
    """--locale as typed before the command, read ahead: typer builds the commands' help before it parses."""
    for position, word in enumerate(argv):
        if word == "--locale" and position + 1 < len(argv):
            return argv[position + 1]
        if word.startswith("--locale="):
            return word.split("=", 1)[1]
    return None


def main() -> None:
    configure_logging("INFO")
    with speaking(cli_language(locale_option(sys.argv[1:]))):  # the help too, in the coordinator's language
        cli()
