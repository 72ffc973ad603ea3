"""Input limits before anything is acknowledged: every free-text field's limit is its column's length, checked
on the server and shown where Slack shows it; numbers are ASCII digits only; command text is capped before parsing."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from bot.commands import MAX_COMMAND_CHARS
from storage.limits import max_chars
from storage.queries.people import get_person
from storage.tables import Goal, Person
from tests.conftest import COORDINATOR, Harness
from tests.test_checkins_http import pairs  # noqa: F401  (fixture)
from tests.test_people_http import MENTEE_FORM

RESIDENT, TORONTO = "URES0001", "URES0001"
PROGRAM_LIMIT = max_chars(Person, "program")


def forged_submission(user: str, callback_id: str, values: dict[str, str], metadata: str = "") -> dict:
    """A submission as a modified client could send it: Slack's own max_length is not a server-side check."""
    return {"type": "view_submission", "user": {"id": user}, "team": {"id": "T0MENTOR"}, "trigger_id": f"t.{callback_id}",
            "view": {"id": f"V{callback_id}", "type": "modal", "callback_id": callback_id, "private_metadata": metadata,
                     "blocks": [{"type": "input", "block_id": name, "label": {"type": "plain_text", "text": name},
                                 "element": {"type": "plain_text_input", "action_id": "value"}} for name in values],
                     "state": {"values": {name: {"value": {"type": "plain_text_input", "value": value}}
                                          for name, value in values.items()}}}}


def submit(harness: Harness, payload: dict) -> dict:
    answer = harness.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(),
                                       "application/x-www-form-urlencoded")
    assert answer.status == 200, answer.body
    return answer.json or {}


def test_an_over_long_program_is_shown_on_the_field_and_nothing_is_saved(harness: Harness) -> None:
    values = {k: v for k, v in MENTEE_FORM.items() if isinstance(v, str)}
    values["program"] = "P" * (PROGRAM_LIMIT + 1)
    payload = forged_submission(RESIDENT, "profile", values)
    for block, value in (("roles", ["mentee"]), ("kinds_wanted", ["career"])):
        payload["view"]["state"]["values"][block] = {"value": {"type": "checkboxes",
                                                               "selected_options": [{"value": v} for v in value]}}
    for block in ("stage", "cadence", "meeting_mode"):
        payload["view"]["state"]["values"][block] = {"value": {"type": "static_select",
                                                               "selected_option": {"value": MENTEE_FORM[block]}}}
    answer = submit(harness, payload)
    assert answer["response_action"] == "errors"
    assert answer["errors"]["program"] == (f"The program name can be at most {PROGRAM_LIMIT} characters "
                                           f"(this is {PROGRAM_LIMIT + 1}).")
    with harness.deps.sessions() as session:
        assert get_person(session=session, slack_user_id=RESIDENT) is None


def test_over_long_goal_fields_are_shown_each_on_its_field(pairs: Harness) -> None:  # noqa: F811
    title_limit, measure_limit = max_chars(Goal, "title"), max_chars(Goal, "measure")
    answer = submit(pairs, forged_submission(TORONTO, "goal_form", {"title": "T" * (title_limit + 1),
                                                                    "measure": "M" * (measure_limit + 1)}))
    assert answer["response_action"] == "errors"
    assert f"at most {title_limit} characters" in answer["errors"]["title"]
    assert f"at most {measure_limit} characters" in answer["errors"]["measure"]
    with pairs.deps.sessions() as session:
        assert not session.exec(__import__("sqlmodel").select(Goal)).all()


def test_roster_rows_breaking_a_limit_are_row_errors_and_the_rest_is_imported(harness: Harness) -> None:
    roster = ("slack_id,roles,program,stage,mentoring_wanted,mentoring_offered,capacity\n"
              f"URES0002,mentee,{'S' * (PROGRAM_LIMIT + 1)},PGY-2,career,,\n"
              "UFAC0002,mentor,Internal Medicine,professor,,research,²\n"
              "UFAC0001,mentor,Internal Medicine,professor,,research,2\n")
    harness.slack.slash_command(COORDINATOR, "/mentor", "roster")
    harness.slack.wait_for(lambda: harness.slack.open_modal(COORDINATOR))
    harness.slack.submit_view(COORDINATOR, {"csv": roster})
    report = json.dumps(harness.slack.wait_for(lambda: harness.slack.messages_to(COORDINATOR))[-1], ensure_ascii=False)
    assert "1 created" in report and "2 rows were skipped" in report
    assert f"row 2, `program`: The program name can be at most {PROGRAM_LIMIT} characters" in report
    assert "row 3, `capacity`: capacity must be a whole number, written with the digits 0-9; got “²”" in report


@pytest.mark.parametrize(("text", "expected"), [
    ("cadence <@UFAC0001> 1²", "The cadence (days between check-ins) must be a whole number, written with the digits 0-9; got “1²”."),
    ("survey min-group 1²", "must be a whole number, written with the digits 0-9; got “1²”."),
    ("settings cadence_days 3²", "written with the digits 0-9; got “3²”"),
])
def test_unicode_digits_are_refused_with_what_was_typed(pairs: Harness, text: str, expected: str) -> None:  # noqa: F811
    user = COORDINATOR if text.startswith(("survey", "settings")) else TORONTO
    pairs.slack.slash_command(user, "/mentor", text)
    reply = pairs.slack.ephemerals_to(user)[-1]["text"]
    assert expected in reply and "invalid literal" not in reply


def test_a_megabyte_command_is_refused_before_parsing(harness: Harness) -> None:
    harness.slack.slash_command(RESIDENT, "/mentor", "find " + '"' * 1_000_000)
    reply = harness.slack.ephemerals_to(RESIDENT)[-1]["text"]
    assert f"the most I read is {MAX_COMMAND_CHARS:,}" in reply


def test_a_forged_open_days_is_shown_on_its_field(harness: Harness) -> None:
    from tests.surveys.test_creation_http import open_new_survey_modal

    open_new_survey_modal(harness)
    payload = forged_submission(COORDINATOR, "survey_new", {"title": "Pulse", "questions": "likert: I am well.",
                                                            "open_days": "1²"})
    answer = submit(harness, payload)
    assert answer["response_action"] == "errors" and "whole number" in answer["errors"]["open_days"]
