"""Import a generated 5,000-person roster through the real code path (Slack lookups go to the emulator).

Prints wall time for a first import (everyone new: one users.info each), a re-import (no-op),
and the peak Python memory of a first import (tracemalloc, measured in a separate pass because
tracing slows the code). Usage: python benchmarks/bench_roster_import.py [--people 5000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.emulator import EmulatedUser, SlackEmulator  # noqa: E402
from bot.roster import COLUMNS, import_roster  # noqa: E402
from bot.slack_api import SlackDirectory, resilient_client  # noqa: E402
from storage.engine import make_engine, session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

KINDS = ["career", "research", "clinical", "wellness", "sponsorship", "identity"]
STAGES = [f"PGY-{n}" for n in range(1, 6)] + ["fellow", "assistant_professor", "associate_professor", "professor"]
TAGS = ["cardiology", "nephrology", "medical education", "global health", "qi", "research methods", "oncology"]


def roster_csv(people: int, seed: int = 7) -> tuple[str, list[EmulatedUser]]:
    rng = random.Random(seed)
    lines, users = [",".join(COLUMNS)], []
    for n in range(people):
        slack_id, mentor = f"U{n:08d}", rng.random() < 0.3
        users.append(EmulatedUser(id=slack_id, name=f"user{n}", real_name=f"Person {n}", email=f"p{n}@med.example.org"))
        stage = rng.choice(STAGES[5:] if mentor else STAGES[:5])
        wanted = "" if mentor else ";".join(rng.sample(KINDS, rng.randint(1, 3)))
        offered = ";".join(rng.sample(KINDS, rng.randint(2, 4))) if mentor else ""
        tags = ";".join(rng.sample(TAGS, 2))
        row = [slack_id, f"p{n}@med.example.org", f"Person {n}", "mentor" if mentor else "mentee", "Internal Medicine",
               stage, "America/Edmonton", wanted, "" if mentor else tags, "" if mentor else "either",
               "" if mentor else "30", offered, tags if mentor else "", str(rng.randint(1, 5)) if mentor else "", ""]
        lines.append(",".join(row))
    return "\n".join(lines) + "\n", users


def run_import(text: str, url: str, api_url: str) -> tuple[float, str]:
    engine = make_engine(url)
    directory = SlackDirectory(resilient_client("xoxb-bench", api_url), "America/Edmonton")
    started = time.perf_counter()
    report = import_roster(sessions=session_factory(engine), text=text, directory=directory,
                           now=datetime.now(UTC), actor="bench", default_timezone="America/Edmonton")
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, report.summary()


def fresh_database(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args()
    text, users = roster_csv(args.people)
    with tempfile.TemporaryDirectory() as folder, SlackEmulator(bot_token="xoxb-bench", signing_secret="s").start() as slack:
        for user in users:
            slack.add_user(user)
        url = fresh_database(Path(folder), "timed.db")
        first, summary = run_import(text, url, slack.api_url)
        print(f"first import:  {first:6.2f} s  ({args.people / first:,.0f} rows/s)  {summary}")
        again, summary = run_import(text, url, slack.api_url)
        print(f"re-import:     {again:6.2f} s  ({args.people / again:,.0f} rows/s)  {summary}")
        tracemalloc.start()
        run_import(text, fresh_database(Path(folder), "traced.db"), slack.api_url)
        peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"peak Python memory of a first import: {peak_mb:.1f} MB; users.info calls: {len(slack.calls('users.info'))}")
    print(f"bench_roster_import: {args.people} rows, first import {first:.1f} s, re-import {again:.1f} s, "
          f"peak {peak_mb:.0f} MB (SQLite)")


if __name__ == "__main__":
    main()
