"""The app as Slack sees it: signed requests in, answers and Web API calls out."""

import json
from dataclasses import replace
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

from bot.server import AppServer
from storage.engine import make_engine, session_factory
from storage.queries.audit import audit_events
from storage.queries.people import count_people
from tests.conftest import COORDINATOR, SIGNING_SECRET, Harness

RESIDENT = "URES0001"


def ephemeral_texts(harness: Harness, user: str) -> list[str]:
    return [json.dumps(message) for message in harness.slack.ephemerals_to(user)]


def test_help_reaches_slack_with_commands_for_the_persons_roles(harness: Harness) -> None:
    answer = harness.slack.slash_command(RESIDENT, "/mentor", "help")
    assert answer.status == 200
    (shown,) = ephemeral_texts(harness, RESIDENT)
    assert "/mentor help" in shown
    assert "not enrolled yet" in shown


def test_bare_command_is_help(harness: Harness) -> None:
    harness.slack.slash_command(COORDINATOR, "/mentor", "")
    (shown,) = ephemeral_texts(harness, COORDINATOR)
    assert "/mentor help" in shown
    assert "not enrolled yet" not in shown  # coordinators from settings are enrolled


def test_unknown_subcommand_names_it_and_suggests_the_closest(harness: Harness) -> None:
    harness.slack.slash_command(RESIDENT, "/mentor", "hlep me")
    (shown,) = ephemeral_texts(harness, RESIDENT)
    assert "I don't know `hlep`" in shown
    assert "Did you mean `/mentor help`?" in shown


def test_unreadable_command_text_gets_a_clear_answer(harness: Harness) -> None:
    harness.slack.slash_command(RESIDENT, "/mentor", 'find "research')
    (shown,) = ephemeral_texts(harness, RESIDENT)
    assert "couldn't read that command" in shown


def _form(user: str) -> bytes:
    return urlencode({"command": "/mentor", "text": "help", "user_id": user, "team_id": "T0MENTOR",
                      "channel_id": "C1", "trigger_id": "1.2.3", "response_url": "http://127.0.0.1:9/x"}).encode()


def _state(harness: Harness) -> tuple[int, int]:
    with harness.deps.sessions() as session:
        return count_people(session=session), len(audit_events(session=session))


def test_bad_signature_and_stale_timestamp_get_401_and_change_nothing(harness: Harness) -> None:
    before = _state(harness)
    calls_before = len(harness.slack.calls())
    wrong_secret = harness.slack.send_signed(_form(RESIDENT), "application/x-www-form-urlencoded",
                                             signing_secret="not-the-secret")
    stale = harness.slack.send_signed(_form(RESIDENT), "application/x-www-form-urlencoded",
                                      timestamp=int(time.time()) - 301, signing_secret=SIGNING_SECRET)
    unsigned = urllib.request.Request(harness.slack.app_url, data=_form(RESIDENT), method="POST")
    try:
        urllib.request.urlopen(unsigned, timeout=5)
        unsigned_status = 200
    except urllib.error.HTTPError as refused:
        unsigned_status = refused.code
    assert (wrong_secret.status, stale.status, unsigned_status) == (401, 401, 401)
    assert _state(harness) == before
    assert len(harness.slack.calls()) == calls_before
    assert harness.slack.ephemerals_to(RESIDENT) == []


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_health_is_200_with_the_database_up(harness: Harness) -> None:
    assert _get(f"{harness.server.url}/healthz") == (200, {"ok": True, "database": "up", "slack_refused_messages": 0})


def test_health_is_503_with_the_database_down(harness: Harness, tmp_path) -> None:
    unreachable = make_engine(f"sqlite:///{tmp_path}/no/such/dir/db.sqlite")
    deps = replace(harness.deps, engine=unreachable, sessions=session_factory(unreachable))
    server = AppServer(harness.settings, deps, port=0).start_in_background()
    try:
        assert _get(f"{server.url}/healthz") == (503, {"ok": False, "database": "down"})
    finally:
        server.stop()
