"""The composition root: builds the Bolt app and its HTTP server from settings and dependencies.

This is the one module in bot/ that touches slack_bolt and handlers/: it wires them together.
"""

from __future__ import annotations

import contextvars
import html
import json
import logging
from concurrent.futures import Executor

from bot.context_executor import ContextExecutor
from collections.abc import Callable, Iterable
from typing import Any

from urllib.parse import urlparse

from slack_bolt import App, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.error import BoltError
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient

import handlers.actions
import handlers.commands
import handlers.events
import handlers.functions
import handlers.options
import handlers.views
from bot.deps import Deps
from bot.i18n import LANGUAGES, _, speaking
from bot.doctor import REQUIRED_SCOPES
from bot.installations import STATE_LIFETIME_SECONDS, DatabaseInstallationStore, DatabaseStateStore
from bot.logs import keep_bodies_out_of_bolt_logs
from bot.matching import preload_solvers
from bot.settings import TOKEN_ROTATION_MINUTES, Settings
from bot.startup import build_deps, slack_client, token_refresher  # noqa: F401  (build_deps: imported from here by older callers)
from handlers.errors import on_listener_error
from handlers.middleware import inject_deps, refuse_malformed, skip_duplicates
from storage.engine import database_status
from storage.queries.installations import installations
from storage.queries.outbox import refused_count
from bot.slack_access import access_lost

logger = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


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
        listener_executor=listener_executor or ContextExecutor(max_workers=10),  # the request's tenant goes along
        oauth_flow=oauth_flow(settings, deps) if settings.oauth_installs else None,
    )
    preload_solvers()
    keep_bodies_out_of_bolt_logs()
    app.use(refuse_malformed)
    app.use(inject_deps(deps))
    app.use(skip_duplicates(deps))
    app.error(on_listener_error)
    for kind in (handlers.commands, handlers.actions, handlers.views, handlers.events, handlers.options,
                 handlers.functions):
        kind.register(app)
    return app


class InstallRefused(BoltError):
    """An install mentorbot refuses; its words are shown to the installer (Bolt's failure page says only "storage
    error")."""


def refusal_page(reason: object) -> str:
    """The installer's page, in every language mentorbot speaks: no program (so no program language) exists yet,
    and the browser is not a Slack user mentorbot knows."""
    sections = []
    for language in LANGUAGES:
        with speaking(language):
            heading, words = _("mentorbot was not installed"), str(reason)
        sections.append(f'<section lang="{language}"><h2>{html.escape(heading)}</h2>'  # not text: markup
                        f"<p>{html.escape(words)}</p></section>")
    return "<html><body>" + "".join(sections) + "</body></html>"


