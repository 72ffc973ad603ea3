"""CPython 3.11 before 3.11.8 can fail `ast.parse` with "SystemError: AST constructor recursion depth mismatch" when
the garbage collector runs a finalizer while the tree is being built (python/cpython gh-106905, fixed in 3.11.8 by
#112849; pytest-dev/pytest#10763). In this suite the finalizer is SQLAlchemy returning a connection that a test left
to the collector, and the parse is a source scan (tests/test_layers.py and friends) or pytest's assertion rewriting.
Parsing with the collector paused avoids it; nothing else changes."""

from __future__ import annotations

import ast
import gc
import sys
from typing import Any

_parse = ast.parse


def _parse_with_the_collector_paused(*args: Any, **kwargs: Any) -> Any:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(*args, **kwargs)
    finally:
        if was_enabled:
            gc.enable()


def guard_ast_parse() -> None:
    if (3, 11) <= sys.version_info[:3] < (3, 11, 8):
        ast.parse = _parse_with_the_collector_paused  # type: ignore[assignment]
