"""A modal's private_metadata that does not read (a form opened before a deploy changed it, or a submission altered on
its way) gets a clear answer, never an exception: the modal becomes "Form out of date: nothing was saved, open it
again", and a WARNING names the view and the kind of problem, never the value (handlers/view_metadata.py)."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

import pytest
from sqlmodel import select

from bot.emulator.api_views import validate_view
from bot.i18n import speaking
from handlers import ids
from handlers.blocks.help import build_outdated_form
from handlers.view_metadata import AgreementRef, GoalRef, PulseRef, SwapRef, read_metadata
from storage.tables import Goal
from tests.conftest import COORDINATOR, Harness

MENTEE = "UFORGE01"


def submit_with(harness: Harness, user: str, callback_id: str, metadata: str, values: dict | None = None) -> dict:
    """A signed view_submission carrying `metadata`, and the app's answer to it."""
    payload = {"type": "view_submission", "user": {"id": user}, "team": {"id": harness.slack.team_id},
               "trigger_id": f"t.{user}", "view": {
                   "id": f"V{callback_id}{abs(hash(metadata))}", "type": "modal", "callback_id": callback_id,
                   "blocks": [], "private_metadata": metadata, "state": {"values": values or {}}}}
    answer = harness.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(),
                                       "application/x-www-form-urlencoded")
    assert answer.status == 200, answer.body
    return answer.json or {}


def says_out_of_date(answer: dict) -> bool:
    return answer.get("response_action") == "update" and "out of date" in json.dumps(answer.get("view"))


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "handlers.view_metadata" and r.levelno == logging.WARNING]


@pytest.mark.parametrize("forged", ["abc", "-3", "1.5", '{"goal": 1}'])
def test_a_goal_form_with_unreadable_metadata_is_answered_and_saves_nothing(
        harness: Harness, caplog: pytest.LogCaptureFixture, forged: str) -> None:
    values = {"title": {"title": {"type": "plain_text_input", "value": "Publish a case report"}}}
    with caplog.at_level(logging.WARNING, logger="handlers.view_metadata"):
        answer = submit_with(harness, MENTEE, ids.GOAL_FORM_VIEW, forged, values)
    assert says_out_of_date(answer)
    [logged] = warnings(caplog)
    assert "goal_form" in logged and "GoalRef" in logged and forged not in logged
    with harness.deps.sessions() as session:
        assert session.exec(select(Goal)).all() == []


@pytest.mark.parametrize("forged", ["", "not json", "[]", '{"proposal": "x", "batch": "b"}',
                                    '{"proposal": 4, "batch": "b", "channel": "D1", "ts": "1.1", "admin": true}'])
def test_a_coordinators_swap_with_unreadable_metadata_is_answered(
        harness: Harness, caplog: pytest.LogCaptureFixture, forged: str) -> None:
    with caplog.at_level(logging.WARNING, logger="handlers.view_metadata"):
        answer = submit_with(harness, COORDINATOR, ids.SWAP_VIEW, forged)
    assert says_out_of_date(answer)
    [logged] = warnings(caplog)
    assert "match_swap" in logged and "SwapRef" in logged
    assert "admin" not in logged or "extra_forbidden" in logged  # the field's name and the problem, not its value


def test_an_undeclared_key_is_logged_as_its_kind_of_problem_never_as_its_text(
        harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    forged = json.dumps({"proposal": 4, "batch": "b", "x\nERROR forged log line <!channel>": 1})
    with caplog.at_level(logging.WARNING, logger="handlers.view_metadata"):
        answer = submit_with(harness, COORDINATOR, ids.SWAP_VIEW, forged)
    assert says_out_of_date(answer)
    [logged] = warnings(caplog)
    assert "extra_forbidden" in logged
    assert "forged log line" not in logged and "\n" not in logged and "<!channel>" not in logged
    [declared] = [m for m in _warned(caplog, SwapRef, '{"proposal": "x", "batch": "b"}')]
    assert "proposal: int_parsing" in declared


def _warned(caplog: pytest.LogCaptureFixture, model: type, text: str) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="handlers.view_metadata"):
        assert read_metadata({"callback_id": "x", "private_metadata": text}, model) is None
    return warnings(caplog)


@pytest.mark.parametrize("forged", ['{"round": 1}', '{"round": "one", "subject": 0}', "{", "[" * 1400 + "]" * 1400])
def test_a_survey_answer_with_unreadable_metadata_is_answered(
        harness: Harness, caplog: pytest.LogCaptureFixture, forged: str) -> None:
    with caplog.at_level(logging.WARNING, logger="handlers.view_metadata"):
        answer = submit_with(harness, MENTEE, ids.SURVEY_ANSWER_VIEW, forged)
    assert says_out_of_date(answer)
    assert len(warnings(caplog)) == 1


def test_the_out_of_date_modal_is_one_slack_accepts_in_each_language() -> None:
    for language in ("en", "fr"):
        with speaking(language):
            validate_view(build_outdated_form(), "modal")
    with speaking("fr"):
        assert "rien n'a été enregistré" in json.dumps(build_outdated_form(), ensure_ascii=False)


def test_each_model_reads_back_the_text_its_view_writes() -> None:
    view = {"callback_id": "x"}
    for written in (GoalRef(goal=7), GoalRef(), AgreementRef(agreement=3, version=0), PulseRef(prompt=2),
                    PulseRef(prompt=2, channel="D1", ts="1.1"), SwapRef(proposal=4, batch="b", channel=None)):
        assert read_metadata({**view, "private_metadata": written.text()}, type(written)) == written
