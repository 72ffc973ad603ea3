"""Matching flows called as listeners and jobs call them (no Slack): batch proposals held for review, approve,
reject and swap once each, shortlists and picks, consent that only the asked mentor can give, fall-through,
the real scheduled expiry step with the program's setting, and no-fault endings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from storage.queries.outbox import enqueue_message, mark_sent
from bot.matching.expiry import expire_due_consents
from bot.matching.fit import MatchingConfig
from bot.matching.service import (
    BEING_ASKED,
    AlreadyDecided,
    MatchingError,
    NotYours,
    alternatives,
    answer_consent,
    approve,
    arranging_kinds,
    batch_proposals,
    end_match,
    expire_consents,
    matches_of,
    pick,
    propose_batch,
    record_consent_message,
    record_review_copy,
    reject,
    review,
    review_copies_of,
    shortlist,
    swap,
    sync_requests,
    withdraw_proposals_of_leaver,
)
from bot.program_settings import change_setting
from storage.queries.matching import add_request
from storage.tables import AuditEvent, CheckIn, Match, MatchRequest, Person, Proposal
from tests.services import Program, program  # noqa: F401

CONFIG = MatchingConfig()
COORD = "UCOORD01"


def setting(program: Program, key: str, value: str) -> None:  # noqa: F811
    with program.session() as session:
        change_setting(session=session, key=key, text=value, actor=COORD, now=program.clock.now())


def audits(program: Program, action: str | None = None) -> list[tuple[str, str, str | None, str]]:  # noqa: F811
    return [(a.actor_slack_id, a.action, a.target, a.outcome) for a in program.rows(AuditEvent)
            if action is None or a.action == action]


def statuses(program: Program) -> list[str]:  # noqa: F811
    return [p.status for p in program.rows(Proposal)]


@pytest.fixture
def cohort(program: Program) -> Program:  # noqa: F811
    """Riley wants a career mentor: Lee fits best, then Okafor, then Chen; a coordinator runs matching."""
    program.person(COORD, coordinator=True, name="Casey")
    program.mentee("URES1", name="Riley", interests=("cardiology", "research", "teaching"), program="Surgery",
                   cadence_days=14, note="I like early mornings")
    program.mentor("UFAC1", name="Dr Lee", expertise=("cardiology", "research", "teaching"), program="Surgery")
    program.mentor("UFAC2", name="Dr Okafor", expertise=("cardiology", "research"))
    program.mentor("UFAC3", name="Dr Chen", expertise=("cardiology",))
    with program.session() as session:
        riley = session.exec(select(Person).where(Person.slack_user_id == "URES1")).one()
        sync_requests(session=session, person=riley, kinds_wanted=["career"], now=program.clock.now())
    return program


def batch(program: Program):  # type: ignore[no-untyped-def]  # noqa: F811
    with program.session() as session:
        return propose_batch(session=session, now=program.clock.now(), config=CONFIG, actor=COORD)


def approved(program: Program) -> int:  # noqa: F811
    [proposal] = batch(program).proposals
    with program.session() as session:
        approve(session=session, proposal_id=proposal.proposal_id, actor=COORD, now=program.clock.now())
    return proposal.proposal_id


def consent(program: Program, proposal_id: int, mentor: str, accept: bool):  # type: ignore[no-untyped-def]  # noqa: F811
    with program.session() as session:
        return answer_consent(session=session, proposal_id=proposal_id, mentor_slack_id=mentor, accept=accept,
                              now=program.clock.now(), config=CONFIG)


# --- batch proposals and review -----------------------------------------------------------------------------------

def test_a_batch_proposes_the_best_mentor_held_for_review_and_audited(cohort: Program) -> None:
    result = batch(cohort)
    [proposal] = result.proposals
    assert (proposal.mentee.slack_id, proposal.mentee.name, proposal.mentor.slack_id, proposal.mentor.name) == (
        "URES1", "Riley", "UFAC1", "Dr Lee")
    assert (proposal.status, proposal.kind, proposal.mentee_stage, proposal.mentee_program) == (
        "pending_review", "career", "PGY-1", "Surgery")
    assert (proposal.cadence_days, proposal.mentee_note, proposal.reviewed_by) == (14, "I like early mornings", None)
    assert "both interested in cardiology, research, teaching" in proposal.reasons and 0 < proposal.score <= 1
    assert result.unfilled == () and len(result.batch_id) == 12
    [row] = cohort.rows(Proposal)
    assert (row.source, row.batch_id, row.asked_at, row.created_at) == ("batch", result.batch_id, None,
                                                                          cohort.clock.now())
    [event] = [a for a in cohort.rows(AuditEvent) if a.action == "match.propose_batch"]
    assert (event.actor_slack_id, event.target, event.detail) == (COORD, result.batch_id,
                                                                   {"proposals": 1, "unfilled": 0})
    assert batch_proposals(session=cohort.sessions(), batch_id=result.batch_id) == [proposal]
    assert batch(cohort).proposals == ()  # a request already being handled is not proposed twice


def test_a_batch_says_why_a_request_is_unfilled(program: Program) -> None:  # noqa: F811
    program.mentee("URES1", name="Riley", kinds=("career", "research", "identity"))
    conflicted = program.mentor("UFAC1", kinds=("career", "research"), capacity=1)
    program.mentor("UFAC2", kinds=("research",), capacity=1)
    riley = program.rows(Person, slack_user_id="URES1")[0]
    program.conflict(riley.id, conflicted)
    with program.session() as session:
        sync_requests(session=session, person=riley, kinds_wanted=["career", "research", "identity"],
                      now=program.clock.now())
    result = batch(program)
    assert [p.mentor.slack_id for p in result.proposals] == ["UFAC2"]
    assert {(u.mentee.slack_id, u.kind, u.reason) for u in result.unfilled} == {
        ("URES1", "career", "every mentor who offers it is excluded (a conflict of interest)"),
        ("URES1", "identity", "no mentor offers this kind of mentoring")}
    requests = {r.kind: r.id for r in program.rows(MatchRequest)}
    assert {u.kind: u.request_id for u in result.unfilled} == {"career": requests["career"],
                                                              "identity": requests["identity"]}


def test_a_batch_tells_capacity_apart_from_exclusion(program: Program) -> None:  # noqa: F811
    program.mentor("UFAC1", capacity=1)
    for slack_id in ("URES1", "URES2"):
        pid = program.mentee(slack_id)
        with program.session() as session:
            add_request(session=session, mentee_id=pid, kind="career", now=program.clock.now())
    result = batch(program)
    assert len(result.proposals) == 1
    assert [u.reason for u in result.unfilled] == ["every suitable mentor is at capacity"]


def test_paused_mentees_are_not_proposed(program: Program) -> None:  # noqa: F811
    program.mentor("UFAC1")
    pid = program.mentee("URES1", paused_until=program.clock.now().date() + timedelta(days=3))
    with program.session() as session:
        add_request(session=session, mentee_id=pid, kind="career", now=program.clock.now())
    assert batch(program).proposals == () and batch(program).unfilled == ()


def test_approve_asks_the_mentor_once_and_names_the_reviewer(cohort: Program) -> None:
    [proposal] = batch(cohort).proposals
    cohort.later(minutes=5)
    with cohort.session() as session:
        info = approve(session=session, proposal_id=proposal.proposal_id, actor=COORD, now=cohort.clock.now())
    assert (info.status, info.reviewed_by) == ("awaiting_mentor", COORD)
    assert cohort.rows(Proposal)[0].asked_at == cohort.clock.now()
    with cohort.session() as session, pytest.raises(AlreadyDecided, match=r"already handled \(it is awaiting mentor\)"):
        approve(session=session, proposal_id=proposal.proposal_id, actor="UCOORD02", now=cohort.clock.now())
    with cohort.session() as session, pytest.raises(AlreadyDecided):
        reject(session=session, proposal_id=proposal.proposal_id, actor="UCOORD02", now=cohort.clock.now())
    assert cohort.rows(Proposal)[0].reviewed_by == COORD
    assert audits(cohort, "match.approve") == [(COORD, "match.approve", str(proposal.proposal_id), "ok")]


def test_reject_closes_the_proposal_and_that_mentor_is_not_proposed_again(cohort: Program) -> None:
    [proposal] = batch(cohort).proposals
    with cohort.session() as session:
        info = reject(session=session, proposal_id=proposal.proposal_id, actor=COORD, now=cohort.clock.now())
    assert (info.status, info.reviewed_by) == ("rejected", COORD)
    assert cohort.rows(Proposal)[0].answered_at == cohort.clock.now()
    assert audits(cohort, "match.reject") == [(COORD, "match.reject", str(proposal.proposal_id), "ok")]
    [again] = batch(cohort).proposals
    assert again.mentor.slack_id == "UFAC2"


def test_a_missing_proposal_is_said_plainly(cohort: Program) -> None:
    for decide in (approve, reject):
        with cohort.session() as session, pytest.raises(MatchingError, match="no longer exists"):
            decide(session=session, proposal_id=999, actor=COORD, now=cohort.clock.now())


def test_review_decides_each_proposal_once_and_counts_the_rest(program: Program) -> None:  # noqa: F811
    for n in (1, 2, 3):
        program.mentor(f"UFAC{n}")
        pid = program.mentee(f"URES{n}")
        with program.session() as session:
            add_request(session=session, mentee_id=pid, kind="career", now=program.clock.now())
    ids = [p.proposal_id for p in batch(program).proposals]
    with program.session() as session:
        reject(session=session, proposal_id=ids[0], actor="UCOORD02", now=program.clock.now())
    with program.session() as session:
        done = review(session=session, proposal_ids=ids, approving=True, actor=COORD, now=program.clock.now())
    assert [p.proposal_id for p in done.decided] == ids[1:] and done.already_handled == 1
    assert statuses(program) == ["rejected", "awaiting_mentor", "awaiting_mentor"]
    with program.session() as session:
        again = review(session=session, proposal_ids=ids, approving=False, actor=COORD, now=program.clock.now())
    assert (again.decided, again.already_handled) == ((), 3)


def test_a_coordinator_swaps_in_another_suitable_mentor(cohort: Program) -> None:
    [proposal] = batch(cohort).proposals
    with cohort.session() as session:
        others = alternatives(session=session, proposal_id=proposal.proposal_id, now=cohort.clock.now(), config=CONFIG)
        assert [who.slack_id for who, _ in others] == ["UFAC2", "UFAC3"]
        assert [who.slack_id for who, _ in alternatives(session=session, proposal_id=proposal.proposal_id,
                                                        now=cohort.clock.now(), config=CONFIG, limit=1)] == ["UFAC2"]
    with cohort.session() as session:
        info = swap(session=session, proposal_id=proposal.proposal_id, mentor_slack_id="UFAC3", actor=COORD,
                    now=cohort.clock.now(), config=CONFIG)
    okafor_fit = dict((who.slack_id, option) for who, option in others)["UFAC3"].fit
    assert (info.mentor.slack_id, info.status, info.reviewed_by) == ("UFAC3", "pending_review", COORD)
    assert (info.score, info.reasons) == (okafor_fit.score, okafor_fit.reasons)
    [event] = [a for a in cohort.rows(AuditEvent) if a.action == "match.swap"]
    assert (event.actor_slack_id, event.target, event.detail) == (COORD, str(proposal.proposal_id),
                                                                   {"mentor": "UFAC3"})
    with cohort.session() as session, pytest.raises(MatchingError, match="can't take this request"):
        swap(session=session, proposal_id=proposal.proposal_id, mentor_slack_id="UFAC3", actor=COORD,
             now=cohort.clock.now(), config=CONFIG)  # already the proposed mentor


def test_swap_offers_only_mentors_with_a_free_place_and_only_while_under_review(cohort: Program) -> None:
    okafor = cohort.rows(Person, slack_user_id="UFAC2")[0]
    with cohort.session() as session:
        session.get(type(okafor), okafor.id)  # noqa: B018
        from storage.tables import MentorProfile
        session.get(MentorProfile, okafor.id).capacity_total = 0
    proposal_id = approved(cohort)
    with cohort.session() as session, pytest.raises(AlreadyDecided, match="awaiting mentor"):
        alternatives(session=session, proposal_id=proposal_id, now=cohort.clock.now(), config=CONFIG)
    with cohort.session() as session:
        session.get(Proposal, proposal_id).status = "pending_review"
    with cohort.session() as session:
        others = alternatives(session=session, proposal_id=proposal_id, now=cohort.clock.now(), config=CONFIG)
    assert [who.slack_id for who, _ in others] == ["UFAC3"]
    with cohort.session() as session, pytest.raises(MatchingError, match="no longer exists"):
        alternatives(session=session, proposal_id=999, now=cohort.clock.now(), config=CONFIG)


def test_every_review_copy_is_remembered_with_its_unfilled_lines(program: Program) -> None:  # noqa: F811
    program.mentee("URES1", name="Riley", kinds=("identity",))
    riley = program.rows(Person, slack_user_id="URES1")[0]
    with program.session() as session:
        sync_requests(session=session, person=riley, kinds_wanted=["identity"], now=program.clock.now())
    result = batch(program)
    with program.session() as session:
        record_review_copy(session=session, batch=result, message_id=1)
        record_review_copy(session=session, batch=result, message_id=2)
    copies = review_copies_of(session=program.sessions(), batch_id=result.batch_id)
    assert [c.message_id for c in copies] == [1, 2]
    assert copies[0].unfilled == result.unfilled and copies[0].unfilled[0].mentee.name == "Riley"
    with program.session() as session:  # retention deleted the mentee's request: the line is dropped, not guessed
        session.delete(session.get(MatchRequest, result.unfilled[0].request_id))
    assert [c.unfilled for c in review_copies_of(session=program.sessions(), batch_id=result.batch_id)] == [(), ()]


# --- consent ------------------------------------------------------------------------------------------------------

def test_only_the_asked_mentor_can_answer(cohort: Program) -> None:
    proposal_id = approved(cohort)
    for stranger in ("UFAC2", "UNOBODY", "URES1"):
        with pytest.raises(NotYours) as refused:
            consent(cohort, proposal_id, stranger, accept=True)
        assert (refused.value.actor, refused.value.action, refused.value.target) == (
            stranger, "match.consent", str(proposal_id))
    with pytest.raises(NotYours):
        consent(cohort, 999, "UFAC1", accept=True)
    assert statuses(cohort) == ["awaiting_mentor"] and cohort.rows(Match) == []


def test_accepting_creates_the_match_with_the_mentees_cadence_and_plans_check_ins(cohort: Program) -> None:
    proposal_id = approved(cohort)
    cohort.later(hours=3)
    outcome = consent(cohort, proposal_id, "UFAC1", accept=True)
    assert outcome.accepted and outcome.proposal.status == "accepted"
    assert outcome.next_proposal is None and outcome.unfilled is None
    [match] = cohort.rows(Match)
    assert (match.mentee_id, match.kind, match.cadence_days, match.started_at, match.status) == (
        cohort.rows(Person, slack_user_id="URES1")[0].id, "career", 14, cohort.clock.now(), "active")
    assert match.reasons == list(outcome.proposal.reasons)
    info = outcome.match
    assert (info.match_id, info.mentee.slack_id, info.mentor.slack_id, info.kind, info.cadence_days,
            info.mentee_note) == (match.id, "URES1", "UFAC1", "career", 14, "I like early mornings")
    [request] = cohort.rows(MatchRequest)
    assert (request.status, request.closed_at) == ("matched", cohort.clock.now())
    assert sorted((c.role, c.cycle) for c in cohort.rows(CheckIn)) == [("mentee", 1), ("mentor", 1)]
    assert cohort.rows(Proposal)[0].answered_at == cohort.clock.now()
    assert audits(cohort, "match.accepted") == [("UFAC1", "match.accepted", str(proposal_id), "ok")]
    with pytest.raises(AlreadyDecided, match=r"already answered this one \(accepted\)"):
        consent(cohort, proposal_id, "UFAC1", accept=False)
    assert matches_of(session=cohort.sessions(), slack_id="URES1") == [info]
    assert matches_of(session=cohort.sessions(), slack_id="UFAC1") == [info]
    assert matches_of(session=cohort.sessions(), slack_id="UNOBODY") == []


def test_declining_asks_the_next_best_mentor_and_never_names_who_declined(cohort: Program) -> None:
    proposal_id = approved(cohort)
    outcome = consent(cohort, proposal_id, "UFAC1", accept=False)
    assert not outcome.accepted and outcome.proposal.status == "declined" and outcome.match is None
    nxt = outcome.next_proposal
    assert (nxt.mentor.slack_id, nxt.status) == ("UFAC2", "awaiting_mentor")
    row = cohort.rows(Proposal)[1]
    assert (row.source, row.asked_at, row.batch_id) == ("fallthrough", cohort.clock.now(), None)
    assert audits(cohort, "match.declined") == [("UFAC1", "match.declined", str(proposal_id), "ok")]
    assert cohort.rows(Match) == []


def test_declining_skips_mentors_without_a_free_place(cohort: Program) -> None:
    from storage.tables import MentorProfile
    with cohort.session() as session:
        session.get(MentorProfile, cohort.rows(Person, slack_user_id="UFAC2")[0].id).capacity_total = 0
    outcome = consent(cohort, approved(cohort), "UFAC1", accept=False)
    assert outcome.next_proposal.mentor.slack_id == "UFAC3"


def test_when_nobody_else_fits_the_gap_is_reported(program: Program) -> None:  # noqa: F811
    program.mentee("URES1", name="Riley")
    program.mentor("UFAC1")
    riley = program.rows(Person, slack_user_id="URES1")[0]
    with program.session() as session:
        sync_requests(session=session, person=riley, kinds_wanted=["career"], now=program.clock.now())
    outcome = consent(program, approved(program), "UFAC1", accept=False)
    assert outcome.next_proposal is None
    assert (outcome.unfilled.mentee.slack_id, outcome.unfilled.kind, outcome.unfilled.reason) == (
        "URES1", "career", "every mentor who offers it is excluded (an earlier decline)")


def test_a_mentee_who_paused_meanwhile_is_not_offered_another_mentor(cohort: Program) -> None:
    proposal_id = approved(cohort)
    with cohort.session() as session:
        session.get(Person, cohort.rows(Person, slack_user_id="URES1")[0].id).paused_until = (
            cohort.clock.now().date() + timedelta(days=10))
    outcome = consent(cohort, proposal_id, "UFAC1", accept=False)
    assert (outcome.next_proposal, outcome.unfilled, outcome.match) == (None, None, None)
    assert statuses(cohort) == ["declined"]


def test_the_consent_message_place_is_recorded(cohort: Program) -> None:
    proposal_id = approved(cohort)
    with cohort.session() as session:
        record_consent_message(session=session, proposal_id=proposal_id, message_id=9)
        record_consent_message(session=session, proposal_id=999, message_id=1)  # gone: nothing to do
    row = cohort.rows(Proposal)[0]
    assert row.consent_message_id == 9


# --- the scheduled expiry step --------------------------------------------------------------------------------------

def test_the_scheduled_step_waits_the_programs_72_hours_then_asks_the_next_mentor(cohort: Program) -> None:
    proposal_id = approved(cohort)
    asked_at = cohort.clock.now()
    with cohort.session() as session:  # the request reached Slack at once: the window starts now
        request = enqueue_message(session=session, key="consent", purpose="consent", recipient="UFAC1", payload={},
                                  not_before=asked_at, now=asked_at)
        mark_sent(session=session, message_id=request.id, channel="DLEE", ts="5.5", now=asked_at)
        record_consent_message(session=session, proposal_id=proposal_id, message_id=request.id)
    expire_due_consents(cohort.deps, asked_at + timedelta(hours=71, minutes=59))
    assert statuses(cohort) == ["awaiting_mentor"] and cohort.notifier.calls == []
    expire_due_consents(cohort.deps, asked_at + timedelta(hours=72, minutes=1))
    assert statuses(cohort) == ["expired", "awaiting_mentor"]
    assert cohort.rows(Proposal)[0].answered_at == asked_at + timedelta(hours=72, minutes=1)
    [(closed, where, accepted)] = cohort.notifier.named("consent_closed")
    assert (closed.mentor.slack_id, where.outbox_id, accepted) == ("UFAC1", request.id, None)  # lapsed
    [(asked,)] = cohort.notifier.named("ask_consent")
    assert asked.mentor.slack_id == "UFAC2"
    expire_due_consents(cohort.deps, asked_at + timedelta(hours=73))  # once only
    assert statuses(cohort) == ["expired", "awaiting_mentor"] and len(cohort.notifier.named("ask_consent")) == 1


def test_the_program_setting_sets_the_time_to_answer(cohort: Program) -> None:
    setting(cohort, "consent_timeout_hours", "24")
    asked_at = cohort.clock.now()
    approved(cohort)
    expire_due_consents(cohort.deps, asked_at + timedelta(hours=23, minutes=59))
    assert statuses(cohort) == ["awaiting_mentor"]
    expire_due_consents(cohort.deps, asked_at + timedelta(hours=24, minutes=1))
    assert statuses(cohort)[0] == "expired"


def test_expiry_counts_only_consent_requests_and_only_once(cohort: Program) -> None:
    [proposal] = batch(cohort).proposals  # still under review: no clock runs for the mentor
    with cohort.session() as session:
        assert expire_consents(session=session, now=cohort.clock.now() + timedelta(days=30),
                               timeout=timedelta(hours=72), config=CONFIG) == []
    assert statuses(cohort) == ["pending_review"]
    with cohort.session() as session:
        approve(session=session, proposal_id=proposal.proposal_id, actor=COORD, now=cohort.clock.now())
    with cohort.session() as session:
        outcomes = expire_consents(session=session, now=cohort.clock.now() + timedelta(hours=72, seconds=1),
                                   timeout=timedelta(hours=72), config=CONFIG)
    assert [o.proposal.status for o in outcomes] == ["expired"] and not outcomes[0].accepted


# --- shortlists and picks -----------------------------------------------------------------------------------------

def test_a_shortlist_is_the_three_best_with_a_free_place(cohort: Program) -> None:
    cohort.mentor("UFAC4", expertise=("cardiology",), stage="assistant_professor")
    cohort.mentor("UFAC5", expertise=("cardiology", "research", "teaching"), capacity=0)
    with cohort.session() as session:
        listed = shortlist(session=session, mentee_slack_id="URES1", kind="career", now=cohort.clock.now(),
                           config=CONFIG)
    assert [(who.slack_id, who.name) for who, _ in listed] == [("UFAC1", "Dr Lee"), ("UFAC2", "Dr Okafor"),
                                                               ("UFAC3", "Dr Chen")]
    assert all(o.fit.score > 0 for _, o in listed)


def test_a_pick_asks_that_mentor_and_a_second_pick_is_told_one_is_being_asked(cohort: Program) -> None:
    with cohort.session() as session:
        info = pick(session=session, mentee_slack_id="URES1", kind="career", mentor_slack_id="UFAC2",
                    now=cohort.clock.now(), config=CONFIG)
    assert (info.mentor.slack_id, info.status) == ("UFAC2", "awaiting_mentor")
    [row] = cohort.rows(Proposal)
    assert (row.source, row.asked_at) == ("self_service", cohort.clock.now())
    assert audits(cohort, "match.pick") == [("URES1", "match.pick", str(row.id), "ok")]
    assert arranging_kinds(session=cohort.sessions(), mentee_id=cohort.rows(Person, slack_user_id="URES1")[0].id) == {
        "career": "consent"}
    with cohort.session() as session, pytest.raises(AlreadyDecided, match=str(BEING_ASKED)):
        pick(session=session, mentee_slack_id="URES1", kind="career", mentor_slack_id="UFAC1",
             now=cohort.clock.now(), config=CONFIG)
    assert len(cohort.rows(MatchRequest)) == 1  # the open request was reused, not duplicated


def test_arranging_kinds_tells_review_from_consent(cohort: Program) -> None:
    riley = cohort.rows(Person, slack_user_id="URES1")[0].id
    assert arranging_kinds(session=cohort.sessions(), mentee_id=riley) == {}
    batch(cohort)
    assert arranging_kinds(session=cohort.sessions(), mentee_id=riley) == {"career": "review"}


def test_a_pick_of_someone_not_on_the_shortlist_is_refused(cohort: Program) -> None:
    with cohort.session() as session, pytest.raises(MatchingError, match="no longer available"):
        pick(session=session, mentee_slack_id="URES1", kind="career", mentor_slack_id="UCOORD01",
             now=cohort.clock.now(), config=CONFIG)
    assert cohort.rows(Proposal) == []


@pytest.mark.parametrize(("who", "kind", "message"), [
    ("UFAC1", "career", "Finding a mentor is for mentees"),       # a mentor, not a mentee
    ("UNOBODY", "career", "Finding a mentor is for mentees"),
    ("UGONE", "career", "Finding a mentor is for mentees"),         # left the program
    ("URES1", "astrology", "I don't know the kind `astrology`. Try one of: career, research, clinical"),
    ("UPAUSED", "career", "You're on a pause"),
])
def test_shortlists_are_refused_with_a_reason(cohort: Program, who: str, kind: str, message: str) -> None:
    cohort.mentee("UGONE", active=False)
    cohort.mentee("UPAUSED", paused_until=cohort.clock.now().date() + timedelta(days=1))
    with cohort.session() as session, pytest.raises(MatchingError, match=message.replace("(", r"\(")):
        shortlist(session=session, mentee_slack_id=who, kind=kind, now=cohort.clock.now(), config=CONFIG)


def test_a_mentee_with_a_mentor_of_that_kind_is_pointed_to_rematch(cohort: Program) -> None:
    consent(cohort, approved(cohort), "UFAC1", accept=True)
    with cohort.session() as session, pytest.raises(MatchingError, match="already have a career mentor"):
        shortlist(session=session, mentee_slack_id="URES1", kind="career", now=cohort.clock.now(), config=CONFIG)
    with cohort.session() as session:  # another kind is fine, and her mentor is not offered again
        listed = shortlist(session=session, mentee_slack_id="URES1", kind="research", now=cohort.clock.now(),
                           config=CONFIG)
    assert listed == []  # nobody offers research here


# --- requests follow the profile; leavers' proposals are withdrawn --------------------------------------------------

def test_requests_follow_the_kinds_wanted(cohort: Program) -> None:
    riley = cohort.rows(Person, slack_user_id="URES1")[0]
    with cohort.session() as session:
        sync_requests(session=session, person=riley, kinds_wanted=["career", "wellness"], now=cohort.clock.now())
    assert sorted((r.kind, r.status) for r in cohort.rows(MatchRequest)) == [("career", "open"), ("wellness", "open")]
    with cohort.session() as session:
        sync_requests(session=session, person=riley, kinds_wanted=["career"], now=cohort.clock.now())
    assert sorted((r.kind, r.status) for r in cohort.rows(MatchRequest)) == [("career", "open"),
                                                                              ("wellness", "withdrawn")]
    assert cohort.rows(MatchRequest, kind="wellness")[0].closed_at == cohort.clock.now()
    batch(cohort)  # career now has a proposal under review: it is not withdrawn from under the reviewer
    with cohort.session() as session:
        sync_requests(session=session, person=riley, kinds_wanted=[], now=cohort.clock.now())
    assert cohort.rows(MatchRequest, kind="career")[0].status == "open"


def test_no_request_for_a_kind_already_matched(cohort: Program) -> None:
    consent(cohort, approved(cohort), "UFAC1", accept=True)
    riley = cohort.rows(Person, slack_user_id="URES1")[0]
    with cohort.session() as session:
        sync_requests(session=session, person=riley, kinds_wanted=["career"], now=cohort.clock.now())
    assert [r.status for r in cohort.rows(MatchRequest)] == ["matched"]


def test_a_leavers_unanswered_proposals_are_withdrawn(cohort: Program) -> None:
    proposal_id = approved(cohort)
    with cohort.session() as session:
        record_consent_message(session=session, proposal_id=proposal_id, message_id=3)
    lee = cohort.rows(Person, slack_user_id="UFAC1")[0]
    cohort.later(hours=1)
    with cohort.session() as session:
        [withdrawn] = withdraw_proposals_of_leaver(session=session, person=lee, now=cohort.clock.now())
    assert (withdrawn.proposal.status, withdrawn.consent_message_id) == ("withdrawn", 3)
    assert cohort.rows(Proposal)[0].answered_at == cohort.clock.now()
    with pytest.raises(AlreadyDecided):
        consent(cohort, proposal_id, "UFAC1", accept=True)


# --- endings --------------------------------------------------------------------------------------------------------

def matched(cohort: Program) -> int:
    return consent(cohort, approved(cohort), "UFAC1", accept=True).match.match_id


def test_the_mentee_ends_kindly_the_mentor_is_told_and_the_request_reopens(cohort: Program) -> None:
    match_id = matched(cohort)
    cohort.later(days=20)
    with cohort.session() as session:
        ended = end_match(session=session, match_id=match_id, actor="URES1", now=cohort.clock.now(),
                          is_coordinator=False)
    assert (ended.ended_by, ended.other.slack_id, ended.coordinators, ended.searching) == (
        "URES1", "UFAC1", (COORD,), True)
    [match] = cohort.rows(Match)
    assert (match.status, match.ended_at, match.ended_by, match.end_reason) == (
        "ended", cohort.clock.now(), "URES1", "no_fault")
    assert [r.status for r in cohort.rows(MatchRequest)] == ["matched", "open"]
    [event] = [a for a in cohort.rows(AuditEvent) if a.action == "match.end"]
    assert (event.actor_slack_id, event.target, event.detail) == ("URES1", str(match_id), {"reason": "no_fault"})
    [again] = batch(cohort).proposals  # the pair is never proposed again
    assert again.mentor.slack_id == "UFAC2"
    with cohort.session() as session, pytest.raises(AlreadyDecided, match="already ended"):
        end_match(session=session, match_id=match_id, actor="UFAC1", now=cohort.clock.now(), is_coordinator=False)


def test_the_mentor_ends_and_the_mentee_is_told(cohort: Program) -> None:
    match_id = matched(cohort)
    with cohort.session() as session:
        ended = end_match(session=session, match_id=match_id, actor="UFAC1", now=cohort.clock.now(),
                          is_coordinator=False, reason="not_a_fit")
    assert (ended.other.slack_id, ended.match.mentor.slack_id) == ("URES1", "UFAC1")
    assert cohort.rows(Match)[0].end_reason == "not_a_fit"


def test_a_coordinator_ends_a_match_and_both_are_told(cohort: Program) -> None:
    match_id = matched(cohort)
    cohort.person("UCOORD02", coordinator=True)
    with cohort.session() as session:
        ended = end_match(session=session, match_id=match_id, actor="UCOORD02", now=cohort.clock.now(),
                          is_coordinator=True)
    assert (ended.other, ended.coordinators) == (None, (COORD,))
    assert cohort.rows(Match)[0].end_reason == "coordinator"


def test_a_stranger_cannot_end_a_match_and_a_mentee_who_no_longer_wants_the_kind_is_not_searching(
        cohort: Program) -> None:
    match_id = matched(cohort)
    with cohort.session() as session, pytest.raises(NotYours) as refused:
        end_match(session=session, match_id=match_id, actor="UFAC2", now=cohort.clock.now(), is_coordinator=False)
    assert (refused.value.actor, refused.value.action, refused.value.target) == ("UFAC2", "match.end", str(match_id))
    assert cohort.rows(Match)[0].status == "active"
    from storage.tables import MenteeProfile
    with cohort.session() as session:
        session.get(MenteeProfile, cohort.rows(Person, slack_user_id="URES1")[0].id).kinds_wanted = ["research"]
    with cohort.session() as session:
        ended = end_match(session=session, match_id=match_id, actor="UFAC1", now=cohort.clock.now(),
                          is_coordinator=False)
    assert not ended.searching and [r.status for r in cohort.rows(MatchRequest)] == ["matched"]
    with cohort.session() as session, pytest.raises(MatchingError, match="already ended"):
        end_match(session=session, match_id=999, actor="UFAC1", now=cohort.clock.now(), is_coordinator=True)


def test_a_mentee_who_left_is_not_searching_after_an_ending(cohort: Program) -> None:
    match_id = matched(cohort)
    with cohort.session() as session:
        session.get(Person, cohort.rows(Person, slack_user_id="URES1")[0].id).active = False
    with cohort.session() as session:
        ended = end_match(session=session, match_id=match_id, actor=COORD, now=cohort.clock.now(),
                          is_coordinator=True)
    assert not ended.searching and len(cohort.rows(MatchRequest)) == 1
