"""Leaving withdraws everything in flight, and a roster re-import never brings someone back silently."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from bot.jobs import run_due
from storage.engine import transaction
from storage.queries.outbox import enqueue_message
from storage.queries.people import get_person
from storage.tables import Match, MatchRequest, OutboxMessage, Proposal
from tests.conftest import COORDINATOR, Harness
from tests.surveys.helpers import forge_click
from tests.test_matching_http import MENTEE, OKAFOR, dms, program  # noqa: F401 (fixture)


def leave(harness: Harness, slack_id: str) -> None:
    harness.slack.slash_command(slack_id, "/mentor", "leave")
    harness.slack.wait_for(lambda: harness.slack.open_modal(slack_id))
    harness.slack.submit_view(slack_id, {"mode": "leave"})
    harness.slack.wait_for(lambda: any("You have left" in m["text"] for m in harness.slack.messages_to(slack_id)))


def import_roster(harness: Harness, csv: str) -> str:
    before = len(harness.slack.messages_to(COORDINATOR))
    harness.slack.slash_command(COORDINATOR, "/mentor", "roster")
    harness.slack.wait_for(lambda: (harness.slack.open_modal(COORDINATOR) or {}).get("callback_id") == "roster")
    harness.slack.submit_view(COORDINATOR, {"csv": csv})
    reports = lambda: [m for m in harness.slack.messages_to(COORDINATOR)[before:] if "Roster imported" in m["text"]]  # noqa: E731
    return json.dumps(harness.slack.wait_for(reports)[-1])


def test_leaving_cancels_queued_messages_withdraws_consent_requests_and_closes_requests(program: Harness) -> None:
    slack, now = program.slack, program.clock.now()
    slack.slash_command(MENTEE, "/mentor", "find research")
    slack.wait_for(lambda: slack.ephemerals_to(MENTEE))
    slack.click(MENTEE, "shortlist_pick", value=f"research:{OKAFOR}")
    slack.wait_for(lambda: dms(program, OKAFOR))
    with program.deps.sessions() as session:
        slack.wait_for(lambda: session.exec(select(Proposal.consent_message_id)).first())
    with transaction(program.deps.sessions) as session:  # an invitation queued for later, as a survey round does
        enqueue_message(session=session, key=f"survey:9:{MENTEE}", purpose="survey", recipient=MENTEE,
                        payload={"text": "A survey for you"}, not_before=now + timedelta(hours=2), now=now)

    leave(program, MENTEE)
    consent = slack.wait_for(lambda: "withdrawn" in dms(program, OKAFOR)[-1] and dms(program, OKAFOR)[-1])
    assert "someone left the program" in consent and "consent_accept" not in consent  # the DM edited, no buttons
    assert slack.calls("chat.update")
    with program.deps.sessions() as session:
        proposal_id = session.exec(select(Proposal.id)).one()
    forge_click(program, OKAFOR, "consent_accept", str(proposal_id))  # an old copy of the message, another device
    run_due(program.deps, now + timedelta(hours=3))
    with program.deps.sessions() as session:
        assert session.exec(select(Proposal.status)).all() == ["withdrawn"]
        assert session.exec(select(Match)).all() == []
        assert {r.status for r in session.exec(select(MatchRequest))} == {"withdrawn"}
        assert session.exec(select(OutboxMessage.status).where(OutboxMessage.recipient == MENTEE,
                                                               OutboxMessage.purpose == "survey")).all() == ["cancelled"]
    assert not any("A survey for you" in m["text"] for m in slack.messages_to(MENTEE))
    assert not [c for c in slack.calls("conversations.open") if c.params.get("users") == f"{MENTEE},{OKAFOR}"]


def test_roster_reimport_skips_people_who_left_unless_told_to_bring_them_back(program: Harness) -> None:
    leave(program, MENTEE)
    row = f"slack_id,roles,program,stage,mentoring_wanted,rejoin\n{MENTEE},mentee,Internal Medicine,PGY-2,career,"
    report = import_roster(program, row + "\n")
    assert f"1 person who left the program was skipped ({MENTEE}; add rejoin=yes to bring them back)" in report
    with program.deps.sessions() as session:
        assert get_person(session=session, slack_user_id=MENTEE).active is False
    report = import_roster(program, row + "yes\n")
    assert "1 updated" in report and "who left" not in report
    with program.deps.sessions() as session:
        assert get_person(session=session, slack_user_id=MENTEE).active is True
