"""What `.ci/run` promises beyond the tests: the type check runs, over the whole product."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_mypy_over_bot_handlers_and_storage() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    steps = [line.strip() for line in script.splitlines() if not line.strip().startswith("#")]
    assert "set -euo pipefail" in script  # a failing step fails the run
    assert any(re.fullmatch(r"\.venv/bin/mypy( .*)?", line) for line in steps), "no mypy step in .ci/run"
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert set(mypy["files"]) == {"bot", "handlers", "storage"}
    assert mypy.get("ignore_errors") is not True
