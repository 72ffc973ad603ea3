"""A busy or down database: every kind of request is answered where Slack shows it, with what to do next."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.server import AppServer
from storage.engine import make_engine, session_factory
from tests.clicks import capture_click, send_at_once
from tests.conftest import Harness
from tests.databases import is_postgres
from tests.test_matching_http import MENTEE, OKAFOR, program  # noqa: F401  (fixture)


def health(harness: Harness) -> tuple[int, dict]:
    url = harness.slack.app_url.replace("/slack/events", "/healthz")
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


@pytest.fixture
def write_lock_held(harness: Harness) -> Iterator[Harness]:
    """Another process holds SQLite's write lock (a long import, a backup gone wrong)."""
    if is_postgres():
        pytest.skip("SQLite's single write lock")
    holder = sqlite3.connect(harness.settings.database_url.removeprefix("sqlite:///"), timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    yield harness
    holder.rollback()
    holder.close()


def test_a_locked_database_gets_a_busy_reply_with_a_retry_hint_and_healthz_says_locked(write_lock_held: Harness) -> None:
    answer = write_lock_held.slack.slash_command(MENTEE, "/mentor", "join")
    assert "busy" in answer.json["text"] and "try again in a few seconds" in answer.json["text"]
    assert health(write_lock_held) == (503, {"ok": False, "database": "locked"})


def test_healthz_is_up_once_the_lock_is_released(harness: Harness) -> None:
    assert health(harness) == (200, {"ok": True, "database": "up", "slack_refused_messages": 0})


@pytest.fixture
def goes_down(program: Harness, tmp_path) -> Iterator[Harness]:  # noqa: F811
    """The program's database stops answering (requests then reach a server whose database is unreachable)."""
    unreachable = make_engine(f"sqlite:///{tmp_path}/missing/dir/db.sqlite")
    deps = replace(program.deps, engine=unreachable, sessions=session_factory(unreachable))
    server = AppServer(program.settings, deps, port=0).start_in_background()
    working = program.slack.app_url

    def down() -> None:
        program.slack.app_url = f"{server.url}/slack/events"

    program.down = down  # type: ignore[attr-defined]
    yield program
    program.slack.app_url = working
    server.stop()


def test_during_an_outage_a_click_is_answered_through_its_response_url(goes_down: Harness) -> None:
    slack = goes_down.slack
    slack.slash_command(MENTEE, "/mentor", "find research")
    pick = capture_click(slack, MENTEE, "shortlist_pick", value=f"research:{OKAFOR}")
    goes_down.down()  # type: ignore[attr-defined]
    (answer,) = send_at_once(slack, [pick])
    assert answer.status == 200 and answer.body == ""  # Slack shows nothing from a click's ack body
    slack.wait_for(lambda: any("temporarily unavailable" in json.dumps(r) for r in slack.responses()))


def test_during_an_outage_a_home_click_is_answered_by_dm(goes_down: Harness) -> None:
    slack = goes_down.slack
    slack.open_home(MENTEE)
    slack.wait_for(lambda: slack.home_view(MENTEE))
    goes_down.down()  # type: ignore[attr-defined]
    answer = slack.click(MENTEE, "home_find_mentor") if "home_find_mentor" in json.dumps(slack.home_view(MENTEE)) \
        else slack.click(MENTEE, "home_edit_profile")
    assert answer.status == 200 and answer.body == ""
    slack.wait_for(lambda: any("temporarily unavailable" in m["text"] for m in slack.messages_to(MENTEE)))


def test_during_an_outage_a_modal_submission_gets_the_message_on_its_field(goes_down: Harness) -> None:
    slack = goes_down.slack
    slack.slash_command(MENTEE, "/mentor", "goals")
    slack.wait_for(lambda: slack.open_modal(MENTEE))
    slack.click(MENTEE, "goals_add")
    slack.wait_for(lambda: slack.open_modal(MENTEE)["callback_id"] == "goal_form")
    goes_down.down()  # type: ignore[attr-defined]
    answer = slack.submit_view(MENTEE, {"title": "Present at grand rounds", "status": "on_track"})
    assert answer.json["response_action"] == "errors"
    assert "temporarily unavailable" in next(iter(answer.json["errors"].values()))
