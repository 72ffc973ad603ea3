"""The composition root: builds the Bolt app and its HTTP server from settings and dependencies.

This is the one module in bot/ that touches slack_bolt and handlers/: it wires them together.
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

import handlers.actions
import handlers.commands
import handlers.events
import handlers.views
from bot.clock import Clock, SystemClock
from bot.deps import Deps
from bot.matching import preload_solvers
from bot.pacing import SlackPacer
from bot.settings import Settings
from bot.slack_api import resilient_client
from handlers.errors import on_listener_error
from handlers.middleware import inject_deps, refuse_malformed, skip_duplicates
from handlers.notifier import SlackNotifier
from storage.engine import database_status, make_engine, session_factory

logger = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def build_deps(settings: Settings, clock: Clock | None = None) -> Deps:
    engine = make_engine(settings.database_url)
    sessions = session_factory(engine)
    notifier = SlackNotifier(resilient_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url), sessions)
    return Deps(settings=settings, engine=engine, sessions=sessions, clock=clock or SystemClock(), notifier=notifier,
                slack=slack_client(settings), pacer=SlackPacer(settings.slack_rate_limits))


def slack_client(settings: Settings) -> WebClient:
    return WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url)


def create_app(settings: Settings, deps: Deps, listener_executor: Executor | None = None) -> App:
    """The Bolt app with every listener registered; the token lives only in its WebClient.

    Listener work after ack() runs on `listener_executor`, so a server can wait for it on shutdown.
    """
    app = App(
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        client=slack_client(settings),
        token_verification_enabled=False,  # no network call at construction; auth.test runs on first request
        listener_executor=listener_executor or ThreadPoolExecutor(max_workers=10),
    )
    preload_solvers()
    app.use(refuse_malformed)
    app.use(inject_deps(deps))
    app.use(skip_duplicates(deps))
    app.error(on_listener_error)
    for kind in (handlers.commands, handlers.actions, handlers.views, handlers.events):
        kind.register(app)
    return app


def run_socket_mode(settings: Settings, deps: Deps) -> None:
    """Serve over Socket Mode (development; HTTP mode is the production default)."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    assert settings.slack_app_token is not None
    SocketModeHandler(create_app(settings, deps), settings.slack_app_token.get_secret_value()).start()


def create_wsgi_app(app: App, deps: Deps) -> WsgiApp:
    """POST /slack/events goes to Bolt; GET /healthz says whether the database answers."""
    slack = SlackRequestHandler(app, path="/slack/events")

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            return _health(deps, start_response)
        answer: dict[str, Any] = {}

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer.update(status=status, headers=headers)
            return lambda data: None

        try:
            body = slack(environ, keep)
        except Exception as error:  # a payload Bolt cannot even route: Slack never sends one; refuse it plainly
            logger.warning("refused a malformed Slack request (%s)", type(error).__name__)
            return _json(start_response, "400 Bad Request", {"ok": False, "error": "malformed request"})
        if environ.get("PATH_INFO") == "/slack/events" and answer["status"].startswith("404"):
            return _json(start_response, "400 Bad Request", {"ok": False, "error": "unroutable request"})  # no listener
        start_response(answer["status"], answer["headers"])
        return body

    return application


def _health(deps: Deps, start_response: Callable[..., Any]) -> Iterable[bytes]:
    database = database_status(deps.engine)
    healthy = database == "up"
    status = "200 OK" if healthy else "503 Service Unavailable"
    return _json(start_response, status, {"ok": healthy, "database": database})


def _json(start_response: Callable[..., Any], status: str, content: dict[str, Any]) -> Iterable[bytes]:
    body = json.dumps(content).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
