"""Text one person types reaches others inert: mentions, `<!here>`, `<!channel>` and disguised links typed into a
name, a program, a note, a goal title or a free-text survey answer arrive escaped in every mrkdwn text the
emulator receives (plain_text is never parsed, so it may carry them as typed)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from bot.emulator import EmulatedUser
from storage.tables import CheckIn, Goal
from tests.conftest import COORDINATOR, Harness
from tests.surveys.helpers import at, define, tick
from tests.surveys.helpers import enrol as enrol_respondent
from tests.test_broadcasts_http import compose
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from storage.engine import transaction

HOSTILE = ("<!here>", "<!channel>", "<@U123>", "<https://evil.example|Click here>")
TYPED = " ".join(HOSTILE) + " & more"
ESCAPED = "&lt;!here&gt; &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|Click here&gt; &amp; more"
MENTEE, MENTOR = "UHOSTILE1", "UFRIENDLY"


def enrol(harness: Harness, slack_id: str, name: str, **profile: Any) -> None:
    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(slack_id, name, None, "America/Edmonton"),
                     profile=ProfileBase(program=TYPED, **profile), now=harness.clock.now())


def mrkdwn_texts(value: Any, found: list[str]) -> list[str]:
    """Every text Slack would parse as mrkdwn in a Web API call: mrkdwn objects, and a message's top-level text."""
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn" or ("text" in value and "blocks" in value) or "channel" in value:
            text = value.get("text")
            if isinstance(text, str) and value.get("type") != "plain_text":
                found.append(text)
        for item in value.values():
            mrkdwn_texts(item, found)
    elif isinstance(value, list):
        for item in value:
            mrkdwn_texts(item, found)
    return found


def received(harness: Harness) -> list[str]:
    texts: list[str] = []
    for call in harness.slack.calls():
        mrkdwn_texts(call.params, texts)
    return texts


def test_typed_markup_arrives_escaped_in_every_mrkdwn_text(harness: Harness) -> None:
    slack = harness.slack
    harness.clock.set(datetime(2026, 2, 27, 17, 0, tzinfo=UTC))
    slack.add_user(EmulatedUser(id=MENTEE, name="hostile", real_name=TYPED, tz="America/Edmonton"))
    slack.add_user(EmulatedUser(id=MENTOR, name="friendly", real_name="Dr. Friendly", tz="America/Edmonton"))
    enrol(harness, MENTEE, TYPED, as_mentee=True, stage="PGY-1", kinds_wanted=["career"], interests_note=TYPED)
    enrol(harness, MENTOR, "Dr. Friendly", as_mentor=True, stage="associate_professor", kinds_offered=["career"],
          capacity_total=3)

    slack.slash_command(MENTEE, "/mentor", "find career")  # the shortlist, then the consent DM and introduction
    slack.wait_for(lambda: slack.ephemerals_to(MENTEE))
    slack.click(MENTEE, "shortlist_pick", value=f"career:{MENTOR}")
    slack.wait_for(lambda: slack.messages_to(MENTOR))
    slack.click(MENTOR, "consent_accept")
    slack.wait_for(lambda: any("Why you were matched" in json.dumps(c.params) for c in slack.calls("chat.postMessage")))

    slack.slash_command(MENTEE, "/mentor", "goals")  # a goal shared with the mentor, at risk: check-in and digest
    slack.wait_for(lambda: slack.open_modal(MENTEE))
    slack.click(MENTEE, "goals_add")
    slack.wait_for(lambda: slack.open_modal(MENTEE)["callback_id"] == "goal_form")
    slack.submit_view(MENTEE, {"title": TYPED[:190], "status": "at_risk"})
    slack.wait_for(lambda: "goals_edit" in json.dumps(slack.open_modal(MENTEE)))
    with harness.deps.sessions() as session:
        for checkin in session.exec(select(CheckIn)):
            checkin.due_at = harness.clock.now()
            session.add(checkin)
        session.commit()
    tick(harness, datetime(2026, 3, 2, 16, 0, tzinfo=UTC))  # a Monday: check-ins due, and the digest
    with harness.deps.sessions() as session:
        assert session.exec(select(Goal)).one().title == TYPED[:190]

    preview = compose(harness, {"audience": "program", "program": TYPED, "message": "Hello"})  # in the ack

    survey = define(harness, {"key": "free", "title": "Free text", "kind": "custom", "anonymous": False,
                              "audience": "everyone", "schedule": {"once": "2026-10-06", "open_days": 5},
                              "questions": [{"key": "say", "type": "text", "text": "Anything?"}]})
    others = [f"UOTHER{n}" for n in range(4)]  # results need the minimum group of respondents
    for slack_id in others:
        enrol_respondent(harness, slack_id, f"Resident {slack_id}")
    tick(harness, at(2026, 10, 6, 16))
    for slack_id in [MENTEE, *others]:
        slack.click(slack_id, "survey_open")
        slack.wait_for(lambda: (slack.open_modal(slack_id) or {}).get("callback_id") == "survey_answer")
        slack.submit_view(slack_id, {"q_say": TYPED if slack_id == MENTEE else "fine"})
    tick(harness, at(2026, 10, 12, 12))
    slack.slash_command(COORDINATOR, "/mentor", f"survey results {survey}")
    slack.wait_for(lambda: slack.files())

    texts = received(harness) + mrkdwn_texts(preview, [])
    where = {"shortlist or consent": "Would you be", "introduction": "Why you were matched",
             "mentor's check-in": "Goals", "digest": "Stalled goal", "announcement preview": "*To:*",
             "survey results": "Anything?"}
    for surface, marker in where.items():
        assert any(marker in text and ESCAPED[:40] in text for text in texts), f"{surface}: not seen escaped"
    for text in texts:
        for markup in HOSTILE:
            assert markup not in text, f"raw {markup} in: {text[:300]}"
