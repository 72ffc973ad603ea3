"""Menus past Slack's 100 options: 250 interest tags and 150 programs work end to end, nothing is cut."""

from __future__ import annotations

import json

from bot.profiles import ProfileBase, SlackIdentity, save_profile
from storage.engine import transaction
from storage.queries.people import get_person
from storage.queries.profiles import add_interest_tags, load_profiles
from tests.conftest import COORDINATOR, Harness

RESIDENT = "URES0001"
TAGS = [f"topic {n:03d}" for n in range(250)]
PROGRAMS = [f"Program {n:03d}" for n in range(150)]


def interests_of(harness: Harness, slack_id: str) -> list[str]:
    with harness.deps.sessions() as session:
        mentee, _, _ = load_profiles(session=session, person_id=get_person(session=session, slack_user_id=slack_id).id)
    return mentee.interests


def test_250_tags_an_interest_past_the_100th_survives_an_untouched_save_and_any_tag_can_be_picked(
    harness: Harness,
) -> None:
    with transaction(harness.deps.sessions) as session:
        add_interest_tags(session=session, names=TAGS)
        save_profile(session=session, who=SlackIdentity(RESIDENT, "Riley", None, "America/Toronto"),
                     profile=ProfileBase(as_mentee=True, program="Internal Medicine", stage="PGY-1",
                                          kinds_wanted=["career"], interests=["topic 007", "topic 200"]),
                     now=harness.clock.now())
    harness.slack.slash_command(RESIDENT, "/mentor", "profile")
    modal = harness.slack.wait_for(lambda: harness.slack.open_modal(RESIDENT))
    [interests] = [b for b in modal["blocks"] if b["block_id"] == "interests"]
    assert interests["element"]["type"] == "multi_external_select"
    assert [o["value"] for o in interests["element"]["initial_options"]] == ["topic 007", "topic 200"]

    assert harness.slack.submit_view(RESIDENT).status == 200  # saved untouched
    assert interests_of(harness, RESIDENT) == ["topic 007", "topic 200"]

    harness.slack.slash_command(RESIDENT, "/mentor", "profile")
    harness.slack.wait_for(lambda: harness.slack.open_modal(RESIDENT))
    offered = harness.slack.suggest(RESIDENT, "interests", "24")
    assert [o["value"] for o in offered][:4] == ["topic 024", "topic 124", "topic 224", "topic 240"]
    assert len(harness.slack.suggest(RESIDENT, "interests", "")) == 100  # Slack shows at most 100
    answer = harness.slack.submit_view(RESIDENT, {"interests": ["topic 249", "topic 200"]})
    assert answer.status == 200 and not answer.body, answer.body
    harness.slack.wait_for(lambda: sorted(interests_of(harness, RESIDENT)) == ["topic 200", "topic 249"])


def test_150_programs_any_program_can_be_the_audience_of_an_announcement(harness: Harness) -> None:
    with transaction(harness.deps.sessions) as session:
        for n, program in enumerate(PROGRAMS):
            save_profile(session=session, who=SlackIdentity(f"UPROG{n:04d}", f"Resident {n}", None, "America/Toronto"),
                         profile=ProfileBase(as_mentee=True, program=program, stage="PGY-1", kinds_wanted=["career"]),
                         now=harness.clock.now())
    harness.slack.slash_command(COORDINATOR, "/mentor", "announce")
    modal = harness.slack.wait_for(lambda: harness.slack.open_modal(COORDINATOR))
    [program] = [b for b in modal["blocks"] if b["block_id"] == "program"]
    assert program["element"]["type"] == "external_select"
    assert [o["value"] for o in harness.slack.suggest(COORDINATOR, "program", "program 14")] == [
        f"Program {n}" for n in range(140, 150)]
    answer = harness.slack.submit_view(COORDINATOR, {"audience": "program", "program": "Program 142",
                                                     "message": "Grand rounds move to Thursday.", "when": "now"})
    assert answer.status == 200 and "errors" not in (answer.json or {}), answer.body
    preview = json.dumps(harness.slack.wait_for(lambda: harness.slack.open_modal(COORDINATOR)))
    assert "Program 142" in preview and "1 person" in preview
