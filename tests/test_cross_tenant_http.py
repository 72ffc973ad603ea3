"""Two workspaces installed on one mentorbot, each a whole program (people, a match, a survey with an open round, an
announcement, a resource, a speed-mentoring event, a circle theme), and workspace B trying every surface: each
/mentor subcommand (the table below must name every one in bot/commands.SUBCOMMANDS), App Home, every registered
button action and modal submission forged with A's ids, the report, my-data, survey results and the recognition list.
Nothing of A may appear in anything the emulator received for B, and each tenant's scheduled messages go out with its
own token to its own people."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import pytest

import handlers.actions
import handlers.views
from bot.broadcasts.compose import compose, confirm
from bot.broadcasts.model import Announcement, Audience, Schedule
from bot.clock import ManualClock
from bot.commands import SUBCOMMANDS
from bot.emulator import EmulatedUser, SlackEmulator
from bot.resources import add, checked_draft
from handlers.blocks.broadcasts import build_announcement
from storage.engine import transaction
from storage.tenancy import DEFAULT_TENANT_ID, tenant_scope
from tests.conftest import COORDINATOR
from tests.oauth_harness import OAuthHarness, oauth_harness
from tests.surveys.helpers import define, enrol, tick
from tests.test_checkins_http import match
from tests.test_tenancy_http import SOUTH_COORDINATOR, install_south, south_tenant

NORTH = "Northmarker"  # in every name and title of A's program: none of it may reach B
SOUTH = "Southmarker"
OPENING = datetime(2026, 10, 6, 16, tzinfo=UTC)  # the first Tuesday of October: both surveys' rounds open

# Every /mentor subcommand, tried from B by a coordinator and a mentee, naming A's things where it takes any
# ({match}, {survey}, {event}, {theme} are A's ids; {mentee} and {mentor} A's people).
CROSS_TENANT_TRIES: dict[str, tuple[str, ...]] = {
    "help": ("help",),
    "join": ("join",),
    "profile": ("profile",),
    "find": ("find career",),
    "flash": ("flash research", "flash offer 2"),
    "goals": ("goals",),
    "idp": ("idp",),
    "met": ("met <@{mentor}>", "met <@{mentee}> 2026-10-01 30"),
    "availability": ("availability",),
    "cadence": ("cadence <@{mentor}> 7",),
    "rematch": ("rematch",),
    "match": ("match",),
    "end": ("end <@{mentee}> <@{mentor}>",),
    "conflict": ("conflict <@{mentee}> supervisor",),
    "my-data": ("my-data",),
    "my-record": ("my-record",),
    "leave": ("leave",),
    "roster": ("roster", "roster export"),
    "coordinator": ("coordinator",),
    "settings": ("settings",),
    "tags": ("tags",),
    "report": ("report", "report 2026-07-01 2026-12-31"),
    "recognition": ("recognition", "recognition 2026"),
    "survey": ("survey list", "survey results {survey}", "survey results {survey} 1", "survey pause {survey}"),
    "resources": ("resources",),
    "programs": ("programs",),
    "circle": ("circle join {theme}", "circle form {theme}", "circle approve {theme}"),
    "event": ("event schedule {event}", "event picks {event}", "event close {event}"),
    "announce": ("announce",),
}

SOUTH_MENTEE = EmulatedUser(id="USOUTH02", name="sam", real_name=f"Sam {SOUTH}")
SOUTH_MENTOR = EmulatedUser(id="USOUTH03", name="sue", real_name=f"Sue {SOUTH}")
NORTH_MENTEE = EmulatedUser(id="UNORTH02", name="nora", real_name=f"Nora {NORTH}")
NORTH_MENTOR = EmulatedUser(id="UNORTH03", name="ned", real_name=f"Ned {NORTH}")


def test_the_table_names_every_subcommand() -> None:
    assert set(CROSS_TENANT_TRIES) == {sub.name for sub in SUBCOMMANDS}


@pytest.fixture
def app(database_url: str, clock: ManualClock) -> Iterator[OAuthHarness]:
    yield from oauth_harness(database_url, clock)


def a_program(app: OAuthHarness, slack: SlackEmulator, tenant: int, coordinator: str, mentee: EmulatedUser,
              mentor: EmulatedUser, marker: str) -> dict[str, Any]:
    """A whole program in its tenant, every name carrying its marker; the ids of what it made."""
    deps = app.server.deps
    program = SimpleNamespace(slack=slack, deps=deps, clock=app.clock)
    now = app.clock.now()
    with tenant_scope(tenant):
        enrol(program, mentee.id, mentee.real_name, program=f"{marker} Medicine")  # type: ignore[arg-type]
        enrol(program, mentor.id, mentor.real_name, program=f"{marker} Medicine", stage="associate_professor",  # type: ignore[arg-type]
              mentee=False, mentor=True)
        match_id = match(program, mentee.id, mentor.id)  # type: ignore[arg-type]
        survey = define(program, {  # type: ignore[arg-type]
            "key": marker.lower(), "title": f"{marker} pulse", "anonymous": False, "audience": "mentees",
            "schedule": {"cron": {"day": "1st tue"}, "open_days": 5, "reminder_after_days": 2},
            "questions": [{"key": "supported", "type": "likert", "text": f"{marker}: I feel supported."}]})
        add(sessions=deps.sessions, actor=coordinator, now=now, draft=checked_draft(
            title=f"{marker} research guide", url="https://med.example.org/guide", kinds=["career"], stages=[]))
        with transaction(deps.sessions) as session:
            draft = compose(session=session, author=coordinator, audience=Audience("everyone"),
                            announcement=Announcement(f"{marker} announcement", (), coordinator), schedule=Schedule(),
                            program_timezone="America/Edmonton", now=now)
            confirm(session=session, broadcast_id=draft.broadcast_id, render=build_announcement, now=now)
    event = _created(slack, coordinator, f"event new 2030-05-04 17:00 virtual 2 8 {marker} speed night", "Event ")
    theme = _created(slack, coordinator, f"circle theme 4-4 14 {marker} circle", "Theme ")
    return {"match": match_id, "survey": survey, "event": event, "theme": theme, "mentee": mentee.id,
            "mentor": mentor.id}


def _created(slack: SlackEmulator, coordinator: str, text: str, label: str) -> int:
    before = len(slack.ephemerals_to(coordinator))
    slack.slash_command(coordinator, "/mentor", text)
    said = json.dumps(slack.wait_for(lambda: slack.ephemerals_to(coordinator)[before:]))
    found = re.search(label + r"#?(\d+)", said)
    assert found, said
    return int(found.group(1))


@pytest.fixture
def programs(app: OAuthHarness) -> tuple[SlackEmulator, dict[str, Any]]:
    app.clock.set(datetime(2026, 10, 5, 15, tzinfo=UTC))
    app.slack.install(COORDINATOR, app.install_url)
    south = install_south(app)
    for user in (NORTH_MENTEE, NORTH_MENTOR):
        app.slack.add_user(user)
    for user in (SOUTH_MENTEE, SOUTH_MENTOR):
        south.add_user(user)
    north = a_program(app, app.slack, DEFAULT_TENANT_ID, COORDINATOR, NORTH_MENTEE, NORTH_MENTOR, NORTH)
    a_program(app, south, south_tenant(app), SOUTH_COORDINATOR.id, SOUTH_MENTEE, SOUTH_MENTOR, SOUTH)
    tick(SimpleNamespace(deps=app.server.deps, clock=app.clock), OPENING)  # type: ignore[arg-type]  # every tenant, then the outbox
    return south, north


def received(slack: SlackEmulator, answers: list[Any]) -> str:
    """Everything a workspace's emulator received from the app, and the app's answers to its requests."""
    seen = [call.params for call in slack.calls()] + slack.responses() + slack.files() + answers
    return json.dumps(seen, default=str, ensure_ascii=False)


def test_scheduled_messages_go_to_each_tenants_people_with_its_token(
        app: OAuthHarness, programs: tuple[SlackEmulator, dict[str, Any]]) -> None:
    south, _ = programs
    north_dms = json.dumps(app.slack.messages_to(NORTH_MENTEE.id), ensure_ascii=False)
    south_dms = json.dumps(south.messages_to(SOUTH_MENTEE.id), ensure_ascii=False)
    assert f"{NORTH} pulse" in north_dms and f"{NORTH} announcement" in north_dms
    assert f"{SOUTH} pulse" in south_dms and f"{SOUTH} announcement" in south_dms
    assert NORTH not in received(south, []) and SOUTH not in received(app.slack, [])
    assert south.refusals() == []


def test_nothing_of_workspace_a_reaches_workspace_b_on_any_surface(
        app: OAuthHarness, programs: tuple[SlackEmulator, dict[str, Any]]) -> None:
    south, north = programs
    answers: list[Any] = []
    for who in (SOUTH_COORDINATOR.id, SOUTH_MENTEE.id):
        for texts in CROSS_TENANT_TRIES.values():
            for text in texts:
                answer = south.slash_command(who, "/mentor", text.format(**north))
                assert answer.status == 200, (text, answer.body)
                answers.append(answer.body)
        south.open_home(who)
    for action_id in registered_actions():
        for value in _values(north):
            answers.append(forge(south, SOUTH_COORDINATOR.id, "block_actions", {
                "actions": [{"action_id": action_id, "block_id": "forged", "value": value, "type": "button",
                             "action_ts": "1"}],
                "container": {"type": "message", "channel_id": south.dm_channel_id(SOUTH_COORDINATOR.id),
                              "message_ts": "1.1"}}))
    for callback_id in registered_views():
        for value in _values(north):
            answers.append(forge(south, SOUTH_COORDINATOR.id, "view_submission", {"view": {
                "id": f"VFORGED{len(answers)}", "callback_id": callback_id, "private_metadata": value,
                "state": {"values": {}}, "blocks": [], "type": "modal"}}))
    drain_all(app)
    south.wait_for(lambda: True)

    seen = received(south, answers)
    leaks = [seen[max(0, m.start() - 300):m.end() + 100] for m in re.finditer(NORTH, seen)]
    assert leaks == []
    shared = {f["filename"].split("-2026")[0] for f in south.files()}
    assert {"mentorbot-report", "mentorbot-my-data.json", "mentor-recognition", "roster.csv"} <= shared  # they ran
    assert f"{SOUTH} pulse" in json.dumps(south.messages_to(SOUTH_MENTEE.id), ensure_ascii=False)


def _values(north: dict[str, Any]) -> list[str]:
    """A's ids as a forged button or modal would carry them."""
    ids = [str(north[key]) for key in ("match", "survey", "event", "theme")]
    return [*ids, f"{north['survey']}:", json.dumps({"match_id": north["match"], "survey_id": north["survey"]})]


