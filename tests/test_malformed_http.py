"""Malformed or forged signed payloads: a 400 without a stack trace, or a plain message; never a 5xx or a 404."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from tests.conftest import COORDINATOR, Harness
from tests.test_checkins_http import pairs, tick  # noqa: F401  (fixture)

FORM = "application/x-www-form-urlencoded"


def send(harness: Harness, payload: dict):  # type: ignore[no-untyped-def]
    return harness.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(), FORM)


def submission(view: object) -> dict:
    return {"type": "view_submission", "user": {"id": "URES0001"}, "team": {"id": "T0MENTOR"}, "trigger_id": "m.1",
            "view": view}


@pytest.mark.parametrize("payload", [
    submission({"id": "V1", "type": "modal", "callback_id": "goal_form", "blocks": "not a list",
                "private_metadata": "", "state": {"values": {}}}),
    submission({"id": "V2", "type": "modal", "callback_id": "goal_form", "blocks": [], "private_metadata": "",
                "state": "not a dict"}),
    submission("not a view"),
    {"type": "block_actions", "user": {"id": "URES0001"}, "team": {"id": "T0MENTOR"}, "trigger_id": "m.2",
     "actions": [{"action_id": "no_such_button", "block_id": "b", "value": "1", "type": "button", "action_ts": "1"}]},
    {"type": "view_submission", "user": {"id": "URES0001"}, "team": {"id": "T0MENTOR"}, "trigger_id": "m.3",
     "view": {"id": "V3", "type": "modal", "callback_id": "no_such_modal", "blocks": [], "state": {"values": {}}}},
    {"type": "no_such_type"},
])
def test_a_malformed_or_unroutable_payload_gets_400_without_a_trace(harness: Harness, payload: dict) -> None:
    answer = send(harness, payload)
    assert answer.status == 400, (answer.status, answer.body)
    assert "Traceback" not in answer.body and "Error" not in answer.body


def test_a_forged_nudge_value_gets_a_plain_message(pairs: Harness) -> None:  # noqa: F811
    for value in ("not-a-number", "1²", "99999"):
        send(pairs, {"type": "block_actions", "user": {"id": COORDINATOR}, "team": {"id": "T0MENTOR"},
                     "trigger_id": f"n.{value}", "container": {"type": "message", "channel_id": "D1", "message_ts": "1"},
                     "actions": [{"action_id": "alert_nudge", "block_id": "b", "value": value, "type": "button",
                                  "action_ts": "1"}]})
    replies = pairs.slack.wait_for(lambda: [m["text"] for m in pairs.slack.messages_to(COORDINATOR)][2:] or None
                                   if len(pairs.slack.messages_to(COORDINATOR)) >= 3 else None)
    texts = [m["text"] for m in pairs.slack.messages_to(COORDINATOR)]
    assert len(texts) == 3 and not any("invalid literal" in t or "int()" in t for t in texts), texts
    assert sum("doesn't name an alert" in t for t in texts) == 2 and sum("already resolved" in t for t in texts) == 1


def test_a_forged_match_status_in_the_new_survey_modal_gets_a_plain_field_error(harness: Harness) -> None:
    """The match-status menu offers three choices; a modified client can send any string instead."""
    from tests.surveys.test_creation_http import open_new_survey_modal
    from tests.test_input_limits_http import forged_submission, submit

    open_new_survey_modal(harness)
    for forged in ("sometimes", "__class__", " "):
        answer = submit(harness, forged_submission(COORDINATOR, "survey_new", {
            "title": "Pulse", "questions": "likert: I am well.", "audience_matched": forged}))
        assert answer["response_action"] == "errors", (forged, answer)
        assert answer["errors"]["audience_matched"] == ("Choose one of: Matched or not; Only people with a current "
                                                        "match; Only people without a match.")
    assert harness.slack.messages_to(COORDINATOR) == []  # no survey created, no "something went wrong"
