"""Duplicate deliveries, a database that is down, failing listeners, hostile signatures, secrets in logs."""

import json
import logging
import time
from dataclasses import replace
from urllib.parse import urlencode

import pytest
from sqlmodel import select

from bot.server import AppServer
from storage.engine import make_engine, session_factory
from storage.tables import Match, Proposal
from tests.conftest import BOT_TOKEN, COORDINATOR, SIGNING_SECRET, Harness
from tests.test_matching_http import LEE, MENTEE, OKAFOR, dms, enrol, program  # noqa: F401  (fixture)

FORM = "application/x-www-form-urlencoded"


def command_body(user: str, text: str, trigger_id: str) -> bytes:
    return urlencode({"command": "/mentor", "text": text, "user_id": user, "user_name": user, "team_id": "T0MENTOR",
                      "channel_id": "D0DUP", "trigger_id": trigger_id,
                      "response_url": "http://127.0.0.1:9/response/none"}).encode()


def click_body(user: str, action_id: str, value: str, trigger_id: str) -> bytes:
    payload = {"type": "block_actions", "user": {"id": user}, "team": {"id": "T0MENTOR"}, "trigger_id": trigger_id,
               "container": {"type": "message", "channel_id": "D0DUP", "message_ts": "1.1"},
               "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button",
                            "action_ts": "1.2"}]}
    return urlencode({"payload": json.dumps(payload)}).encode()


def test_a_slash_command_delivered_twice_creates_one_batch(program: Harness) -> None:
    body = command_body(COORDINATOR, "match", "900.1.dup")
    first = program.slack.send_signed(body, FORM)
    second = program.slack.send_signed(body, FORM, extra_headers={"X-Slack-Retry-Num": "1"})
    assert (first.status, second.status) == (200, 200)
    program.slack.wait_for(lambda: program.slack.messages_to(COORDINATOR))
    time.sleep(0.3)
    assert len(program.slack.messages_to(COORDINATOR)) == 1
    with program.deps.sessions() as session:
        assert len({p.batch_id for p in session.exec(select(Proposal))}) == 1


def test_a_click_delivered_twice_to_two_replicas_creates_one_match_and_one_intro(program: Harness) -> None:
    slack = program.slack
    slack.slash_command(MENTEE, "/mentor", "find research")
    slack.click(MENTEE, "shortlist_pick", value=f"research:{OKAFOR}")
    slack.wait_for(lambda: slack.messages_to(OKAFOR))
    proposal = next(e["value"] for b in slack.messages_to(OKAFOR)[-1]["blocks"] if b["type"] == "actions"
                    for e in b["elements"] if e["action_id"] == "consent_accept")
    replica = AppServer(program.settings, program.deps, port=0).start_in_background()
    try:
        body = click_body(OKAFOR, "consent_accept", proposal, "901.1.dup")
        slack.send_signed(body, FORM)
        slack.app_url = f"{replica.url}/slack/events"
        slack.send_signed(body, FORM, extra_headers={"X-Slack-Retry-Num": "1"})
        slack.wait_for(lambda: slack.calls("conversations.open"))
        time.sleep(0.3)
    finally:
        replica.stop()
    intros = [c for c in slack.calls("chat.postMessage") if "intro_met" in json.dumps(c.params)]
    assert len(intros) == 1
    with program.deps.sessions() as session:
        assert len(session.exec(select(Match)).all()) == 1


def test_an_event_retried_by_slack_is_handled_once(harness: Harness) -> None:
    harness.slack.open_home(MENTEE, event_id="Ev0DUPLICATE")
    harness.slack.open_home(MENTEE, event_id="Ev0DUPLICATE", retry_num=1)
    harness.slack.wait_for(lambda: harness.slack.calls("views.publish"))
    time.sleep(0.3)
    assert len(harness.slack.calls("views.publish")) == 1
    harness.slack.open_home(MENTEE)  # a new event is handled
    harness.slack.wait_for(lambda: len(harness.slack.calls("views.publish")) == 2)


@pytest.fixture
def database_down(harness: Harness, tmp_path):
    unreachable = make_engine(f"sqlite:///{tmp_path}/missing/dir/db.sqlite")
    deps = replace(harness.deps, engine=unreachable, sessions=session_factory(unreachable))
    server = AppServer(harness.settings, deps, port=0).start_in_background()
    harness.slack.app_url = f"{server.url}/slack/events"
    yield harness
    server.stop()


