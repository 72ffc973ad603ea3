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
from storage.engine import make_engine, session_factory, transaction


class StartupError(Exception):
    """The app cannot start; the message says what to do."""


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

    def slack_notifier() -> Any:
        from bot.slack_api import resilient_client
        from handlers.notifier import SlackNotifier

        return SlackNotifier(resilient_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url),
                             sessions, clock)

    return Deps(settings=settings, engine=engine, sessions=sessions, clock=clock,
                notifier=LazyNotifier(slack_notifier), slack=slack_client(settings),  # type: ignore[arg-type]
                pacer=SlackPacer(settings.slack_rate_limits), free_busy=free_busy_from(settings))


def slack_client(settings: Settings) -> WebClient:
    return WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url)


def prepare(settings: Settings, clock: Clock | None = None) -> Deps:
    """Check the schema is migrated and grant the coordinators named in settings."""
    from bot.people import bootstrap_coordinators
    from storage.migrate import pending_migration_message

    deps = build_deps(settings, clock)
    try:
        pending = pending_migration_message(deps.engine)
    except Exception as exc:  # any driver error: the database is not reachable
        raise StartupError(f"Cannot reach the database at DATABASE_URL ({type(exc).__name__}).") from None
    if pending:
        raise StartupError(pending)
    with transaction(deps.sessions) as session:
        bootstrap_coordinators(session=session, slack_user_ids=settings.coordinators, now=deps.clock.now())
    return deps
