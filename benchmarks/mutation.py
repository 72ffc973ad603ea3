"""Mutation testing of the rule modules with mutmut: each module against the tests that guard it.

Usage: python benchmarks/mutation.py [--max-children N] [--show] [MODULE ...]
       (default: every module in RULE_MODULES; --max-children caps mutmut's parallel test runs, default 2,
       for a shared machine; --show prints each survivor's diff)

Each module runs in a scratch copy of the tracked files (so the checkout is untouched), with
[tool.mutmut] narrowed to that module and its tests; prints killed / total per module and the survivors,
so each can be killed by a test or listed in tests/PROMISES.md with why it cannot change behaviour.
Not part of .ci/run: it takes minutes per module.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.90

# module -> the tests that guard its rules (fast ones first; HTTP tests where the rule lives behind Slack)
RULE_MODULES: dict[str, list[str]] = {
    "bot/matching/fit.py": ["tests/matching/test_fit.py"],
    "bot/matching/optimizer.py": ["tests/matching/test_optimizer.py"],
    "bot/privacy.py": ["tests/unit/test_privacy_edges.py", "tests/surveys/test_privacy.py",
                       "tests/surveys/test_results_and_views.py"],
    "bot/pacing.py": ["tests/unit/test_pacing.py"],
    "bot/roster/rows.py": ["tests/unit/test_roster.py", "tests/unit/test_roster_rules.py"],
    "bot/roster/importing.py": ["tests/unit/test_roster.py", "tests/unit/test_roster_rules.py"],
    "bot/roster/csv_format.py": ["tests/unit/test_roster.py", "tests/unit/test_roster_rules.py"],
    "bot/emulator/block_kit.py": ["tests/emulator/test_block_kit_rules.py"],
    "storage/queries/outbox.py": ["tests/unit/test_outbox_queries.py", "tests/test_outbox_claims.py"],
    "bot/matching/expiry.py": ["tests/matching/test_service.py"],
    "bot/matching/batch.py": ["tests/matching/test_service.py"],
    "bot/matching/consent.py": ["tests/matching/test_service.py"],
    "bot/matching/endings.py": ["tests/matching/test_service.py"],
    "bot/matching/proposals.py": ["tests/matching/test_service.py"],
    "bot/matching/requests.py": ["tests/matching/test_service.py"],
    "bot/matching/review.py": ["tests/matching/test_service.py"],
    "bot/matching/self_service.py": ["tests/matching/test_service.py"],
    "bot/matching/pruned.py": ["tests/matching/test_pruned.py"],
    "bot/timing.py": ["tests/unit/test_timing.py"],
    "bot/matching/pool.py": ["tests/matching/test_pool.py"],
    "bot/access.py": ["tests/unit/test_access.py"],
    "handlers/authorization.py": ["tests/unit/test_access.py"],
    "bot/retention.py": ["tests/unit/test_retention.py"],
    "bot/checkins.py": ["tests/unit/test_checkins.py"],
    "bot/alerts.py": ["tests/unit/test_alerts.py"],
    "bot/surveys/answers.py": ["tests/surveys/test_answers.py"],
    **{f"bot/broadcasts/{name}.py": ["tests/unit/test_broadcasts.py", "tests/unit/test_broadcast_blocks.py",
                                     "tests/unit/test_broadcast_scope.py"]
       for name in ("model", "compose", "progress")},
    "bot/surveys/results.py": ["tests/surveys/test_results.py", "tests/surveys/test_results_and_views.py"],
    "bot/scheduling/slots.py": ["tests/scheduling/test_slots.py", "tests/scheduling/test_slot_properties.py"],
    "bot/circles/formation.py": ["tests/unit/test_circle_formation.py", "tests/unit/test_circle_formation_rules.py"],
    "bot/events/schedule.py": ["tests/unit/test_event_schedule.py", "tests/unit/test_event_schedule_rules.py"],
    "storage/tenancy.py": ["tests/test_tenancy.py"],
    "bot/tenants.py": ["tests/unit/test_installations.py", "tests/test_tenancy.py"],
    "bot/meeting_ratings.py": ["tests/unit/test_meeting_ratings.py"],
    "bot/outbox_uploads.py": ["tests/unit/test_outbox_uploads.py"],
    "bot/programs.py": ["tests/unit/test_programs.py"],
    "bot/installations.py": ["tests/unit/test_installations.py"],
    "bot/scheduling/service.py": ["tests/scheduling/test_scheduling_service.py"],
    **{f"bot/agreements/{name}.py": ["tests/unit/test_agreements.py"] for name in ("service", "terms")},
    **{f"bot/agreements/{name}.py": ["tests/test_agreement_http.py", "tests/test_early_pulse_http.py",
                                     "tests/test_agreement_backfill_http.py"]
       for name in ("prompts", "pulse", "reminders", "reviews", "backfill")},
}


def narrowed(pyproject: str, module: str, tests: list[str]) -> str:
    """pyproject.toml with [tool.mutmut] mutating only module, against only tests."""
    pyproject = re.sub(r"(?m)^only_mutate = .*$", f"only_mutate = {json.dumps([module])}", pyproject)
    return re.sub(r"(?m)^pytest_add_cli_args_test_selection = .*$",
                  f"pytest_add_cli_args_test_selection = {json.dumps(tests)}", pyproject)


def run_module(module: str, tests: list[str], max_children: int = 2, show: bool = False) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="mentorbot-mutation-"))
    try:
        files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        for name in files.splitlines():
            target = scratch / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if (ROOT / name).is_file():
                shutil.copy2(ROOT / name, target)
        (scratch / "pyproject.toml").write_text(narrowed((ROOT / "pyproject.toml").read_text(), module, tests))
        mutmut = Path(sys.executable).with_name("mutmut")
        subprocess.run([mutmut, "run", "--max-children", str(max_children)], cwd=scratch, capture_output=True,
                       text=True)
        subprocess.run([mutmut, "export-cicd-stats"], cwd=scratch, capture_output=True, text=True)
        stats = json.loads((scratch / "mutants" / "mutmut-cicd-stats.json").read_text())
        results = subprocess.run([mutmut, "results"], cwd=scratch, capture_output=True, text=True).stdout
        stats["survivors"] = [line.split(":")[0].strip() for line in results.splitlines() if "survived" in line]
        if show:
            stats["diffs"] = {name: subprocess.run([mutmut, "show", name], cwd=scratch, capture_output=True,
                                                   text=True).stdout for name in stats["survivors"]}
        return stats
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("modules", nargs="*")
    options = parser.parse_args(argv)
    modules = options.modules or list(RULE_MODULES)
    print(f"{'module':40} {'caught':>7} {'total':>6} {'share':>6}")
    below = 0
    for module in modules:
        stats = run_module(module, RULE_MODULES[module], options.max_children, options.show)
        # A mutant that makes the tests hang (an endless wait) is caught too: mutmut reports it as a timeout.
        share = (stats["killed"] + stats["timeout"]) / stats["total"] if stats["total"] else 1.0
        below += share < TARGET
        print(f"{module:40} {stats['killed'] + stats['timeout']:7} {stats['total']:6} {share:6.0%}", flush=True)
        for survivor in stats["survivors"]:
            print(f"    survived: {survivor}")
            if options.show:
                print("        " + stats["diffs"][survivor].strip().replace("\n", "\n        "))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