class RefusingOAuthFlow(OAuthFlow):
    """Bolt's flow, with an install mentorbot refuses (bot.tenants.OrgWideInstallRefused) explained on the page the
    installer lands on, and logged."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        default = self.failure_handler

        def explain(args: Any) -> BoltResponse:
            if not isinstance(args.error, InstallRefused):
                return default(args)
            return BoltResponse(status=409, body=refusal_page(args.error.args[0]),
                                headers={"Content-Type": "text/html; charset=utf-8"})  # not text

        self.failure_handler = explain

    def store_installation(self, request: Any, installation: Any) -> None:
        from bot.tenants import OrgWideInstallRefused

        try:
            super().store_installation(request, installation)
        except OrgWideInstallRefused as refused:
            logger.warning("refused an install: %s", refused)
            raise InstallRefused(refused.args[0]) from None  # the words, in every language, for the page


def oauth_flow(settings: Settings, deps: Deps) -> OAuthFlow:
    """OAuth installs: /slack/install and the redirect, installations and states in our database, and each request
    authorized with its installation's bot token, refreshed first by Bolt's token rotator when it is about to expire."""
    assert settings.slack_client_id and settings.slack_client_secret and settings.slack_redirect_uri
    client_secret = settings.slack_client_secret.get_secret_value()
    refresher = token_refresher(settings, deps.sessions)
    store = DatabaseInstallationStore(deps.sessions, settings.slack_client_id, deps.clock, refresher.cipher,
                                      refresher)
    oauth = OAuthSettings(
        client_id=settings.slack_client_id, client_secret=client_secret, scopes=list(REQUIRED_SCOPES), user_scopes=[],
        redirect_uri=settings.slack_redirect_uri, install_path=INSTALL_PATH,
        redirect_uri_path=urlparse(settings.slack_redirect_uri).path or REDIRECT_PATH,
        authorization_url=settings.slack_authorize_url, installation_store=store, installation_store_bot_only=True,
        token_rotation_expiration_minutes=TOKEN_ROTATION_MINUTES,
        state_store=DatabaseStateStore(deps.sessions, deps.clock), state_expiration_seconds=STATE_LIFETIME_SECONDS)
    # The store hands Bolt a token already refreshed under the row lock every process shares; Bolt's own rotator
    # stays configured behind it (calling SLACK_API_URL, not its default slack.com), normally with nothing to do.
    oauth.authorize = InstallationStoreAuthorize(
        logger=logger, installation_store=store, client_id=settings.slack_client_id, client_secret=client_secret,
        token_rotation_expiration_minutes=TOKEN_ROTATION_MINUTES, bot_only=True,
        client=WebClient(base_url=settings.slack_api_url, timeout=10))
    return RefusingOAuthFlow(client=slack_client(settings), logger=logger, settings=oauth)


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
            # a fresh context per request: the tenant the middleware sets never outlives the request's thread use
            body = contextvars.Context().run(slack, environ, keep)
        except Exception as error:  # a payload Bolt cannot even route: Slack never sends one; refuse it plainly
            logger.warning("refused a malformed Slack request (%s)", type(error).__name__)
            return _json(start_response, "400 Bad Request", {"ok": False, "error": "malformed request"})  # not text
        if environ.get("PATH_INFO") == "/slack/events" and answer["status"].startswith("404"):
            return _json(start_response, "400 Bad Request", {"ok": False, "error": "unroutable request"})  # not text
        start_response(answer["status"], answer["headers"])
        return body

    return application


def create_health_app(deps: Deps, socket_connected: Callable[[], bool]) -> WsgiApp:
    """GET /healthz alone, for Socket Mode: healthy while the database answers and the socket is connected."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/healthz":
            return _json(start_response, "404 Not Found", {"ok": False, "error": "only /healthz is served here"})  # not text
        connected = socket_connected()
        return _health(deps, start_response, {"socket_mode": "connected" if connected else "disconnected"}, connected)

    return application


def _health(deps: Deps, start_response: Callable[..., Any], extra: dict[str, Any] | None = None,
            connected: bool = True) -> Iterable[bytes]:
    database = database_status(deps.engine)  # up, locked or down
    healthy = database == "up" and connected
    status = "200 OK" if healthy else "503 Service Unavailable"  # not text: HTTP
    detail: dict[str, Any] = {"ok": healthy, "database": database, **(extra or {})}
    if database == "up":
        detail.update(slack_refusals(deps))
    return _json(start_response, status, detail)


def slack_refusals(deps: Deps) -> dict[str, Any]:
    """What needs a person's attention on the Slack side, though the app still serves: refused messages, lost access."""
    client_id = deps.settings.slack_client_id
    with deps.sessions() as session:
        refused = refused_count(session=session)
        lost = access_lost(session=session)
        installed = len(installations(session=session, client_id=client_id)) if client_id else None
    detail: dict[str, Any] = {"slack_refused_messages": refused}
    attention = []
    if installed is not None:
        detail["slack_installations"] = installed
        if not installed:
            attention.append(f"mentorbot is not installed yet: an admin opens {INSTALL_PATH} to install it")  # not text
    if refused:
        attention.append(f"Slack refused {refused} message(s) as malformed: see `mentorbot outbox failures`")  # not text
    if lost:
        detail["slack_access"] = "revoked"
        attention.append(f"Slack revoked mentorbot's access ({lost['reason']} since {lost['since']}): nothing is "  # not text
                         "sent until the app is reinstalled")
    if attention:
        detail["attention"] = "; ".join(attention)
    return detail


def _json(start_response: Callable[..., Any], status: str, content: dict[str, Any]) -> Iterable[bytes]:
    body = json.dumps(content).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])  # not text
    return [body]
