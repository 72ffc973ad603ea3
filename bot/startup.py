"""What every process builds first: its dependencies on a checked database. Kept apart from the HTTP app
(bot.app, bot.server) so that the command-line workers (`jobs run-due`, `outbox work`, `scheduler`) start
without importing Bolt, waitress, the listeners or the report's libraries they never use."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.clock import Clock, SystemClock
from bot.deps import Deps
from bot.pacing import SlackPacer
from bot.scheduling.connector_setup import free_busy_from
from bot.settings import Settings
from storage.engine import SessionFactory, make_engine, session_factory, transaction
from storage.tenancy import DEFAULT_TENANT_ID, tenant_scope


class StartupError(Exception):
    """The app cannot start; the message says what to do."""


MISSING_KEY = ("MENTORBOT_TOKEN_KEYS is not set: OAuth installs keep each installation's bot token in the database, "
               "encrypted with this key. Make one with `mentorbot tokens new-key`, keep it in the secret store beside "
               "SLACK_CLIENT_SECRET, and set it for every mentorbot process (README 'Install modes')")


class LazyNotifier:
    """Stands for the Slack notifier and builds it on first use. The notifier imports every message's blocks (and
    through them most services); a process that never renders a message, such as the outbox sender, or a scheduler
    tick with nothing due, then does not pay for those imports at start-up."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._built: Any = None
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        built = self._built
        if built is None:
            with self._lock:
                if self._built is None:
                    self._built = self._build()
                built = self._built
        return getattr(built, name)


def build_deps(settings: Settings, clock: Clock | None = None) -> Deps:
    engine = make_engine(settings.database_url)
    sessions = session_factory(engine)
    clock = clock or SystemClock()
    wake = threading.Event()
    tokens = bot_token_source(settings, sessions)

    def outbox_notifier() -> Any:
        from bot.slack_api import make_resilient
        from handlers.notifier import OutboxNotifier

        return OutboxNotifier(make_resilient(bot_client(settings, tokens)), sessions, clock, wake.set)

    return Deps(settings=settings, engine=engine, sessions=sessions, clock=clock,
                notifier=LazyNotifier(outbox_notifier), slack=bot_client(settings, tokens),
                pacer=SlackPacer(settings.slack_rate_limits), outbox_wake=wake, free_busy=free_busy_from(settings))


def slack_client(settings: Settings) -> WebClient:
    """The Bolt app's own client: the single workspace's token, or none in OAuth mode (Bolt then gives each request
    the token of the installation it came from)."""
    token = settings.slack_bot_token
    return WebClient(token=token.get_secret_value() if token else None, base_url=settings.slack_api_url)


TokenSource = Callable[[], "str | None"]


def bot_token_source(settings: Settings, sessions: SessionFactory) -> TokenSource:
    """Where work outside a Slack request gets its bot token: SLACK_BOT_TOKEN, or the installation of the tenant the
    work runs for (asked at each call: a job or an outbox round runs inside its tenant's `tenant_scope`)."""
    if settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
        return lambda: token
    from bot.installations import tenant_bot_token

    assert settings.slack_client_id  # OAuth mode (Settings checks)
    if settings.token_cipher() is None:
        return lambda: None  # no key, no token: `serve` and the workers refuse to start, `doctor` says why
    return tenant_bot_token(refresher=token_refresher(settings, sessions), client_id=settings.slack_client_id)


def token_refresher(settings: Settings, sessions: SessionFactory) -> Any:
    """OAuth mode: the one refresher of rotating tokens (bot/installations.py), calling SLACK_API_URL."""
    from slack_sdk.oauth.token_rotation import TokenRotator

    from bot.installations import Refresher
    from bot.settings import TOKEN_ROTATION_MINUTES

    assert settings.slack_client_id and settings.slack_client_secret  # OAuth mode (Settings checks)
    cipher = settings.token_cipher()
    if cipher is None:
        raise StartupError(MISSING_KEY)
    rotator = TokenRotator(client_id=settings.slack_client_id,
                           client_secret=settings.slack_client_secret.get_secret_value(),
                           client=WebClient(base_url=settings.slack_api_url, timeout=10))
    return Refresher(sessions, rotator, TOKEN_ROTATION_MINUTES, cipher)


class InstallationClient(WebClient):
    """A WebClient whose token is looked up for every call (a rotating token changes under a long-lived process)."""

    def __init__(self, tokens: TokenSource, **kwargs: Any) -> None:
        self._tokens = tokens
        super().__init__(**kwargs)

    @property
    def token(self) -> str | None:
        return self._tokens()

    @token.setter
    def token(self, value: str | None) -> None:
        """slack-sdk assigns a token at construction; the installation's token always wins."""


def bot_client(settings: Settings, tokens: TokenSource | None = None, timeout: int = 30) -> WebClient:
    """The client for work outside a Slack request (the outbox, jobs, the CLI), in either install mode."""
    if settings.slack_bot_token is not None:
        return WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url,
                         timeout=timeout)
    return InstallationClient(tokens or bot_token_source(settings, settings_sessions(settings)),
                              base_url=settings.slack_api_url, timeout=timeout)


def settings_sessions(settings: Settings) -> SessionFactory:
    return session_factory(make_engine(settings.database_url))


def prepare(settings: Settings, clock: Clock | None = None) -> Deps:
    """Check the schema is migrated and grant the coordinators named in settings."""
    from bot.people import bootstrap_coordinators
    from storage.migrate import pending_migration_message

    if settings.oauth_installs and settings.token_keys is None:
        raise StartupError(MISSING_KEY)
    deps = build_deps(settings, clock)
    try:
        pending = pending_migration_message(deps.engine)
    except Exception as exc:  # any driver error: the database is not reachable
        raise StartupError(f"Cannot reach the database at DATABASE_URL ({type(exc).__name__}).") from None
    if pending:
        raise StartupError(pending)
    with tenant_scope(DEFAULT_TENANT_ID), transaction(deps.sessions) as session:  # MENTORBOT_COORDINATORS: tenant 1's
        bootstrap_coordinators(session=session, slack_user_ids=settings.coordinators, now=deps.clock.now())
    return deps
