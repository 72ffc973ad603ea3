"""Fixtures: the real HTTP app on a free port, a fresh migrated database, and the Slack emulator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cpython_ast import guard_ast_parse

guard_ast_parse()  # before any test parses source (see tests/cpython_ast.py)

from bot.clock import ManualClock  # noqa: E402
from bot.deps import Deps
from bot.emulator import EmulatedUser, SlackEmulator
from bot.server import AppServer, prepare
from bot.settings import Settings, load_settings
from tests.databases import DatabaseMaker, SharedCompiledSql

BOT_TOKEN = "xoxb-test-token"
SIGNING_SECRET = "test-signing-secret"
COORDINATOR = "UCOORD01"

WORKSPACE = (
    EmulatedUser(id=COORDINATOR, name="casey", real_name="Casey Coordinator", email="casey@example.org", tz="America/Edmonton"),
    EmulatedUser(id="URES0001", name="riley", real_name="Riley Resident", email="riley@example.org", tz="America/Toronto"),
    EmulatedUser(id="URES0002", name="sam", real_name="Sam Singh", email="sam@example.org", tz="Europe/London"),
    EmulatedUser(id="UFAC0001", name="drlee", real_name="Dr. Morgan Lee", email="lee@example.org", tz="America/Edmonton"),
    EmulatedUser(id="UFAC0002", name="drokafor", real_name="Dr. Ada Okafor", email="okafor@example.org", tz="America/Vancouver"),
)


@pytest.fixture(scope="session", autouse=True)
def shared_compiled_sql() -> Iterator[None]:
    """One compiled-statement cache for every engine a test process builds (tests/databases.py says why)."""
    import storage.engine

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(storage.engine, "create_engine", SharedCompiledSql().create_engine(storage.engine.create_engine))
        yield


@pytest.fixture(scope="session")
def database_maker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseMaker]:
    maker = DatabaseMaker(tmp_path_factory.mktemp("databases"))
    yield maker
    maker.close()


@pytest.fixture
def database_url(database_maker: DatabaseMaker) -> Iterator[str]:
    with database_maker.fresh() as url:
        yield url


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET).start() as slack:
        for user in WORKSPACE:
            slack.add_user(user)
        yield slack
        # Whatever a test did, the app never sent Slack something it would refuse or not show.
        assert slack.refusals() == [], f"Slack would have refused: {slack.refusals()}"


def make_settings(database_url: str, api_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": api_url,
        "database_url": database_url,
        "coordinators": COORDINATOR,
        **overrides,
    }
    return load_settings(Settings, **values)


@dataclass
class Harness:
    """A running app wired to the emulator: drive it with `slack`, inspect with `deps`."""

    slack: SlackEmulator
    server: AppServer
    deps: Deps
    clock: ManualClock
    settings: Settings


def drain(harness: Harness) -> None:
    """Deliver what the app queued in the outbox, now (as the server's sender or the scheduler's tick would).
    While the server's sender thread holds the outbox lease (it was woken by the same commit), wait for it: it
    delivers only interactive messages, so giving up would leave the rest undelivered."""
    import time

    from bot.outbox_worker import send_queued

    deadline = time.monotonic() + 10
    while send_queued(harness.deps) is None and time.monotonic() < deadline:
        time.sleep(0.01)


def delivered(harness: Harness) -> None:
    """Wait (real time) until the server's sender has settled every message already due: files go one by one."""
    from sqlmodel import col, func, select

    from storage.tables import OutboxMessage, OutboxStatus

    def settled() -> bool:
        with harness.deps.sessions() as session:
            return session.exec(select(func.count()).select_from(OutboxMessage).where(
                col(OutboxMessage.status).in_((OutboxStatus.PENDING, OutboxStatus.SENDING)),
                col(OutboxMessage.not_before) <= harness.clock.now())).one() == 0

    harness.slack.wait_for(settled)


@contextmanager
def running_app(emulator: SlackEmulator, database_url: str, clock: ManualClock) -> Iterator[Harness]:
    """The app serving database_url, wired to the emulator, until the block ends."""
    settings = make_settings(database_url, emulator.api_url)
    deps = prepare(settings, clock)
    server = AppServer(settings, deps, port=0).start_in_background()
    emulator.app_url = f"{server.url}/slack/events"
    yield Harness(slack=emulator, server=server, deps=deps, clock=clock, settings=settings)
    server.stop()
    deps.engine.dispose()


@pytest.fixture
def harness(emulator: SlackEmulator, database_url: str, clock: ManualClock, tmp_path: Path) -> Iterator[Harness]:
    with running_app(emulator, database_url, clock) as running:
        yield running
