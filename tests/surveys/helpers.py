"""Small helpers for survey tests: enrol people, define surveys, run the scheduler at chosen instants."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bot.emulator import EmulatedUser
from bot.jobs import run_due
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from bot.surveys.service import create_survey, definition_from
from storage.engine import transaction
from tests.conftest import Harness

EDMONTON = ZoneInfo("America/Edmonton")
UTC = ZoneInfo("UTC")
OPENING_DAY = date(2026, 10, 6)  # the first Tuesday of October 2026


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, tz: ZoneInfo = UTC) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def enrol(harness: Harness, slack_id: str, name: str, *, tz: str = "America/Edmonton", program: str = "Internal Medicine",
          stage: str = "PGY-1", mentee: bool = True, mentor: bool = False) -> None:
    """A workspace member who joined the program (mentors get a faculty stage unless told otherwise)."""
    if slack_id not in {user.id for user in harness.slack.users()}:
        harness.slack.add_user(EmulatedUser(id=slack_id, name=name.lower().split()[-1], real_name=name, tz=tz))
    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(slack_id, name, None, tz),
                     profile=ProfileBase(as_mentee=mentee, as_mentor=mentor, program=program, stage=stage,
                                          kinds_wanted=["career"] if mentee else [],
                                          kinds_offered=["career"] if mentor else []),
                     now=harness.clock.now())


def define(harness: Harness, raw: dict[str, Any]) -> int:
    """Create a survey from a raw definition, as `mentorbot survey load` does; returns its id."""
    now = harness.clock.now()
    with transaction(harness.deps.sessions) as session:
        definition = definition_from(session=session, raw=raw, timezone="America/Edmonton",
                                     today=now.astimezone(EDMONTON).date(), source="test")
        return create_survey(session=session, definition=definition, actor="test", now=now).id or 0


def tick(harness: Harness, instant: datetime) -> None:
    """Move the clock and run the scheduler's tick there (which also delivers the outbox)."""
    harness.clock.set(instant)
    assert run_due(harness.deps, instant) == []


def dms(harness: Harness, user: str) -> list[str]:
    return [json.dumps(message, ensure_ascii=False) for message in harness.slack.messages_to(user)]


def forge_click(harness: Harness, user: str, action_id: str, value: str) -> None:
    """A signed click on a button the person no longer sees (an old copy of a message, a second device)."""
    payload = {"type": "block_actions", "user": {"id": user}, "team": {"id": "T0MENTOR"}, "trigger_id": f"9.{value}",
               "container": {"type": "message", "channel_id": harness.slack.dm_channel_id(user), "message_ts": "1.1"},
               "actions": [{"action_id": action_id, "block_id": "forged", "value": value, "type": "button",
                            "action_ts": "1"}]}
    harness.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded")


ONE_QUESTION = {
    "title": "Quick pulse", "kind": "wellbeing", "anonymous": False, "audience": "everyone",
    "schedule": {"once": "2026-10-06", "open_days": 7, "reminder_after_days": 3},
    "questions": [{"key": "burnout", "type": "likert", "scale": "mbi_frequency",
                   "text": "I feel burned out from my work."}],
}
