"""The ready-made surveys shipped with mentorbot (YAML files in bot/surveys/templates/)."""

from __future__ import annotations

from importlib import resources
from typing import Any


TEMPLATE_SUFFIX = ".yaml"


def _folder() -> Any:
    return resources.files("bot.surveys") / "templates"


def template_names() -> list[str]:
    return sorted(entry.name.removesuffix(TEMPLATE_SUFFIX) for entry in _folder().iterdir()
                  if entry.name.endswith(TEMPLATE_SUFFIX))


def template_raw(name: str) -> dict[str, Any]:
    """The template as written (a fresh copy each time, so callers may change it)."""
    if name not in template_names():
        raise KeyError(f"no template `{name}`; templates: {', '.join(template_names())}")
    import yaml  # deferred: the scheduler's survey step imports this module, rarely reads a file

    return yaml.safe_load((_folder() / f"{name}{TEMPLATE_SUFFIX}").read_text(encoding="utf-8"))


def template_titles() -> dict[str, str]:
    return {name: str(template_raw(name)["title"]) for name in template_names()}
