"""Global middleware: hands the app's dependencies to every listener through Bolt's context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.deps import Deps


def inject_deps(deps: Deps) -> Callable[..., Any]:
    # No DB session is opened here: Bolt's next() returns before a lazy listener runs.
    def middleware(context: dict[str, Any], next: Callable[[], Any]) -> Any:  # noqa: A002 (Bolt's name)
        context["deps"] = deps
        return next()

    return middleware
