"""One scheduler tick on a generated program: 2,000 to 100,000 people, 5% of them with a check-in due.

Each step's time is printed (the outbox delivery step is left out: it is paced by Slack's limits and
measured by bench_broadcast.py), the tick at 20,000 people beside the goal (issue 17: 0.3 s), and the
largest program again with as many due as the smallest, to show that each step's cost follows who is due,
not how many people there are. A tick handles at most 500 due check-ins (storage.queries.care.due_checkins);
the rest go in the next tick. Usage: python benchmarks/bench_scheduler_tick.py [--sizes 2000,20000,100000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from bot.app import build_deps  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.jobs import steps  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402
from storage.engine import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.tables import CheckIn, Match, MenteeProfile, MentorProfile, Person  # noqa: E402

NOW = datetime(2026, 10, 14, 16, 0, tzinfo=UTC)  # a Wednesday: 10:00 in Edmonton
ZONES = ["America/Edmonton", "America/Toronto", "America/Vancouver", "America/Halifax"]
CPU: dict[str, float] = {}


def populate(url: str, people: int, due_share: float, seed: int = 3) -> None:
    rng = random.Random(seed)
    engine = make_engine(url)
    upgrade(engine)
    mentors = people // 4
    with engine.begin() as db:
        db.execute(insert(Person), [_person(n, n < mentors, rng) for n in range(people)])
        db.execute(insert(MentorProfile), [{"person_id": n + 1, "kinds_offered": ["career"], "expertise": [],
                                            "capacity_total": 5, "capacity_per_kind": {}, "updated_at": NOW}
                                           for n in range(mentors)])
        db.execute(insert(MenteeProfile), [{"person_id": n + 1, "interests": [], "interests_note": "",
                                            "kinds_wanted": ["career"], "meeting_mode": "either", "cadence_days": 30,
                                            "concordance": [], "updated_at": NOW} for n in range(mentors, people)])
        matches = [{"mentee_id": n + 1, "mentor_id": (n % mentors) + 1, "kind": "career", "status": "active",
                    "cadence_days": 30, "reasons": [], "started_at": NOW - timedelta(days=20)}
                   for n in range(mentors, people)]
        db.execute(insert(Match), matches)
        due_matches = set(rng.sample(range(len(matches)), int(people * due_share / 2)))  # 2 people per check-in pair
        db.execute(insert(CheckIn), [{"match_id": m + 1, "role": role, "cycle": 1, "status": "due",
                                      "due_at": NOW - timedelta(minutes=5) if m in due_matches else NOW + timedelta(days=10),
                                      "program_note": ""} for m in range(len(matches)) for role in ("mentee", "mentor")])
    engine.dispose()


def _person(n: int, mentor: bool, rng: random.Random) -> dict:
    return {"slack_user_id": f"U{n:09d}", "display_name": f"Person {n}", "email": None, "timezone": rng.choice(ZONES),
            "program": "Internal Medicine", "stage": "associate_professor" if mentor else "PGY-2",
            "is_mentee": not mentor, "is_mentor": mentor, "is_coordinator": False, "active": True,
            "created_at": NOW, "updated_at": NOW}


def tick_times(url: str) -> dict[str, float]:
    settings: Settings = load_settings(Settings, slack_bot_token="xoxb-bench", slack_signing_secret="s",
                                       slack_api_url="http://127.0.0.1:9/api/", database_url=url)
    deps = build_deps(settings, ManualClock(NOW))
    times = {}
    cpu = 0.0
    for name, step in steps():
        if name == "outbox.deliver":
            continue
        started, started_cpu = time.perf_counter(), time.process_time()
        step(deps, NOW)
        times[name] = time.perf_counter() - started
        cpu += time.process_time() - started_cpu
    deps.engine.dispose()
    CPU[url] = cpu  # the tick's CPU time: less disturbed than wall time by other work on a shared machine
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,20000,100000")
    parser.add_argument("--due-share", type=float, default=0.05)
    args = parser.parse_args()
    results = {}
    for people in (int(size) for size in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            populate(url, people, args.due_share)
            times = tick_times(url)
            cpu = CPU[url]
        results[people] = times
        detail = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in times.items())
        print(f"{people:>6} people ({int(people * args.due_share)} due): tick {sum(times.values()):.2f} s "
              f"(CPU {cpu:.2f} s)  [{detail}]")
    small, large = min(results), max(results)
    with tempfile.TemporaryDirectory() as folder:  # same number due as the smallest program, many times the people
        url = f"sqlite:///{folder}/bench.db"
        populate(url, large, args.due_share * small / large)
        same_due = tick_times(url)
    print(f"{large:>6} people ({int(small * args.due_share)} due): tick {sum(same_due.values()):.2f} s, check-in step "
          f"{same_due['checkins.send'] * 1000:.0f} ms, alerts {same_due['alerts.raise'] * 1000:.0f} ms (vs "
          f"{sum(results[small].values()):.2f} s, {results[small]['checkins.send'] * 1000:.0f} ms, "
          f"{results[small]['alerts.raise'] * 1000:.0f} ms with {small} people): ratio "
          f"x{sum(same_due.values()) / sum(results[small].values()):.1f} for x{large // small} the people")
    growth = sum(results[large].values()) / sum(results[small].values())
    checkin_growth = results[large]["checkins.send"] / results[small]["checkins.send"]
    goal = f"; at 20000 people: tick {sum(results[20000].values()):.2f} s (goal 0.3 s)" if 20000 in results else ""
    print(f"bench_scheduler_tick: {large} people, 5% due: tick {sum(results[large].values()):.2f} s{goal}; "
          f"{small}->{large} people (x{large // small}): tick x{growth:.1f}, check-in step x{checkin_growth:.1f} (SQLite)")


if __name__ == "__main__":
    main()
