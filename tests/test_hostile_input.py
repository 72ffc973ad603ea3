"""Property-based hostile input: whatever Slack (or an attacker) sends, the answer is a clear message,
never a 5xx or a stack trace, and nothing is stored half-way."""

import json
import uuid
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot.profiles import SlackIdentity
from bot.roster import RosterFormatError, import_roster
from handlers import ids
from storage.tables import MenteeProfile, MentorProfile, Person
from tests.conftest import COORDINATOR, Harness

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
nasty_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=2000, max_size=4000),
    st.sampled_from(["'; DROP TABLE person; --", "<@U123|x> <!channel> <script>alert(1)</script>", '"unclosed',
                     "find \x00research", "met <@URES0002|sam> 2026-02-30 -5", "roster export ../../etc/passwd",
                     "coordinator add <@UCOORD01>", "conflict <@URES0001> " + "x" * 5000]),
)
# Ids routed by prefix are fuzzed with an answer after it (checkin_met_yes).
ACTION_IDS = [value + ("yes" if name.endswith("_PREFIX") else "") for name, value in vars(ids).items()
              if name.isupper() and isinstance(value, str)
              and not name.endswith(("_VIEW", "_BLOCK", "_BLOCK_PREFIX")) and name not in ("COMMAND", "INPUT_VALUE")]


@FUZZ
@given(text=nasty_text, user=st.sampled_from(["URES0001", COORDINATOR, "UNOBODY99"]))
def test_any_command_text_gets_a_clear_answer(harness: Harness, text: str, user: str) -> None:
    answer = harness.slack.send_signed(urlencode({
        "command": "/mentor", "text": text, "user_id": user, "team_id": "T0MENTOR", "channel_id": "D0FUZZ",
        "trigger_id": "fuzz", "response_url": "http://127.0.0.1:9/r"}).encode(), "application/x-www-form-urlencoded")
    assert answer.status == 200
    assert "Traceback" not in answer.body and "sqlalchemy" not in answer.body.lower()


@FUZZ
@given(action_id=st.sampled_from(ACTION_IDS), value=st.text(max_size=200), user=st.sampled_from(["URES0001", COORDINATOR]))
def test_any_button_value_is_answered_without_a_5xx(harness: Harness, action_id: str, value: str, user: str) -> None:
    # a trigger id of its own: one shared by every example made each a duplicate delivery, which no listener saw
    payload = {"type": "block_actions", "user": {"id": user}, "team": {"id": "T0MENTOR"},
               "trigger_id": f"fuzz.{uuid.uuid4().hex}",
               "container": {"type": "message", "channel_id": "D0FUZZ", "message_ts": "1.1"},
               "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button",
                            "action_ts": "1.2"}]}
    answer = harness.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(),
                                       "application/x-www-form-urlencoded")
    # some ids name no button (a view's or an input's): those get the 400 of any unknown button (test_malformed_http)
    assert answer.status in (200, 400) and "Traceback" not in answer.body


def _text_state(value: str) -> dict:
    return {"value": {"type": "plain_text_input", "value": value}}


@FUZZ
@given(program=st.text(max_size=400), capacity=st.text(max_size=30), limits=st.text(max_size=60),
       stage=st.text(max_size=20))
def test_any_profile_submission_is_saved_whole_or_refused_inline(harness: Harness, program: str, capacity: str,
                                                                 limits: str, stage: str) -> None:
    values = {"roles": {"value": {"type": "checkboxes", "selected_options": [{"value": "mentor"}]}},
              "program": _text_state(program), "capacity": {"value": {"type": "number_input", "value": capacity}},
              "capacity_per_kind": _text_state(limits),
              "stage": {"value": {"type": "static_select", "selected_option": {"value": stage}}},
              "kinds_offered": {"value": {"type": "checkboxes", "selected_options": [{"value": "career"}]}}}
    payload = {"type": "view_submission", "user": {"id": "UFAC0001"}, "team": {"id": "T0MENTOR"}, "trigger_id": "v.1",
               "view": {"id": "VFUZZ", "type": "modal", "callback_id": "profile", "private_metadata": "", "blocks": [
                   {"type": "input", "block_id": "program"}], "state": {"values": values}}}
    answer = harness.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(),
                                       "application/x-www-form-urlencoded")
    assert answer.status == 200 and "Traceback" not in answer.body
    with harness.deps.sessions() as session:
        for person in session.exec(select(Person).where(Person.is_mentor)):
            assert session.get(MentorProfile, person.id) is not None  # a mentor is never stored without a profile


class NobodyDirectory:
    def find_by_id(self, user_id: str) -> SlackIdentity | None:
        return SlackIdentity(user_id, user_id, None, "America/Edmonton") if user_id.startswith("U") else None

    def find_by_email(self, email: str) -> SlackIdentity | None:
        return None


csv_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@FUZZ
@given(rows=st.lists(st.lists(csv_cell, min_size=1, max_size=9), max_size=15),
       header=st.sampled_from(["slack_id,roles,program,stage,mentoring_wanted,capacity,email,mentoring_offered,interests",
                               "email,roles", "slack_id", "nonsense,columns", ""]))
def test_any_roster_is_imported_row_by_row_or_refused_as_a_whole(harness: Harness, rows: list, header: str) -> None:
    text = header + "\n" + "\n".join(",".join(cell.replace(",", " ").replace("\n", " ") for cell in row) for row in rows)
    try:
        report = import_roster(sessions=harness.deps.sessions, text=text, directory=NobodyDirectory(),
                               now=harness.clock.now(), actor=COORDINATOR, default_timezone="America/Edmonton")
    except RosterFormatError as refusal:
        assert str(refusal)
        return
    assert all(error.row >= 2 and error.column and error.reason for error in report.errors)
    with harness.deps.sessions() as session:
        for person in session.exec(select(Person)):
            if person.is_mentee:
                assert session.get(MenteeProfile, person.id) is not None
            if person.is_mentor:
                assert session.get(MentorProfile, person.id) is not None


@FUZZ
@given(payload=st.one_of(st.text(max_size=200), st.dictionaries(st.sampled_from(["type", "view", "user", "actions",
                                                                                  "event", "team"]),
                                                                 st.one_of(st.text(max_size=20), st.none(),
                                                                           st.integers(), st.just({})), max_size=5)))
def test_a_signed_but_malformed_payload_is_refused_without_a_5xx(harness: Harness, payload) -> None:
    body = urlencode({"payload": payload if isinstance(payload, str) else json.dumps(payload)}).encode()
    answer = harness.slack.send_signed(body, "application/x-www-form-urlencoded")
    assert answer.status < 500 and "Traceback" not in answer.body
