"""Start-up stays cheap: the command-line workers never import the libraries only reports, charts, matching or the
HTTP app use (issue 17, goal 5), and the quick "schema at head?" check agrees with Alembic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.engine import make_engine
from storage.migrate import downgrade, head_revision, pending_migration_message, script_heads, upgrade

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "scipy", "networkx", "jinja2", "numpy", "alembic", "slack_bolt", "waitress", "icalendar",
         "recurring_ical_events", "yaml", "cryptography")

# Runs the real CLI in a fresh interpreter and prints which heavy modules were imported by the end.
PROBE = """
import atexit, json, sys
heavy = {heavy!r}
atexit.register(lambda: print("LOADED=" + json.dumps(sorted(m for m in heavy if m in sys.modules))))
sys.argv = ["mentorbot", *{args!r}]
from bot.cli import main
main()
"""


def loaded_by(args: list[str], database_url: str, tmp_path: Path) -> list[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-startup-test",
           "SLACK_API_URL": "http://127.0.0.1:9/api/", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY, args=args)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("LOADED=")]
    assert lines, f"the CLI did not finish: {done.stdout}\n{done.stderr}"
    return json.loads(lines[-1].removeprefix("LOADED="))


def test_importing_the_entry_point_loads_no_heavy_library() -> None:
    code = f"import sys, bot.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


@pytest.mark.parametrize("args", [["jobs", "run-due"], ["outbox", "work", "--until-idle"], ["--help"]])
def test_workers_run_without_charts_matching_alembic_or_bolt(args: list[str], database_url: str,
                                                             tmp_path: Path) -> None:
    assert loaded_by(args, database_url, tmp_path) == []


def test_help_loads_no_slack_client(tmp_path: Path) -> None:
    """Settings read the rate limits from bot.pacing; the pacer needs slack_sdk only when a call raises."""
    code = "import sys, bot.cli, bot.settings, bot.pacing; print('slack_sdk' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "False", done.stdout + done.stderr


def test_the_workers_modules_load_no_heavy_library() -> None:
    """What `mentorbot scheduler` and `outbox work` import before their first tick or send (the tick's steps too)."""
    code = ("import sys; import bot.cli, bot.startup, bot.scheduler, bot.outbox_worker, handlers.notifier; "
            "from bot.jobs import steps; steps(); "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_migration_heads_read_from_the_files_are_alembics() -> None:
    assert script_heads() == head_revision()


def test_quick_schema_check_still_says_what_to_run(database_maker) -> None:  # type: ignore[no-untyped-def]
    with database_maker.fresh(migrated=False) as url:
        engine = make_engine(url)
        assert pending_migration_message(engine) == f"The database is empty, not at {head_revision()}: run " \
            "`mentorbot db upgrade` first."
        upgrade(engine)
        assert pending_migration_message(engine) is None
        downgrade(engine, "0011")
        assert pending_migration_message(engine) == f"The database is at revision 0011, not at {head_revision()}: " \
            "run `mentorbot db upgrade` first."
        engine.dispose()
