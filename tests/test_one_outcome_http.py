"""One outcome per decision: two clicks at the same moment (a double-click, two devices, both partners)
yield exactly one match, introduction, ending or proposal, and the other click is told it was already handled.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.emulator import EmulatedUser
from bot.matching.delivery import ask_for_consent
from bot.matching.fit import MatchingConfig
from bot.matching.service import pick
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from storage.engine import transaction
from storage.tables import Alert, AnonymousResponse, Broadcast, Match, MatchRequest, NamedAnswer, OutboxMessage, Person, Proposal
from tests.clicks import capture_click, send_at_once
from tests.conftest import drain, COORDINATOR, Harness

ROUNDS = 6
OKAFOR, LEE = "UFAC0002", "UFAC0001"
ALREADY = "already"


def enrol(harness: Harness, slack_id: str, **profile: object) -> None:
    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(slack_id, slack_id, None, "America/Edmonton"),
                     profile=ProfileBase(program="Internal Medicine", **profile), now=harness.clock.now())


def mentee_id(n: int) -> str:
    return f"URACE{n:03d}"


@pytest.fixture
def program(harness: Harness) -> Harness:
    for slack_id, stage in ((OKAFOR, "associate_professor"), (LEE, "assistant_professor")):
        enrol(harness, slack_id, as_mentor=True, stage=stage, kinds_offered=["research"], expertise=["cardiology"],
              capacity_total=ROUNDS * 2)
    for n in range(ROUNDS):
        harness.slack.add_user(EmulatedUser(id=mentee_id(n), name=f"race{n}", real_name=f"Race Mentee {n}"))
        enrol(harness, mentee_id(n), as_mentee=True, stage="PGY-1", kinds_wanted=["research"], interests=["cardiology"])
    return harness


def ask(harness: Harness, mentee: str, mentor: str) -> int:
    """The mentee picked this mentor, who now has a consent request in their DM."""
    with transaction(harness.deps.sessions) as session:
        proposal = pick(session=session, mentee_slack_id=mentee, kind="research", mentor_slack_id=mentor,
                        now=harness.clock.now(), config=MatchingConfig())
        ask_for_consent(session, proposal, harness.deps.notifier.within(session, harness.clock.now()))
    drain(harness)
    return proposal.proposal_id


def texts_to(harness: Harness, user: str) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in harness.slack.messages_to(user)]


def told(harness: Harness, user: str, phrase: str) -> int:
    return sum(phrase in text for text in texts_to(harness, user))


def rows(harness: Harness, model: type, **where: object) -> list:
    with harness.deps.sessions() as session:
        query = select(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return list(session.exec(query))


def person_id(harness: Harness, slack_id: str) -> int:
    (person,) = rows(harness, Person, slack_user_id=slack_id)
    return person.id


def test_accept_clicked_twice_makes_one_match_and_one_introduction(program: Harness) -> None:
    slack = program.slack
    for n in range(ROUNDS):
        proposal_id = ask(program, mentee_id(n), OKAFOR)
        before = told(program, OKAFOR, ALREADY)
        accept = capture_click(slack, OKAFOR, "consent_accept", value=str(proposal_id))
        send_at_once(slack, [accept, accept])
        slack.wait_for(lambda: told(program, OKAFOR, ALREADY) > before)
        slack.wait_for(lambda: [c for c in slack.calls("conversations.open")
                                if c.params.get("users") == f"{mentee_id(n)},{OKAFOR}"])
        assert len(rows(program, Match, mentee_id=person_id(program, mentee_id(n)))) == 1
        assert told(program, OKAFOR, ALREADY) == before + 1
    intros = [c for c in slack.calls("conversations.open") if f",{OKAFOR}" in str(c.params.get("users"))]
    assert len(intros) == ROUNDS


def test_accept_and_decline_at_once_give_a_match_or_a_next_mentor_never_both(program: Harness) -> None:
    slack = program.slack
    for n in range(ROUNDS):
        proposal_id = ask(program, mentee_id(n), OKAFOR)
        before = told(program, OKAFOR, ALREADY)
        accept = capture_click(slack, OKAFOR, "consent_accept", value=str(proposal_id))
        decline = capture_click(slack, OKAFOR, "consent_decline", value=str(proposal_id))
        send_at_once(slack, [accept, decline])
        slack.wait_for(lambda: told(program, OKAFOR, ALREADY) > before)
        mentee = person_id(program, mentee_id(n))
        matched = rows(program, Match, mentee_id=mentee)
        with program.deps.sessions() as session:
            asked_next = [p for p in session.exec(select(Proposal).join(MatchRequest).where(
                MatchRequest.mentee_id == mentee, Proposal.mentor_id != person_id(program, OKAFOR)))]
        assert len(matched) + len(asked_next) == 1, (n, matched, asked_next)


def test_both_partners_clicking_not_a_fit_end_the_match_once(program: Harness) -> None:
    slack = program.slack
    for n in range(ROUNDS):
        mentee = mentee_id(n)
        accept = capture_click(slack, OKAFOR, "consent_accept", value=str(ask(program, mentee, OKAFOR)))
        send_at_once(slack, [accept])
        slack.wait_for(lambda: [c for c in slack.calls("chat.postMessage") if "intro_not_a_fit" in json.dumps(c.params)
                                and mentee in json.dumps(c.params)])
        (match,) = rows(program, Match, mentee_id=person_id(program, mentee))
        coordinator_notices = told(program, COORDINATOR, "ended")
        refusals = lambda: told(program, mentee, ALREADY) + told(program, OKAFOR, ALREADY)  # noqa: E731
        before = refusals()
        by_mentee = capture_click(slack, mentee, "intro_not_a_fit", value=str(match.id))
        by_mentor = capture_click(slack, OKAFOR, "intro_not_a_fit", value=str(match.id))
        send_at_once(slack, [by_mentee, by_mentor])
        slack.wait_for(lambda: refusals() > before)
        slack.wait_for(lambda: told(program, COORDINATOR, "ended") > coordinator_notices)
        assert refusals() == before + 1
        assert told(program, COORDINATOR, "ended") == coordinator_notices + 1
        assert len(rows(program, MatchRequest, mentee_id=person_id(program, mentee), status="open")) == 1


def test_two_ask_clicks_at_once_ask_one_mentor(program: Harness) -> None:
    slack = program.slack
    for n in range(ROUNDS):
        mentee = mentee_id(n)
        slack.slash_command(mentee, "/mentor", "find research")
        first = capture_click(slack, mentee, "shortlist_pick", value=f"research:{OKAFOR}")
        second = capture_click(slack, mentee, "shortlist_pick", value=f"research:{LEE}")
        send_at_once(slack, [first, second])
        slack.wait_for(lambda: sum(ALREADY in json.dumps(r) for r in slack.responses()) > n)
        with program.deps.sessions() as session:
            asked = list(session.exec(select(Proposal).join(MatchRequest).where(
                MatchRequest.mentee_id == person_id(program, mentee))))
        assert len(asked) == 1, asked
        assert len(rows(program, MatchRequest, mentee_id=person_id(program, mentee))) == 1


def review_message(harness: Harness) -> dict:
    reviews = lambda: [m for m in harness.slack.messages_to(COORDINATOR) if "Matching proposals" in json.dumps(m)]  # noqa: E731
    before = len(reviews())
    harness.slack.slash_command(COORDINATOR, "/mentor", "match")
    return harness.slack.wait_for(lambda: reviews()[before:])[-1]


def consent_requests(harness: Harness, proposal_id: int) -> int:
    return sum(1 for c in harness.slack.calls("chat.postMessage")
               if '"consent_accept"' in json.dumps(c.params) and f'"value": "{proposal_id}"' in json.dumps(c.params))


def test_approve_and_reject_at_once_decide_each_proposal_once(program: Harness) -> None:
    slack = program.slack
    review_message(program)
    proposals = rows(program, Proposal, status="pending_review")
    assert len(proposals) == ROUNDS
    for proposal in proposals:
        before = told(program, COORDINATOR, ALREADY)
        approve = capture_click(slack, COORDINATOR, "match_approve", value=str(proposal.id))
        reject = capture_click(slack, COORDINATOR, "match_reject", value=str(proposal.id))
        send_at_once(slack, [approve, reject])
        slack.wait_for(lambda: told(program, COORDINATOR, ALREADY) > before)
        (decided,) = rows(program, Proposal, id=proposal.id)
        if decided.status == "awaiting_mentor":
            slack.wait_for(lambda: consent_requests(program, proposal.id))
        assert (decided.status, consent_requests(program, proposal.id)) in (("awaiting_mentor", 1), ("rejected", 0))
        assert told(program, COORDINATOR, ALREADY) == before + 1


def test_approve_all_clicked_twice_asks_each_mentor_once(program: Harness) -> None:
    slack = program.slack
    for n in range(ROUNDS):
        newcomer = f"URACEB{n:02d}"
        slack.add_user(EmulatedUser(id=newcomer, name=f"b{n}", real_name=f"Batch Mentee {n}"))
        enrol(program, newcomer, as_mentee=True, stage="PGY-1", kinds_wanted=["research"], interests=["cardiology"])
        review = review_message(program)
        batch_id = next(b["elements"][0]["value"] for b in review["blocks"] if b.get("block_id") == "review_all")
        approve_all = capture_click(slack, COORDINATOR, "match_approve_all", value=batch_id)
        send_at_once(slack, [approve_all, approve_all])
        proposals = [p for p in rows(program, Proposal) if p.batch_id == batch_id]
        assert proposals
        for proposal in proposals:
            slack.wait_for(lambda: consent_requests(program, proposal.id))
        edits = lambda: rows(program, OutboxMessage, purpose="review_changed")  # noqa: E731
        slack.wait_for(lambda: len(edits()) >= 2 * (n + 1))  # both clicks finished: each queued the review's edit
        assert [consent_requests(program, p.id) for p in proposals] == [1] * len(proposals)


def test_nudge_clicked_twice_reminds_the_pair_once(harness: Harness) -> None:
    from tests.test_checkins_http import match as make_match, tick

    slack = harness.slack
    harness.clock.set(datetime(2026, 2, 27, 17, 0, tzinfo=UTC))
    enrol(harness, LEE, as_mentor=True, stage="associate_professor", kinds_offered=["career"], capacity_total=ROUNDS)
    for n in range(ROUNDS):
        slack.add_user(EmulatedUser(id=mentee_id(n), name=f"race{n}", real_name=f"Race Mentee {n}"))
        enrol(harness, mentee_id(n), as_mentee=True, stage="PGY-1", kinds_wanted=["career"])
        make_match(harness, mentee_id(n), LEE)
    tick(harness, datetime(2026, 3, 30, 16, 0, tzinfo=UTC))  # a Monday: the digest lists every quiet pair
    slack.wait_for(lambda: [m for m in slack.messages_to(COORDINATOR) if "digest" in m["text"]])
    alerts = rows(harness, Alert)
    assert len(alerts) == ROUNDS
    for alert in alerts:
        before = told(harness, COORDINATOR, ALREADY)
        nudge = capture_click(slack, COORDINATOR, "alert_nudge", value=str(alert.id))
        send_at_once(slack, [nudge, nudge])
        slack.wait_for(lambda: told(harness, COORDINATOR, ALREADY) > before)
        slack.wait_for(lambda: told(harness, COORDINATOR, "Nudged") == alerts.index(alert) + 1)
        assert told(harness, COORDINATOR, ALREADY) == before + 1
    assert [told(harness, mentee_id(n), "friendly nudge") for n in range(ROUNDS)] == [1] * ROUNDS


def test_cancel_clicked_twice_cancels_an_announcement_once(harness: Harness) -> None:
    from tests.test_broadcasts_http import compose, confirm

    slack = harness.slack
    harness.clock.set(datetime(2026, 3, 9, 12, 0, tzinfo=UTC))
    enrol(harness, LEE, as_mentor=True, stage="associate_professor", kinds_offered=["career"])
    for n in range(ROUNDS):
        compose(harness, {"audience": "everyone", "message": f"Hello {n}", "when": "at", "date": "2026-03-10",
                          "time": "09:00"})
        confirm(harness)
        (broadcast,) = slack.wait_for(lambda: [b for b in rows(harness, Broadcast) if b.status == "scheduled"])
        slack.wait_for(lambda: f'"broadcast_cancel", "value": "{broadcast.id}"' in json.dumps(slack.messages_to(COORDINATOR)))
        before = told(harness, COORDINATOR, ALREADY)
        cancel = capture_click(slack, COORDINATOR, "broadcast_cancel", value=str(broadcast.id))
        send_at_once(slack, [cancel, cancel])
        slack.wait_for(lambda: told(harness, COORDINATOR, ALREADY) > before)
        assert told(harness, COORDINATOR, ALREADY) == before + 1
        assert rows(harness, Broadcast, id=broadcast.id)[0].status == "cancelled"


@pytest.mark.parametrize("anonymous", [True, False])
def test_two_survey_answers_at_once_store_one(harness: Harness, anonymous: bool) -> None:
    from tests.surveys.helpers import ONE_QUESTION, at, define, enrol as enrol_person, tick

    slack = harness.slack
    harness.clock.set(at(2026, 10, 1, 12))
    people = [mentee_id(n) for n in range(ROUNDS)]
    for slack_id in people:
        enrol_person(harness, slack_id, f"Race Mentee {slack_id}")
    define(harness, {**ONE_QUESTION, "anonymous": anonymous})
    tick(harness, at(2026, 10, 6, 16))
    for slack_id in people:
        first = capture_click(slack, slack_id, "survey_pick_2")
        second = capture_click(slack, slack_id, "survey_pick_4")
        send_at_once(slack, [first, second])
        if anonymous:
            slack.wait_for(lambda: told(harness, slack_id, "already answered"))
            assert told(harness, slack_id, "already answered") == 1
        else:
            edits = lambda: rows(harness, OutboxMessage, purpose="survey_answered")  # noqa: E731
            slack.wait_for(lambda: len(edits()) >= 2 * (people.index(slack_id) + 1))  # both clicks queued their edit
    if anonymous:
        assert len(rows(harness, AnonymousResponse)) == ROUNDS
    else:
        answered = [a.person_id for a in rows(harness, NamedAnswer)]
        assert sorted(answered) == sorted(set(answered)) and len(answered) == ROUNDS
