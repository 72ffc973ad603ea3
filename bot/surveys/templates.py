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
        raise KeyError(f"no template `{name}`; templates: {', '.join(template_names())}")  # not text: a KeyError
    import yaml  # deferred: the scheduler's survey step imports this module, rarely reads a file

    return yaml.safe_load((_folder() / f"{name}{TEMPLATE_SUFFIX}").read_text(encoding="utf-8"))


def template_titles() -> dict[str, str]:
    """Each template's title in the language being rendered."""
    from bot.surveys.translations import survey_text

    return {name: survey_text(str(raw["title"]), raw.get("translations"), "title")
            for name, raw in ((name, template_raw(name)) for name in template_names())}


def template_note(name: str) -> str | None:
    """How the template's text in the language being rendered was made (e.g. an unvalidated translation)."""
    from bot.i18n import current_language

    return (template_raw(name).get("translations") or {}).get(current_language(), {}).get("note")
