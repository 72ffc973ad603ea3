"""Benchmark the slot finder: two people with busy calendars, the two weeks "Find a time" looks at.

Run from the repository root: python benchmarks/bench_slots.py [--busy N] [--rounds R]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.scheduling.availability_text import parse_windows  # noqa: E402
from bot.scheduling.slots import Calendar, common_slots  # noqa: E402

START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def busy_blocks(count: int, rng: random.Random) -> tuple[tuple[datetime, datetime], ...]:
    """`count` blocks of 30 minutes to 12 hours (meetings, clinics, nights) over four weeks."""
    blocks = []
    for _ in range(count):
        start = START + timedelta(minutes=30 * rng.randrange(4 * 7 * 48))
        blocks.append((start, start + timedelta(minutes=30 * rng.randint(1, 24))))
    return tuple(blocks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--busy", type=int, default=200, help="busy blocks per person")
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    windows = tuple(parse_windows("mon-fri 07:00-09:00\nmon-fri 12:00-13:00\nmon-fri 17:00-20:00\nsat 09:00-12:00"))
    people = (Calendar("America/Toronto", windows, busy_blocks(args.busy, rng)),
              Calendar("Europe/London", windows, busy_blocks(args.busy, rng)))
    began = time.perf_counter()
    for _ in range(args.rounds):
        found = common_slots(people, start=START + timedelta(days=1), end=START + timedelta(days=15))
    per_call = (time.perf_counter() - began) / args.rounds
    print(f"two people, {args.busy} busy blocks each, two weeks: {per_call * 1000:.2f} ms per search "
          f"({args.rounds} rounds), {len(found)} slots")


if __name__ == "__main__":
    main()