def test_with_the_database_down_commands_get_a_quick_clear_answer(database_down: Harness) -> None:
    started = time.monotonic()
    answer = database_down.slack.slash_command(MENTEE, "/mentor", "profile")
    elapsed = time.monotonic() - started
    assert answer.status == 200 and elapsed < 3
    assert "temporarily unavailable" in answer.json["text"] and "Nothing you entered was lost" in answer.json["text"]


def test_a_malformed_button_value_gets_a_message_not_a_stack_trace(program: Harness) -> None:
    slack = program.slack
    slack.slash_command(MENTEE, "/mentor", "find research")
    answer = slack.send_signed(click_body(OKAFOR, "consent_accept", "not-a-number", "902.1.x"), FORM)
    assert answer.status == 200 and "Traceback" not in answer.body


def test_a_tampered_body_is_refused(harness: Harness) -> None:
    signed = command_body(MENTEE, "help", "903.1.x")
    tampered = command_body(COORDINATOR, "match", "903.1.x")
    timestamp = int(time.time())
    from bot.emulator.signing import signature

    headers = {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature(SIGNING_SECRET, timestamp, signed)}
    import urllib.error
    import urllib.request

    request = urllib.request.Request(harness.slack.app_url, data=tampered, headers={**headers, "Content-Type": FORM})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 401


def test_tokens_and_secrets_never_reach_the_logs(program: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    slack = program.slack
    slack.slash_command(MENTEE, "/mentor", "find research")
    slack.click(MENTEE, "shortlist_pick", value=f"research:{OKAFOR}")
    slack.wait_for(lambda: slack.messages_to(OKAFOR))
    slack.send_signed(command_body(MENTEE, "help", "904.1.x"), FORM, signing_secret="wrong")
    logged = caplog.text + repr(program.settings) + repr(program.deps)
    assert caplog.records  # the app did log (at DEBUG, including Bolt and slack-sdk)
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in logged


def test_a_modal_submission_delivered_twice_creates_one_goal(harness: Harness) -> None:
    from bot.profiles import ProfileBase, SlackIdentity, save_profile
    from storage.engine import transaction
    from storage.tables import Goal

    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(MENTEE, "Riley", None, "America/Toronto"), now=harness.clock.now(),
                     profile=ProfileBase(as_mentee=True, program="IM", stage="PGY-1", kinds_wanted=["career"]))
    values = {"title": {"value": {"type": "plain_text_input", "value": "Write my first abstract"}},
              "visibility": {"value": {"type": "radio_buttons", "selected_option": {"value": "all"}}},
              "status": {"value": {"type": "static_select", "selected_option": {"value": "on_track"}}}}
    payload = {"type": "view_submission", "user": {"id": MENTEE}, "team": {"id": "T0MENTOR"}, "trigger_id": "v.dup",
               "view": {"id": "V0DUP", "type": "modal", "callback_id": "goal_form", "private_metadata": "",
                        "hash": "1.a", "blocks": [{"type": "input", "block_id": "title"}], "state": {"values": values}}}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    assert harness.slack.send_signed(body, FORM).status == 200
    assert harness.slack.send_signed(body, FORM).status == 200
    values["title"]["value"]["value"] = "Write my second abstract"  # a different submission goes through
    assert harness.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(), FORM).status == 200
    with harness.deps.sessions() as session:
        assert sorted(g.title for g in session.exec(select(Goal))) == ["Write my first abstract",
                                                                      "Write my second abstract"]


def test_an_unchanged_resubmission_after_field_errors_is_answered_again(harness: Harness) -> None:
    harness.slack.slash_command(MENTEE, "/mentor", "join")
    harness.slack.wait_for(lambda: harness.slack.open_modal(MENTEE))
    first = harness.slack.submit_view(MENTEE, {"roles": ["mentee"], "program": "IM", "stage": "PGY-1"})
    second = harness.slack.submit_view(MENTEE, {"roles": ["mentee"], "program": "IM", "stage": "PGY-1"})
    assert first.json["errors"] == second.json["errors"] and "kinds_wanted" in second.json["errors"]
