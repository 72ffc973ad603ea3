"""A real sender process is SIGKILLed twice in the middle of an announcement and restarted: every recipient
still gets exactly one copy (messages are counted at the emulator, where Slack would see them)."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

from bot.broadcasts import Announcement, Audience, Schedule, compose, confirm
from bot.deps import Deps
from bot.emulator import EmulatedUser, SlackEmulator
from bot.server import prepare
from handlers.blocks.broadcasts import build_announcement
from storage.engine import transaction
from storage.tables import OutboxMessage, Person
from tests.conftest import BOT_TOKEN, COORDINATOR, SIGNING_SECRET, make_settings

ROOT = Path(__file__).parents[1]
RECIPIENTS = [f"U0CROWD{n:04d}" for n in range(240)]
WINDOW_SECONDS = 0.5  # Slack's per-minute limits, replayed 120 times faster
LIMITS = {"conversations.open": 40, "chat.postMessage": 40, "conversations.history": 40, "chat.update": 40}


@pytest.fixture
def crowd() -> Iterator[SlackEmulator]:
    with SlackEmulator(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, rate_window_seconds=WINDOW_SECONDS,
                       rate_limits=LIMITS).start() as slack:
        for user_id in [COORDINATOR, *RECIPIENTS]:
            slack.add_user(EmulatedUser(id=user_id, name=user_id.lower()))
        yield slack


def announce_to_everyone(deps: Deps) -> None:
    now = deps.clock.now()
    with transaction(deps.sessions) as session:
        for user_id in RECIPIENTS:
            session.add(Person(slack_user_id=user_id, is_mentee=True, created_at=now, updated_at=now))
    with transaction(deps.sessions) as session:
        draft = compose(session=session, author=COORDINATOR, audience=Audience("everyone"),
                        announcement=Announcement("Welcome to the new term!", (), COORDINATOR), schedule=Schedule(),
                        program_timezone="America/Edmonton", now=now)
        confirm(session=session, broadcast_id=draft.broadcast_id, render=build_announcement, now=now)


def sender(env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("a") as output:
        return subprocess.Popen([sys.executable, "-m", "bot.cli_main", "outbox", "work"], cwd=ROOT, env=env,
                                stdout=output, stderr=output)


def wait_until(condition: Callable[[], bool], process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60  # a guard against hanging, not a measure of speed
    while not condition():
        assert process.poll() is None, f"the sender exited early:\n{log.read_text()}"
        assert time.monotonic() < deadline, f"no progress:\n{log.read_text()}"
        time.sleep(0.02)


@pytest.mark.slow
def test_killing_the_sender_mid_broadcast_loses_and_duplicates_nothing(crowd: SlackEmulator, database_url: str,
                                                                         tmp_path: Path) -> None:
    settings = make_settings(database_url, crowd.api_url)
    deps = prepare(settings)
    announce_to_everyone(deps)
    rates = ",".join(f"{method}={calls}/{WINDOW_SECONDS}" for method, calls in LIMITS.items())
    env = {**os.environ, "DATABASE_URL": database_url, "SLACK_API_URL": crowd.api_url, "SLACK_BOT_TOKEN": BOT_TOKEN,
           "SLACK_SIGNING_SECRET": SIGNING_SECRET, "MENTORBOT_SLACK_RATE_LIMITS": rates}

    def sent() -> int:
        with deps.sessions() as session:
            return session.exec(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.broadcast_id == 1, OutboxMessage.status == "sent")).one()

    log = tmp_path / "sender.log"
    for stop_at in (80, 160):
        process = sender(env, log)
        wait_until(lambda: sent() >= stop_at, process, log)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    process = sender(env, log)
    wait_until(lambda: sent() == len(RECIPIENTS), process, log)
    process.terminate()
    process.wait()
    received = {user: [m for m in crowd.messages_to(user) if m.get("metadata", {}).get("event_payload", {}).get("key")
                       == f"broadcast:1:{user}"] for user in RECIPIENTS}
    assert [user for user, copies in received.items() if len(copies) != 1] == []
    delivered = [c for c in crowd.calls("chat.postMessage") if c.status == 200 and c.params["channel"] != COORDINATOR
                 and c.response["channel"] != crowd.dm_channel_id(COORDINATOR)]
    assert len(delivered) == len(RECIPIENTS)  # Slack accepted exactly one post per person
    deps.engine.dispose()
