"""Several processes on one database: two `serve` replicas answer interchangeably; three `scheduler`
processes elect one leader; SIGKILL the leader mid-delivery and the check-ins and the running
broadcast continue on another, with every message delivered exactly once."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlmodel import func, select

from bot.broadcasts import Announcement, Audience, Schedule, compose, confirm
from bot.emulator import EmulatedUser, SlackEmulator
from bot.program_settings import change_setting
from bot.server import prepare
from handlers.blocks.broadcasts import build_announcement
from storage.engine import transaction
from storage.tables import CheckIn, Match, OutboxMessage, Person, SchedulerLease
from tests.conftest import BOT_TOKEN, COORDINATOR, SIGNING_SECRET, make_settings
from tests.test_processes import free_port, wait_for_port

ROOT = Path(__file__).parents[1]
PEOPLE = [f"U0REPL{n:04d}" for n in range(120)]
WINDOW = 0.5  # per-minute limits replayed 120 times faster
LIMITS = {"conversations.open": 40, "chat.postMessage": 40, "conversations.history": 40, "chat.update": 40}


@pytest.fixture
def slack() -> Iterator[SlackEmulator]:
    with SlackEmulator(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, rate_window_seconds=WINDOW,
                       rate_limits=LIMITS).start() as emulator:
        for user_id in [COORDINATOR, *PEOPLE]:
            emulator.add_user(EmulatedUser(id=user_id, name=user_id.lower()))
        yield emulator


def seed(deps) -> None:  # type: ignore[no-untyped-def]
    """120 people in 60 pairs whose first check-in is due now, any day and hour, and a broadcast to everyone."""
    now = deps.clock.now()
    with transaction(deps.sessions) as session:
        for key, value in (("working_hours", "00:00-23:59"), ("working_days", "mon-sun")):
            change_setting(session=session, key=key, text=value, actor="test", now=now)
        session.execute(insert(Person), [{"slack_user_id": user, "display_name": user, "timezone": "UTC",
                                          "is_mentee": n % 2 == 0, "is_mentor": n % 2 == 1, "is_coordinator": False,
                                          "active": True, "created_at": now, "updated_at": now}
                                         for n, user in enumerate(PEOPLE)])
        ids = {p.slack_user_id: p.id for p in session.exec(select(Person))}
        for n in range(0, len(PEOPLE), 2):
            match = Match(mentee_id=ids[PEOPLE[n]], mentor_id=ids[PEOPLE[n + 1]], kind="career", cadence_days=30,
                          started_at=now - timedelta(days=30))
            session.add(match)
            session.flush()
            session.add_all([CheckIn(match_id=match.id, role=role, cycle=1, due_at=now) for role in ("mentee", "mentor")])
    with transaction(deps.sessions) as session:
        draft = compose(session=session, author=COORDINATOR, audience=Audience("everyone"),
                        announcement=Announcement("Grand rounds moves to Thursday.", (), COORDINATOR),
                        schedule=Schedule(), program_timezone="America/Edmonton", now=now)
        confirm(session=session, broadcast_id=draft.broadcast_id, render=build_announcement, now=now)


def spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("a") as output:
        return subprocess.Popen([sys.executable, "-m", "bot.cli_main", *args], cwd=ROOT, env=env, stdout=output,
                                stderr=output)


def wait(condition, seconds: float, why: str, logs: Path) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds  # a guard against hanging, not a measure of speed
    while not condition():
        assert time.monotonic() < deadline, f"timed out: {why}\n" + "\n".join(p.read_text() for p in logs.iterdir())
        time.sleep(0.05)


@pytest.mark.slow
def test_leader_killed_mid_delivery_another_finishes_exactly_once(slack: SlackEmulator, database_url: str,
                                                                  tmp_path: Path) -> None:
    deps = prepare(make_settings(database_url, slack.api_url))
    seed(deps)
    rates = ",".join(f"{method}={calls}/{WINDOW}" for method, calls in LIMITS.items())
    env = {**os.environ, "DATABASE_URL": database_url, "SLACK_API_URL": slack.api_url, "SLACK_BOT_TOKEN": BOT_TOKEN,
           "SLACK_SIGNING_SECRET": SIGNING_SECRET, "MENTORBOT_SLACK_RATE_LIMITS": rates,
           "MENTORBOT_COORDINATORS": COORDINATOR}
    logs = tmp_path / "logs"
    logs.mkdir()
    ports = [free_port(), free_port()]
    servers = [spawn(["serve", "--host", "127.0.0.1", "--port", str(p)], env, logs / f"serve{p}.log") for p in ports]
    schedulers = [spawn(["scheduler", "--tick-seconds", "1", "--lease-seconds", "3"], env, logs / f"scheduler{n}.log")
                  for n in range(3)]
    try:
        _check_replicas_answer(slack, servers, ports)
        total = 2 * len(PEOPLE) + 1  # a check-in for each person; the announcement for them and the coordinator

        def sent() -> int:
            with deps.sessions() as session:
                return session.exec(select(func.count()).select_from(OutboxMessage)
                                    .where(OutboxMessage.status == "sent")).one()

        wait(lambda: sent() >= 40, 90, "first deliveries", logs)
        leader = _leader_pid(deps)
        os.kill(leader, signal.SIGKILL)
        wait(lambda: sent() == total, 120, "every message delivered after the takeover", logs)
        assert _leader_pid(deps) != leader
    finally:
        for process in servers + schedulers:
            if process.poll() is None:
                process.terminate()
        for process in servers + schedulers:
            process.wait(15)
    keys = Counter(call.params.get("metadata", {}).get("event_payload", {}).get("key")
                   for call in slack.calls("chat.postMessage") if call.status == 200 and call.response.get("ok"))
    assert len([key for key in keys if key]) == total
    assert {key: n for key, n in keys.items() if key and n != 1} == {}  # nothing lost, nothing doubled
    deps.engine.dispose()


def _check_replicas_answer(slack: SlackEmulator, servers: list, ports: list[int]) -> None:
    for process, port in zip(servers, ports, strict=True):
        wait_for_port(port, process)
        slack.app_url = f"http://127.0.0.1:{port}/slack/events"
        answer = slack.slash_command(COORDINATOR, "/mentor", "help")
        assert answer.status == 200 and "/mentor match" in answer.body


def _leader_pid(deps) -> int:  # type: ignore[no-untyped-def]
    with deps.sessions() as session:
        lease = session.get(SchedulerLease, "scheduler")
        assert lease is not None
        return int(lease.holder.split(":")[1])
