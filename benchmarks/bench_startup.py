"""How long each `mentorbot` process takes to reach its first useful work (issue 17, goal 5: 0.5 s).

Each command runs as a fresh process against a migrated SQLite database with nothing due:
- `--help`: until it exits;
- `jobs run-due`: until it has run every step once and exited;
- `outbox work --until-idle`: until it has taken the sender's lease, found nothing due and exited;
- `scheduler`: until it logs that it holds the lease and its tick is scheduled (then SIGTERM).
Beside them, a bare `python -c pass` and a process that only imports the libraries every command needs
(SQLAlchemy/SQLModel with the tables, pydantic-settings, typer, slack_sdk): the floor that deferring cannot lower.
Runs alternate command by command, so machine load hits all alike; medians are quoted, with wall and CPU time
(CPU time is less disturbed by other work on a shared machine). `--compare PATH` runs the same commands from
another checkout (e.g. the commit before a change, unpacked with `git archive`) in the same rounds and prints
the ratio. Usage: python benchmarks/bench_startup.py [--runs 7] [--compare /tmp/before]
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 0.5
COMMANDS = {
    "--help": ["--help"],
    "jobs run-due": ["jobs", "run-due"],
    "outbox work": ["outbox", "work", "--until-idle"],
    "scheduler": ["scheduler", "--tick-seconds", "60"],
}
FLOOR = "import sqlmodel, typer, pydantic_settings, slack_sdk, storage.tables"
SCHEDULER_READY = "scheduler lease taken"


def environment(tree: Path, database_url: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree), "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_API_URL": "http://127.0.0.1:9/api/"}


def timed_run(argv: list[str], env: dict[str, str], cwd: str, until_line: str | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) until it exits, or until it prints `until_line` on stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    if until_line is None:
        subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - started
    else:
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert process.stderr is not None
        wall = float("nan")
        for line in process.stderr:
            if until_line in line:
                wall = time.perf_counter() - started
                break
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def migrate(tree: Path, database_url: str) -> None:
    subprocess.run([sys.executable, "-m", "bot.cli_main", "db", "upgrade"], env=environment(tree, database_url),
                   cwd=tempfile.gettempdir(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compare", type=Path, help="another checkout to time in the same rounds (e.g. before)")
    args = parser.parse_args()
    trees = {"now": ROOT, **({"compare": args.compare.resolve()} if args.compare else {})}
    with tempfile.TemporaryDirectory() as folder:
        urls = {name: f"sqlite:///{folder}/{name}.db" for name in trees}
        for name, tree in trees.items():
            migrate(tree, urls[name])
        figures: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for round_number in range(args.runs + 1):  # the first round warms the disk cache and is not counted
            for name, tree in trees.items():
                env = environment(tree, urls[name])
                runs = [("python -c pass", [sys.executable, "-c", "pass"], None),
                        ("floor (imports)", [sys.executable, "-c", FLOOR], None)]
                runs += [(label, [sys.executable, "-m", "bot.cli_main", *argv],
                          SCHEDULER_READY if label == "scheduler" else None) for label, argv in COMMANDS.items()]
                for label, argv, until in runs:
                    if name != "now" and label in ("python -c pass", "floor (imports)"):
                        continue
                    result = timed_run(argv, env, folder, until)
                    if round_number:
                        figures.setdefault((name, label), []).append(result)
    print(f"start-up to first useful work, median of {args.runs} runs (SQLite, nothing due; goal "
          f"{GOAL_SECONDS} s; a shared machine: compare ratios)")
    for (name, label), results in figures.items():
        if name != "now":
            continue
        wall = statistics.median(w for w, _ in results)
        cpu = statistics.median(c for _, c in results)
        line = f"  {label:<18} wall {wall:5.2f} s  cpu {cpu:5.2f} s"
        if label in COMMANDS:
            line += f"  {'meets' if wall <= GOAL_SECONDS else 'misses'} the {GOAL_SECONDS} s goal"
        if ("compare", label) in figures:
            then = figures[("compare", label)]
            ratio = statistics.median(w / t for (w, _), (t, _) in zip(results, then))
            cpu_ratio = statistics.median(c / t for (_, c), (_, t) in zip(results, then))
            line += (f"; before: wall {statistics.median(w for w, _ in then):5.2f} s, cpu "
                     f"{statistics.median(c for _, c in then):5.2f} s -> ratio now/before wall {ratio:.2f}, "
                     f"cpu {cpu_ratio:.2f}")
        print(line)


if __name__ == "__main__":
    main()
