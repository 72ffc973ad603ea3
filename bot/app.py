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
import handlers.options
import handlers.views
from bot.clock import Clock, SystemClock
from bot.deps import Deps
from bot.logs import keep_bodies_out_of_bolt_logs
from bot.matching import preload_solvers
from bot.pacing import SlackPacer
from bot.settings import Settings
from bot.slack_api import resilient_client
from handlers.errors import on_listener_error
from handlers.middleware import inject_deps, refuse_malformed, skip_duplicates
from handlers.notifier import SlackNotifier
from storage.engine import database_status, make_engine, session_factory
from storage.queries.outbox import refused_count
from bot.slack_access import access_lost

logger = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def build_deps(settings: Settings, clock: Clock | None = None) -> Deps:
    engine = make_engine(settings.database_url)
    sessions = session_factory(engine)
    clock = clock or SystemClock()
    client = resilient_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    notifier = SlackNotifier(client, sessions, clock)
    return Deps(settings=settings, engine=engine, sessions=sessions, clock=clock, notifier=notifier,
                slack=slack_client(settings), pacer=SlackPacer(settings.slack_rate_limits))


def slack_client(settings: Settings) -> WebClient:
    return WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url)


def create_app(settings: Settings, deps: Deps, listener_executor: Executor | None = None) -> App:
    """The Bolt app with every listener registered; the token lives only in its WebClient.

    Listener work after ack() runs on `listener_executor`, so a server can wait for it on shutdown.
    """
    secret = settings.slack_signing_secret
    app = App(
        # Socket Mode needs no signing secret: Slack's requests arrive over the app's own authenticated socket.
        signing_secret=secret.get_secret_value() if secret else "",
        request_verification_enabled=secret is not None,
        client=slack_client(settings),
        token_verification_enabled=False,  # no network call at construction; auth.test runs on first request
        listener_executor=listener_executor or ThreadPoolExecutor(max_workers=10),
    )
    preload_solvers()
    keep_bodies_out_of_bolt_logs()
    app.use(refuse_malformed)
    app.use(inject_deps(deps))
    app.use(skip_duplicates(deps))
    app.error(on_listener_error)
    for kind in (handlers.commands, handlers.actions, handlers.views, handlers.events, handlers.options):
        kind.register(app)
    return app


def socket_mode_handler(app: App, app_token: str) -> Any:
    """Bolt over Socket Mode with slack-sdk's own WebSocket client (no extra dependency)."""
    from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler

    return SocketModeHandler(app, app_token)


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


def create_health_app(deps: Deps, socket_connected: Callable[[], bool]) -> WsgiApp:
    """GET /healthz alone, for Socket Mode: healthy while the database answers and the socket is connected."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/healthz":
            return _json(start_response, "404 Not Found", {"ok": False, "error": "only /healthz is served here"})
        connected = socket_connected()
        return _health(deps, start_response, {"socket_mode": "connected" if connected else "disconnected"}, connected)

    return application


def _health(deps: Deps, start_response: Callable[..., Any], extra: dict[str, Any] | None = None,
            connected: bool = True) -> Iterable[bytes]:
    database = database_status(deps.engine)  # up, locked or down
    healthy = database == "up" and connected
    status = "200 OK" if healthy else "503 Service Unavailable"
    detail: dict[str, Any] = {"ok": healthy, "database": database, **(extra or {})}
    if database == "up":
        detail.update(slack_refusals(deps))
    return _json(start_response, status, detail)


def slack_refusals(deps: Deps) -> dict[str, Any]:
    """What needs a person's attention on the Slack side, though the app still serves: refused messages, lost access."""
    with deps.sessions() as session:
        refused = refused_count(session=session)
        lost = access_lost(session=session)
    detail: dict[str, Any] = {"slack_refused_messages": refused}
    attention = []
    if refused:
        attention.append(f"Slack refused {refused} message(s) as malformed: see `mentorbot outbox failures`")
    if lost:
        detail["slack_access"] = "revoked"
        attention.append(f"Slack revoked mentorbot's access ({lost['reason']} since {lost['since']}): nothing is "
                         "sent until the app is reinstalled")
    if attention:
        detail["attention"] = "; ".join(attention)
    return detail


def _json(start_response: Callable[..., Any], status: str, content: dict[str, Any]) -> Iterable[bytes]:
    body = json.dumps(content).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
