"""`mentorbot serve`, `socket`, `doctor`, `emulator` and `demo`: running mentorbot (and its Slack emulator)."""

from __future__ import annotations

import signal
import threading
from typing import Any

import typer

from bot.i18n import _, lazy

from bot.cli.support import app_settings, fail, ready_deps, help_text
from bot.logs import LEVELS, set_level


LOG_LEVEL = typer.Option("INFO", "--log-level", help=help_text(lazy("DEBUG, INFO, WARNING or ERROR; DEBUG logs Web API calls in "
                         "full, so keep it for diagnosis.")))


def use_log_level(level: str) -> None:
    if level.upper() not in LEVELS:
        fail(_("--log-level must be one of {levels} (got {text})").format(levels=", ".join(LEVELS), text=repr(level)))
    set_level(level)


def serve_until_sigterm(server: Any, started: str) -> None:
    """SIGTERM (deploys, scaling down): stop taking requests, finish in-flight ones and their listener work."""
    signal.signal(signal.SIGTERM, lambda *_unused: threading.Thread(target=server.stop, daemon=True).start())
    typer.echo(started)
    server.serve_forever()
    typer.echo(_("mentorbot stopped cleanly"))


def serve(host: str = "0.0.0.0", port: int = 3000, log_level: str = LOG_LEVEL) -> None:
    use_log_level(log_level)
    from bot.server import AppServer

    settings = app_settings()
    if settings.slack_signing_secret is None:
        fail(_("SLACK_SIGNING_SECRET is not set; HTTP mode verifies every request from Slack with it"))
    server = AppServer(settings, ready_deps(settings), host=host, port=port)
    serve_until_sigterm(server, _("mentorbot listening on {url}").format(url=f"{server.url}/slack/events"))


def socket(health_host: str = "127.0.0.1", health_port: int = 3000, log_level: str = LOG_LEVEL) -> None:
    use_log_level(log_level)
    from bot.socket_server import SocketModeServer

    settings = app_settings()
    if settings.slack_app_token is None:
        fail(_("SLACK_APP_TOKEN is not set; Socket Mode needs an xapp- token with connections:write"))
    if settings.oauth_installs:
        fail(_("OAuth installs need `mentorbot serve` (Slack redirects installers to SLACK_REDIRECT_URI over HTTPS); "
               "Socket Mode serves a single-workspace app with SLACK_BOT_TOKEN"))
    server = SocketModeServer(settings, ready_deps(settings), health_host=health_host, health_port=health_port)
    serve_until_sigterm(server, _("mentorbot connected over Socket Mode; health at {url}").format(url=server.health_url))


def doctor() -> None:
    from datetime import UTC, datetime

    from bot.doctor import report, run_checks
    from bot.startup import bot_client
    from storage.engine import make_engine

    settings = app_settings()
    client = bot_client(settings)
    checks = run_checks(settings, make_engine(settings.database_url), client, datetime.now(UTC))
    if not report(checks, typer.echo):
        raise typer.Exit(1)
    typer.echo(_("Ready for go-live."))


def emulator(
    port: int = 3100,
    host: str = "127.0.0.1",
    bot_token: str = typer.Option("xoxb-emulator", envvar="SLACK_BOT_TOKEN"),
    signing_secret: str = typer.Option("emulator-signing-secret", envvar="SLACK_SIGNING_SECRET"),
    users: str | None = typer.Option(None, help=help_text(lazy("JSON file with a list of users (id, name, email, tz)"))),
) -> None:
    from bot.emulator import serve_forever

    serve_forever(port=port, host=host, bot_token=bot_token, signing_secret=signing_secret, users_json=users)


def demo(keep: bool = typer.Option(False, help=help_text(lazy("Keep the temporary folder (database, report) for inspection."))),
         locale: str = typer.Option("en", help=help_text(lazy("Everyone's Slack language and the program's: en or fr.")))) -> None:
    from bot.demo import run_demo

    run_demo(echo=typer.echo, keep=keep, locale=locale)


def register(cli: typer.Typer) -> None:
    cli.command(help=help_text(lazy(
        "Serve Slack's HTTP requests on POST /slack/events (and GET /healthz).")))(serve)
    cli.command(help=help_text(lazy(
        "Serve over Socket Mode (needs SLACK_APP_TOKEN; no inbound URL, no signing secret); GET /healthz "
        "locally.")))(socket)
    cli.command(help=help_text(lazy(
        "Check this installation before go-live: database, token, scopes, timezone, HTTP or Socket Mode, "
        "outbox.")))(doctor)
    cli.command(help=help_text(lazy(
        "Run the local Slack emulator standalone; point SLACK_API_URL at the printed URL.")))(emulator)
    cli.command(help=help_text(lazy(
        "Play a whole program cycle against the built-in Slack emulator and print who saw what.")))(demo)
