"""Distributed mentoring in every path: a mentor already proposed to (or matched with) a mentee for one kind is
never offered to that mentee for another kind, whether the proposal awaits review or the mentor's consent."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from bot.profiles import ProfileBase, SlackIdentity, save_profile
from storage.engine import transaction
from storage.queries.people import get_person
from storage.tables import MatchRequest, Proposal
from tests.conftest import COORDINATOR, Harness

MENTEE, EVANS, FINCH = "URES0001", "UFAC0002", "UFAC0001"  # Evans offers career and clinical, Finch clinical


def enrol(harness: Harness, slack_id: str, **profile: object) -> None:
    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(slack_id, slack_id, None, "America/Edmonton"),
                     profile=ProfileBase(program="Internal Medicine", **profile), now=harness.clock.now())


@pytest.fixture
def program(harness: Harness) -> Harness:
    enrol(harness, EVANS, as_mentor=True, stage="associate_professor", kinds_offered=["career", "clinical"],
          expertise=["cardiology"], capacity_total=3)
    enrol(harness, FINCH, as_mentor=True, stage="assistant_professor", kinds_offered=["clinical"],
          expertise=["nephrology"], capacity_total=3)
    enrol(harness, MENTEE, as_mentee=True, stage="PGY-1", kinds_wanted=["career", "clinical"], interests=["cardiology"])
    return harness


def ask_for(harness: Harness, kind: str, mentor: str) -> None:
    harness.slack.slash_command(MENTEE, "/mentor", f"find {kind}")
    harness.slack.click(MENTEE, "shortlist_pick", value=f"{kind}:{mentor}")
    harness.slack.wait_for(lambda: any("consent_accept" in json.dumps(m) for m in harness.slack.messages_to(mentor)))


def proposed_mentors(harness: Harness, kind: str) -> list[str]:
    with harness.deps.sessions() as session:
        mentor_ids = session.exec(select(Proposal.mentor_id).join(MatchRequest).where(MatchRequest.kind == kind))
        return [person.slack_user_id for mentor_id in mentor_ids
                if (person := session.get(type(get_person(session=session, slack_user_id=MENTEE)), mentor_id))]


def test_shortlist_leaves_out_a_mentor_being_asked_for_another_kind(program: Harness) -> None:
    ask_for(program, "career", EVANS)
    program.slack.slash_command(MENTEE, "/mentor", "find clinical")
    shortlist = json.dumps(program.slack.ephemerals_to(MENTEE)[-1])
    assert "clinical:UFAC0001" in shortlist and "clinical:UFAC0002" not in shortlist


def test_decline_never_falls_through_to_a_mentor_asked_for_another_kind(program: Harness) -> None:
    ask_for(program, "career", EVANS)
    ask_for(program, "clinical", FINCH)
    program.slack.click(FINCH, "consent_decline")
    program.slack.wait_for(lambda: any("No clinical / skills mentor is available" in m["text"]
                                       for m in program.slack.messages_to(COORDINATOR)))
    assert proposed_mentors(program, "clinical") == [FINCH]


def test_batch_leaves_out_a_mentor_whose_proposal_awaits_review(program: Harness) -> None:
    enrol(program, MENTEE, as_mentee=True, stage="PGY-1", kinds_wanted=["career"], interests=["cardiology"])
    program.slack.slash_command(COORDINATOR, "/mentor", "match")
    program.slack.wait_for(lambda: proposed_mentors(program, "career") == [EVANS])
    enrol(program, MENTEE, as_mentee=True, stage="PGY-1", kinds_wanted=["career", "clinical"], interests=["cardiology"])
    program.slack.slash_command(COORDINATOR, "/mentor", "match")
    program.slack.wait_for(lambda: proposed_mentors(program, "clinical"))
    assert proposed_mentors(program, "clinical") == [FINCH]