def forge(slack: SlackEmulator, user: str, kind: str, fields: dict[str, Any]) -> str:
    """A signed interaction from B's workspace naming A's ids (an old copy of a message, a crafted request)."""
    payload = {"type": kind, "user": {"id": user}, "team": {"id": slack.team_id}, "trigger_id": f"9.{kind}",
               **fields}
    result = slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(),
                               "application/x-www-form-urlencoded")
    return f"{result.status} {result.body}"


class _Recorder:
    def __init__(self) -> None:
        self.actions: list[str] = []
        self.views: list[str] = []

    def action(self, matcher: Any) -> Any:
        self.actions.append(_an_instance(matcher))
        return lambda listener: listener

    def view(self, matcher: Any) -> Any:
        self.views.append(_an_instance(matcher))
        return lambda listener: listener

    def __getattr__(self, name: str) -> Any:  # any other registration (options, view_closed, ...)
        return lambda *args, **kwargs: (lambda listener: listener)


def _an_instance(matcher: Any) -> str:
    """An id the matcher matches: the string itself, or a regex's prefix with one allowed tail."""
    if isinstance(matcher, str):
        return matcher
    if isinstance(matcher, dict):
        return str(matcher.get("callback_id") or matcher.get("action_id"))
    pattern = matcher.pattern.strip("^$")
    return re.sub(r"\[0-9\]\+", "1", re.sub(r"\[a-z_\]\+", "x", pattern))


def registered_actions() -> list[str]:
    recorder = _Recorder()
    handlers.actions.register(recorder)  # type: ignore[arg-type]
    return recorder.actions


def registered_views() -> list[str]:
    recorder = _Recorder()
    handlers.views.register(recorder)  # type: ignore[arg-type]
    return recorder.views


def drain_all(app: OAuthHarness) -> None:
    from bot.outbox_worker import send_queued

    send_queued(app.server.deps)
