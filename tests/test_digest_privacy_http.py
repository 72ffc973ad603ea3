"""The weekly digest names only goals the mentee shared with the program, and carries mentors' notes to the
program, marked with the pair they are about."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from storage.queries.people import get_person
from tests.conftest import COORDINATOR, Harness
from tests.test_checkins_http import EDMONTON, TORONTO, pairs, tick  # noqa: F401 (fixture)


def add_goal(harness: Harness, title: str, visibility: str) -> None:
    slack = harness.slack
    slack.slash_command(TORONTO, "/mentor", "goals")
    slack.wait_for(lambda: slack.open_modal(TORONTO))
    slack.click(TORONTO, "goals_add")
    slack.wait_for(lambda: slack.open_modal(TORONTO)["callback_id"] == "goal_form")
    slack.submit_view(TORONTO, {"title": title, "status": "at_risk", "visibility": visibility})
    slack.wait_for(lambda: title in json.dumps(slack.open_modal(TORONTO)))


def digests(harness: Harness) -> str:
    return json.dumps([m for m in harness.slack.messages_to(COORDINATOR) if "digest" in m["text"]], ensure_ascii=False)


def test_digest_names_only_goals_shared_with_the_program_and_hints_at_no_other(pairs: Harness) -> None:
    with pairs.deps.sessions() as session:
        lee = get_person(session=session, slack_user_id=EDMONTON).id
    add_goal(pairs, "Shared with all my mentors", "all")
    add_goal(pairs, "Only for Dr Lee", str(lee))
    add_goal(pairs, "Kept to myself", "private")
    tick(pairs, datetime(2026, 3, 2, 16, 0, tzinfo=UTC))  # Monday: alerts and the digest
    digest = pairs.slack.wait_for(lambda: digests(pairs) != "[]" and digests(pairs))
    assert "Shared with all my mentors" in digest
    assert "Only for Dr Lee" not in digest and "Kept to myself" not in digest and "private" not in digest
    assert "1 to look at" in digest  # the count hints at nothing either


def test_the_mentors_note_to_the_program_reaches_the_coordinators_marked_with_the_pair(pairs: Harness) -> None:
    slack = pairs.slack
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))  # check-ins
    slack.click(EDMONTON, "checkin_program_note")
    slack.wait_for(lambda: slack.open_modal(EDMONTON))
    slack.submit_view(EDMONTON, {"note": "Resident seems overwhelmed by night float"})
    slack.wait_for(lambda: any("coordinators only" in m["text"] for m in slack.messages_to(EDMONTON)))
    tick(pairs, datetime(2026, 3, 16, 16, 0, tzinfo=UTC))  # Monday
    digest = slack.wait_for(lambda: "overwhelmed" in digests(pairs) and digests(pairs))
    assert re.search(r"\*[^*]+ \(mentor\) about [^*]+, career mentoring:\*", digest), digest[-600:]
    assert "overwhelmed" not in json.dumps([slack.messages_to(u) for u in (TORONTO,)])
