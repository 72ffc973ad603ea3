"""Program changes as dated events, so trend charts can show what changed when and its effect can be seen.

Two sources, both already dated by the services that make the changes: the append-only program settings
history (cadence, reminders, alerts, consent time-out, priorities, survey settings, ...) and the audit log's
survey events (a survey created, paused, resumed or closed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.slack_access import ACCESS_KEY
from storage.queries.report import survey_change_events
from storage.queries.settings import setting_history

CATEGORIES: dict[str, str] = {
    "cadence_days": "cadence", "reminder_after_hours": "cadence", "quiet_after_cadences": "cadence",
    "consent_timeout_hours": "matching",
}
SURVEY_VERBS = {"survey.create": "started", "survey.pause": "paused", "survey.resume": "resumed",
                "survey.close": "closed"}
VALUE_CHARACTERS = 40


@dataclass(frozen=True)
class ProgramChange:
    at: datetime
    category: str  # cadence, matching, surveys or settings
    label: str  # short enough to stand beside a chart marker


def category_of(key: str) -> str:
    if key in CATEGORIES:
        return CATEGORIES[key]
    if key.startswith("survey"):
        return "surveys"
    return "matching" if key.startswith("matching") else "settings"


def _shown(value: Any) -> str:
    text = ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)
    return text if len(text) <= VALUE_CHARACTERS else text[: VALUE_CHARACTERS - 1] + "…"


def program_changes(*, session: Session, start: datetime, end: datetime) -> list[ProgramChange]:
    """Every program change from `start` (included) to `end` (excluded), oldest first."""
    changes = [ProgramChange(row.changed_at, category_of(row.key), f"{row.key} → {_shown(row.value)}")
               for row in setting_history(session=session)
               if start <= row.changed_at < end and row.key != ACCESS_KEY]  # Slack's access is not a program change
    changes += [ProgramChange(at, "surveys", f"survey {SURVEY_VERBS[action]}: {_shown(title)}")
                for at, action, title in survey_change_events(session=session) if start <= at < end]
    return sorted(changes, key=lambda change: change.at)
