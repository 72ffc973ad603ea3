"""Input models through Slack: a modal submission's every problem comes back at once, each under the block id of
its field (handlers/ids.py), before anything is acknowledged or stored; the emulator refuses an answer naming a
block the view does not have (bot/emulator/api_views.check_submission_errors)."""

from __future__ import annotations

from sqlmodel import select

from handlers import ids
from storage.queries.people import get_person
from storage.tables import Broadcast, Goal
from tests.conftest import COORDINATOR, Harness
from tests.test_checkins_http import TORONTO, pairs  # noqa: F401  (fixture)
from tests.test_input_limits_http import forged_submission, submit
from tests.test_people_http import MENTEE_FORM

RESIDENT = "URES0001"


def test_every_profile_problem_is_shown_on_its_own_block_and_nothing_is_saved(harness: Harness) -> None:
    answer = submit(harness, forged_submission(RESIDENT, ids.PROFILE_VIEW, {
        "roles": "", "program": "Internal Medicine", "stage": "astronaut", "cadence": "1²",
        "identity_gender": "martian", "capacity_per_kind": "lots"}))
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {
        "roles": "Choose at least one: mentee, mentor, or both.",
        "stage": "Choose your stage or rank.",
        "cadence": "How often to meet must be a whole number, written with the digits 0-9; got “1²”.",
        "identity_gender": "Choose one of the listed answers, or leave it empty.",
        "capacity_per_kind": "Write limits like `research:1, career:2`.",
    }
    with harness.deps.sessions() as session:
        assert get_person(session=session, slack_user_id=RESIDENT) is None


def test_a_problem_on_a_field_the_form_lacks_is_shown_on_the_first_field(harness: Harness) -> None:
    """A forged form without the stage block: its problem goes to `roles`, so Slack still shows the modal's errors."""
    values = {key: value for key, value in MENTEE_FORM.items() if isinstance(value, str) and key != "stage"}
    payload = forged_submission(RESIDENT, ids.PROFILE_VIEW, {"roles": "", **values})
    answer = submit(harness, payload)
    assert set(answer["errors"]) == {"roles"}
    assert "Choose at least one" in answer["errors"]["roles"] and "stage or rank" in answer["errors"]["roles"]


def test_every_goal_problem_is_shown_on_its_block_and_nothing_is_stored(pairs: Harness) -> None:  # noqa: F811
    answer = submit(pairs, forged_submission(TORONTO, ids.GOAL_FORM_VIEW, {
        "title": "  ", "category": "astrology", "visibility": "everyone", "status": "someday",
        "target_date": "2020-01-01"}))
    errors = answer["errors"]
    assert set(errors) == {"title", "category", "visibility", "status", "target_date"}
    assert errors["title"] == "Say what the goal is, in a few words."
    assert errors["category"].startswith("Choose one of the program's priorities: scholarship")
    assert errors["target_date"] == "A new goal's target date can't be in the past."
    with pairs.deps.sessions() as session:
        assert not session.exec(select(Goal)).all()


def test_an_announcement_draft_shows_every_problem_at_once_and_stores_no_draft(harness: Harness) -> None:
    answer = submit(harness, forged_submission(COORDINATOR, ids.ANNOUNCE_VIEW, {
        "message": "   ", "links": "Register at e.org", "audience": "program", "program": "", "when": "at",
        "date": "", "time": ""}))
    assert answer["errors"] == {
        "message": "Write the message.",
        "links": "Line 1 should look like `Register | https://example.org/register`.",
        "program": "Choose the program (or another audience).",
        "date": "Choose the day to send it.",
        "time": "Choose the time to send it.",
    }
    with harness.deps.sessions() as session:
        assert not session.exec(select(Broadcast)).all()
