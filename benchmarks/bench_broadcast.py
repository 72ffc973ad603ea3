"""An announcement to 5,000 people through the emulator with Slack's rate limits, sent by a real
`mentorbot outbox work` process: once undisturbed, once SIGKILLed and restarted 3 times mid-way.

The emulator enforces Slack's documented per-minute limits (conversations.open and chat.update: Tier 3,
50 a minute; chat.postMessage: about 1 a second, 60 a minute; conversations.history: 50 a minute) with
the minute replayed faster (--minute 0.5 s), so the run takes about a minute instead of 100. The
theoretical minimum is what those limits allow at best: for each method, with N calls per window W and
M calls needed, the last call cannot start before (ceil(M / N) - 1) * W; the slowest method decides.
Wall time runs from the confirmation (deliveries written) until the last person has their message,
with the sender already running, as it is in production. Lost and duplicated are counted at the
emulator: each person's DM must hold exactly one message carrying the announcement's outbox key.

Usage: python benchmarks/bench_broadcast.py [--recipients 5000] [--minute 0.5] [--kills 3]
       (DATABASE_URL=postgresql://... runs it on PostgreSQL, one fresh database per run)
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.broadcasts import Announcement, Audience, Schedule, compose, confirm, show_status  # noqa: E402
from bot.emulator import EmulatedUser, SlackEmulator  # noqa: E402
from bot.server import prepare  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402
from handlers.blocks.broadcasts import build_announcement  # noqa: E402
from storage.engine import make_engine, normalize_url, transaction  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.tables import OutboxMessage, Person  # noqa: E402

TOKEN, SECRET, COORDINATOR = "xoxb-bench", "bench-secret", "U0COORD001"
LIMITS = {"conversations.open": 50, "chat.postMessage": 60, "conversations.history": 50, "chat.update": 50}
TIMEZONES = ("America/Edmonton", "America/Toronto", "America/Vancouver", "Europe/London", "America/Halifax")


@dataclass
class RunResult:
    wall: float
    minimum: float
    lost: int
    duplicated: int
    worker_peak_mb: float
    calls: Counter
    restart_gaps: list[float]  # from each SIGKILL to the new process's first Web API call

    @property
    def ratio(self) -> float:
        return self.wall / self.minimum


def theoretical_minimum(recipients: int, minute: float) -> float:
    needed = {"conversations.open": recipients, "chat.postMessage": recipients}
    return max((math.ceil(calls / LIMITS[method]) - 1) * minute for method, calls in needed.items())


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"mentorbot_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(configured, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(normalize_url(configured)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def people(recipients: int) -> list[str]:
    return [f"U{n:08d}" for n in range(recipients)]


def start_emulator(recipients: int, minute: float) -> SlackEmulator:
    slack = SlackEmulator(bot_token=TOKEN, signing_secret=SECRET, rate_limits=LIMITS, rate_window_seconds=minute).start()
    slack.add_user(EmulatedUser(id=COORDINATOR, name="coordinator"))
    for n, user_id in enumerate(people(recipients)):
        slack.add_user(EmulatedUser(id=user_id, name=f"person{n}", tz=TIMEZONES[n % len(TIMEZONES)]))
    return slack


def settings_for(url: str, slack: SlackEmulator) -> Settings:
    return load_settings(Settings, slack_bot_token=TOKEN, slack_signing_secret=SECRET, slack_api_url=slack.api_url,
                         database_url=url, coordinators=COORDINATOR)


def seed(settings: Settings, recipients: int) -> None:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    now = datetime.now(UTC)
    rows = [{"slack_user_id": user_id, "display_name": f"Person {n}", "timezone": TIMEZONES[n % len(TIMEZONES)],
             "program": "Internal Medicine", "stage": "PGY-1", "is_mentee": True, "is_mentor": False,
             "is_coordinator": False, "active": True, "created_at": now, "updated_at": now}
            for n, user_id in enumerate(people(recipients))]
    with engine.begin() as connection:
        connection.execute(insert(Person), rows)
    engine.dispose()


def announce(settings: Settings) -> tuple[float, float]:
    """Compose and confirm an announcement to everyone; returns (instant confirmed, peak MB of writing it)."""
    deps = prepare(settings)
    tracemalloc.start()
    with transaction(deps.sessions) as session:
        draft = compose(session=session, author=COORDINATOR, audience=Audience("everyone"),
                        announcement=Announcement("Welcome to the spring term: *research day* is on the 14th.", (),
                                                  COORDINATOR), schedule=Schedule(), program_timezone="America/Edmonton",
                        now=datetime.now(UTC))
        info = confirm(session=session, broadcast_id=draft.broadcast_id, render=build_announcement, now=datetime.now(UTC))
    confirmed = time.monotonic()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    show_status(deps, info)
    deps.engine.dispose()
    return confirmed, peak


def sender(settings: Settings, minute: float, log: Path) -> subprocess.Popen:
    rates = ",".join(f"{method}={calls}/{minute}" for method, calls in LIMITS.items())
    env = {**os.environ, "DATABASE_URL": settings.database_url, "SLACK_API_URL": settings.slack_api_url,
           "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "MENTORBOT_SLACK_RATE_LIMITS": rates}
    with log.open("a") as output:
        return subprocess.Popen([sys.executable, "-m", "bot.cli_main", "outbox", "work"], cwd=ROOT, env=env,
                                stdout=output, stderr=output)


def peak_rss_mb(process: subprocess.Popen) -> float:
    """The process's high-water resident memory (Linux /proc), read while it still exists."""
    try:
        status = Path(f"/proc/{process.pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


def delivered(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.broadcast_id == 1, OutboxMessage.status.in_(("sent", "failed")))).scalar_one()
    engine.dispose()
    return count


def wait_for_delivered(url: str, target: int, process: subprocess.Popen, log: Path) -> None:
    while delivered(url) < target:
        if process.poll() is not None:
            raise SystemExit(f"the sender exited early; see {log}")
        time.sleep(0.02)


def last_delivery_at(slack: SlackEmulator, recipients: list[str]) -> tuple[float, int, int]:
    """(emulator time of the last recipient's copy, lost, duplicated), counted in each person's DM."""
    last, lost, duplicated = 0.0, 0, 0
    for user_id in recipients:
        copies = [m for m in slack.messages_to(user_id)
                  if m.get("metadata", {}).get("event_payload", {}).get("key") == f"broadcast:1:{user_id}"]
        lost += not copies
        duplicated += max(0, len(copies) - 1)
        last = max([last, *(float(m["ts"]) for m in copies)])
    return last, lost, duplicated


def run(recipients: int, minute: float, kills: int, folder: Path) -> RunResult:
    slack = start_emulator(recipients, minute)
    log = folder / f"sender-{kills}.log"
    with fresh_database(folder) as url:
        settings = settings_for(url, slack)
        seed(settings, recipients)
        process, peaks = sender(settings, minute, log), []
        time.sleep(3)  # the sender is up and idle before the announcement, as a running service would be
        confirmed, _ = announce(settings)
        wall_started = time.time() - (time.monotonic() - confirmed)
        killed_at = []
        for kill in range(1, kills + 1):
            wait_for_delivered(url, recipients * kill // (kills + 1), process, log)
            peaks.append(peak_rss_mb(process))
            os.kill(process.pid, signal.SIGKILL)
            killed_at.append(time.time())
            process.wait()
            process = sender(settings, minute, log)
        wait_for_delivered(url, recipients, process, log)
        peaks.append(peak_rss_mb(process))
        process.terminate()
        process.wait()
    last, lost, duplicated = last_delivery_at(slack, people(recipients))
    recorded = slack.calls()
    calls = Counter(f"{c.method} {c.status}" for c in recorded)
    gaps = [min(c.at for c in recorded if c.at > kill) - kill for kill in killed_at]
    slack.stop()
    return RunResult(last - wall_started, theoretical_minimum(recipients, minute), lost, duplicated, max(peaks), calls,
                     gaps)


def creation_memory(recipients: int, minute: float, folder: Path) -> float:
    slack = start_emulator(recipients, minute)
    with fresh_database(folder) as url:
        settings = settings_for(url, slack)
        seed(settings, recipients)
        _, peak = announce(settings)
    slack.stop()
    return peak


def describe(name: str, result: RunResult) -> None:
    print(f"{name}: {result.wall:.1f} s against a minimum of {result.minimum:.1f} s (ratio {result.ratio:.2f}); "
          f"lost {result.lost}, duplicated {result.duplicated}; sender peak RSS {result.worker_peak_mb:.0f} MB")
    if result.restart_gaps:
        sending = (result.wall - sum(result.restart_gaps)) / result.minimum
        print(f"  silent after each SIGKILL until the new process's first call (start-up: imports, schema check, "
              f"lease): {', '.join(f'{gap:.1f}' for gap in result.restart_gaps)} s; ratio without them {sending:.2f}")
    print("  Web API calls (method status: count): "
          + ", ".join(f"{key}: {count}" for key, count in sorted(result.calls.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--minute", type=float, default=0.5, help="seconds that stand for one of Slack's minutes")
    parser.add_argument("--kills", type=int, default=3)
    args = parser.parse_args()
    print(f"{args.recipients:,} recipients; Slack's limits per {args.minute} s 'minute': "
          + ", ".join(f"{method} {calls}" for method, calls in LIMITS.items()))
    with tempfile.TemporaryDirectory() as folder:
        clean = run(args.recipients, args.minute, 0, Path(folder))
        describe("undisturbed", clean)
        killed = run(args.recipients, args.minute, args.kills, Path(folder))
        describe(f"SIGKILLed and restarted {args.kills} times", killed)
        writing = creation_memory(args.recipients, args.minute, Path(folder))
        print(f"writing the {args.recipients:,} deliveries in one transaction: peak Python memory {writing:.1f} MB")
    print(f"bench_broadcast: {args.recipients:,} recipients, ratio to the rate-limit minimum {clean.ratio:.2f} "
          f"({clean.wall:.1f} s / {clean.minimum:.1f} s), lost {clean.lost}, duplicated {clean.duplicated}; "
          f"with {args.kills} SIGKILL restarts ratio {killed.ratio:.2f}, lost {killed.lost}, "
          f"duplicated {killed.duplicated}; sender peak RSS {max(clean.worker_peak_mb, killed.worker_peak_mb):.0f} MB")


if __name__ == "__main__":
    main()
