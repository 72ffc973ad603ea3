"""The mentoring agreement's rules called as the listeners call them (bot/agreements/service.py and terms.py), on a
fresh database with the recording stand-in for Slack: what is sent when a match starts, one click each, a change
proposed by one and confirmed by the other, each stale or foreign click refused with what now stands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.access import Refused
from bot.agreements.service import (
    acknowledge,
    agreement_for_change,
    agreements_of,
    confirm_change,
    open_agreement,
    propose_change,
    unacknowledged_count,
)
from bot.agreements.terms import AgreementError, AlreadyHandled, NotYourAgreement, add_months
from storage.queries.audit import audit_events
from storage.queries.settings import set_setting
from storage.tables import Agreement, AgreementStatus, Goal, Match, MatchPrompt, MatchStatus, OutboxMessage
from tests.services import Program, program  # noqa: F401

MENTEE, MENTOR, STRANGER = "URES0001", "UFAC0001", "UFAC0002"
START = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # Monday: 12:00 in Toronto, 10:00 in Edmonton


@pytest.fixture
def pair(program: Program) -> Program:  # noqa: F811
    program.clock.set(START)
    program.mentee_id = program.mentee(MENTEE, name="Riley Resident", tz="America/Toronto",  # type: ignore[attr-defined]
                                       program="Surgery")
    program.mentor_id = program.mentor(MENTOR, name="Dr. Morgan Lee", tz="America/Edmonton",  # type: ignore[attr-defined]
                                       program="Internal Medicine")
    program.mentor(STRANGER, name="Dr. Ada Okafor")
    with program.session() as session:
        match = Match(mentee_id=program.mentee_id, mentor_id=program.mentor_id, kind="career",  # type: ignore[attr-defined]
                      cadence_days=30, started_at=START)
        session.add(match)
        session.flush()
        program.match_id = match.id  # type: ignore[attr-defined]
    return program


def opened(p: Program, **extra: object) -> Agreement:
    with p.session() as session:
        return open_agreement(session=session, notifier=p.notifier, match_id=p.match_id, now=p.clock.now(),  # type: ignore[attr-defined]
                              extra_sections=extra or None)


def agreement(p: Program) -> Agreement:
    [row] = p.rows(Agreement)
    return row


def step(p: Program, decision, actor: str, version: int | None = None, **args):  # type: ignore[no-untyped-def]
    with p.session() as session:
        return decision(session=session, notifier=p.notifier, agreement_id=agreement(p).id, actor=actor,
                        version=agreement(p).version if version is None else version, now=p.clock.now(), **args)


def messages(p: Program) -> list[tuple[str, str, bool]]:
    return [(m.key.split(":", 2)[2], m.recipient, m.interactive) for m in p.rows(OutboxMessage)]


def actions(p: Program) -> list[tuple[str, str]]:
    with p.sessions() as session:
        return [(e.action, e.actor_slack_id) for e in audit_events(session=session) if e.action.startswith("agreement")]


@pytest.mark.parametrize(("start", "months", "end"), [
    (datetime(2026, 1, 31, 9, tzinfo=UTC), 1, datetime(2026, 2, 28, 9, tzinfo=UTC)),  # a shorter month: its last day
    (datetime(2028, 1, 31, 9, tzinfo=UTC), 1, datetime(2028, 2, 29, 9, tzinfo=UTC)),  # a leap year
    (datetime(2026, 3, 2, 17, tzinfo=UTC), 12, datetime(2027, 3, 2, 17, tzinfo=UTC)),
    (datetime(2026, 11, 15, tzinfo=UTC), 2, datetime(2027, 1, 15, tzinfo=UTC)),  # across a year
    (datetime(2026, 12, 15, tzinfo=UTC), 12, datetime(2027, 12, 15, tzinfo=UTC)),  # December stays December
    (datetime(2026, 8, 31, tzinfo=UTC), 18, datetime(2028, 2, 29, tzinfo=UTC)),
    (datetime(2026, 5, 31, tzinfo=UTC), 0, datetime(2026, 5, 31, tzinfo=UTC)),
])
def test_a_duration_ends_on_the_same_day_months_later_or_that_months_last_day(start: datetime, months: int,
                                                                            end: datetime) -> None:
    assert add_months(start, months) == end


def test_a_new_match_gets_the_programs_template_with_the_first_shared_goals_and_its_reviews_planned(
        pair: Program) -> None:
    with pair.session() as session:
        set_setting(session=session, key="agreement_duration_months", value=6, changed_by="UCOORD01", now=START)
        set_setting(session=session, key="agreement_contact", value="Email first", changed_by="UCOORD01", now=START)
        set_setting(session=session, key="pulse_after_days", value=21, changed_by="UCOORD01", now=START)
        for n, visible in enumerate([None, None, [pair.mentor_id], [999], None]):  # type: ignore[attr-defined]
            session.add(Goal(mentee_id=pair.mentee_id, title=f"goal {n}", visible_to=visible,  # type: ignore[attr-defined]
                             created_at=START, updated_at=START))
    row = opened(pair, offered_late=True)
    assert (row.cadence_days, row.duration_months, row.term_started_at, row.ends_at, row.version, row.status) == (
        30, 6, START, datetime(2026, 9, 2, 17, tzinfo=UTC), 1, AgreementStatus.PENDING)
    assert row.sections["contact"] == "Email first" and row.sections["offered_late"] is True
    assert row.sections["first_goals"] == ["goal 0", "goal 1", "goal 2"]  # the first three this mentor may see
    assert row.sections["confidentiality"] and row.sections["no_fault"]
    assert messages(pair) == [("mentee", MENTEE, False), ("mentor", MENTOR, False)]  # after the introduction
    views = [args[0] for args in pair.notifier.named("render_agreement")]
    assert [(v.role, v.me.slack_id, v.partner.slack_id, v.ends_on.isoformat(), v.offered_late) for v in views] == [
        ("mentee", MENTEE, MENTOR, "2026-09-02", True), ("mentor", MENTOR, MENTEE, "2026-09-02", True)]
    due = sorted((p.kind, p.role, p.due_at) for p in pair.rows(MatchPrompt))
    halfway = START + (row.ends_at - START) / 2
    assert due == sorted([(kind, role, at) for kind, at in (("midpoint", halfway), ("end", row.ends_at),
                                                            ("pulse", START + timedelta(days=21)))
                          for role in ("mentee", "mentor")])


def test_the_agreement_ends_on_each_readers_own_calendar(pair: Program) -> None:
    pair.clock.set(datetime(2026, 3, 3, 4, 30, tzinfo=UTC))  # 23:30 on the 2nd in Toronto, 21:30 in Edmonton
    opened(pair)
    views = {v.role: v for v in (args[0] for args in pair.notifier.named("render_agreement"))}
    assert views["mentee"].ends_on.isoformat() == views["mentor"].ends_on.isoformat() == "2027-03-02"


def test_one_click_each_and_the_first_to_agree_is_told_when_the_other_does(pair: Program) -> None:
    opened(pair)
    mine = step(pair, acknowledge, MENTOR)
    assert (mine.acked_by_me, mine.acked_by_partner, mine.agreed, mine.role) == (True, False, False, "mentor")
    with pytest.raises(AlreadyHandled, match="^You've already agreed to this; thank you!"):
        step(pair, acknowledge, MENTOR)
    pair.later(hours=2)
    theirs = step(pair, acknowledge, MENTEE)
    row = agreement(pair)
    assert (theirs.agreed, theirs.acked_by_partner, row.status, row.agreed_at) == (
        True, True, AgreementStatus.AGREED, pair.clock.now())
    assert (row.mentor_acked_at, row.mentee_acked_at) == (START, pair.clock.now())
    assert messages(pair)[2:] == [("v1:agreed:mentor", MENTOR, True)]  # only the one who agreed first is told
    assert actions(pair) == [("agreement.acknowledge", MENTOR), ("agreement.acknowledge", MENTEE)]
    with pytest.raises(AlreadyHandled, match="^Already handled: your agreement is in place"):
        step(pair, acknowledge, MENTEE, version=0)


@pytest.mark.parametrize("decision", [acknowledge, confirm_change])
def test_someone_outside_the_pair_is_refused_and_the_refusal_names_the_action(pair: Program, decision) -> None:  # type: ignore[no-untyped-def]
    opened(pair)
    with pytest.raises(NotYourAgreement, match="^That agreement belongs to another pair.$") as refused:
        step(pair, decision, STRANGER)
    assert isinstance(refused.value, Refused)
    action = "agreement.acknowledge" if decision is acknowledge else "agreement.confirm"
    assert (refused.value.actor, refused.value.action, refused.value.target) == (
        STRANGER, action, str(agreement(pair).id))
    with pytest.raises(NotYourAgreement) as refused:
        step(pair, propose_change, STRANGER, cadence_days=14, duration_months=6)
    assert refused.value.action == "agreement.propose"
    assert agreement(pair).mentee_acked_at is None and agreement(pair).mentor_acked_at is None


def test_a_click_on_an_agreement_that_no_longer_exists_is_told_so(pair: Program) -> None:
    opened(pair)
    with pair.session() as session:
        with pytest.raises(AgreementError, match=r"^That agreement no longer exists \(the match has ended\).$"):
            acknowledge(session=session, notifier=pair.notifier, agreement_id=999, version=1, actor=MENTEE, now=START)
        with pytest.raises(AgreementError, match="^That agreement no longer exists"):
            agreement_for_change(session=session, agreement_id=999, version=1, actor=MENTEE)


def test_a_change_waits_for_the_other_ones_confirmation_then_stands_agreed_by_both(pair: Program) -> None:
    opened(pair)
    step(pair, acknowledge, MENTEE)
    pair.later(days=1)
    proposed = step(pair, propose_change, MENTOR, cadence_days=14, duration_months=9)
    row = agreement(pair)
    assert (row.version, row.change_by, row.change_cadence_days, row.change_duration_months) == (2, "mentor", 14, 9)
    assert (proposed.change.by.slack_id, proposed.change.cadence_days, proposed.change.duration_months,
            proposed.change_is_mine) == (MENTOR, 14, 9, True)
    assert messages(pair)[2:] == [("v2:mentee", MENTEE, True)]
    [told] = [args[0] for args in pair.notifier.named("render_agreement_change")]
    assert (told.role, told.change_is_mine, told.change.by.slack_id) == ("mentee", False, MENTOR)
    with pytest.raises(AlreadyHandled, match="^Already handled: this agreement has changed since"):
        step(pair, confirm_change, MENTOR)  # the proposer cannot confirm their own change
    with pytest.raises(AlreadyHandled, match="^Already handled: Dr. Morgan Lee has since proposed a change"):
        step(pair, acknowledge, MENTEE, version=1)
    pair.later(days=1)
    confirmed = step(pair, confirm_change, MENTEE)
    row = agreement(pair)
    assert (row.cadence_days, row.duration_months, row.ends_at, row.version, row.status) == (
        14, 9, add_months(START, 9), 3, AgreementStatus.AGREED)
    assert (row.change_by, row.change_cadence_days, row.change_duration_months) == (None, None, None)
    assert (row.mentee_acked_at, row.mentor_acked_at) == (START, pair.clock.now())  # the first click is kept
    assert (confirmed.agreed, confirmed.change) == (True, None)
    [match] = pair.rows(Match)
    assert match.cadence_days == 14
    midpoints = {p.due_at for p in pair.rows(MatchPrompt, kind="midpoint")}
    assert midpoints == {START + (add_months(START, 9) - START) / 2}
    assert messages(pair)[3:] == [("v3:agreed:mentor", MENTOR, True)]
    assert actions(pair)[1:] == [("agreement.propose", MENTOR), ("agreement.confirm", MENTEE)]
    with pair.sessions() as session:
        [proposal] = audit_events(session=session, action="agreement.propose")
    assert proposal.detail == {"cadence_days": 14, "duration_months": 9}


def test_a_change_of_the_duration_alone_keeps_the_cadence(pair: Program) -> None:
    opened(pair)
    step(pair, propose_change, MENTEE, cadence_days=30, duration_months=24)
    step(pair, confirm_change, MENTOR)
    row = agreement(pair)
    assert (row.cadence_days, row.duration_months, row.ends_at) == (30, 24, datetime(2028, 3, 2, 17, tzinfo=UTC))


@pytest.mark.parametrize(("cadence", "months", "answer"), [
    (10, 12, "Pick a cadence and a duration from the lists."),
    (30, 5, "Pick a cadence and a duration from the lists."),
    (30, 12, "That's what the agreement already says; “I agree” is enough."),
])
def test_a_change_outside_the_lists_or_to_the_same_terms_is_refused(pair: Program, cadence: int, months: int,
                                                                     answer: str) -> None:
    opened(pair)
    with pytest.raises(AgreementError) as refused:
        step(pair, propose_change, MENTEE, cadence_days=cadence, duration_months=months)
    assert str(refused.value) == answer and not isinstance(refused.value, AlreadyHandled)
    assert (agreement(pair).version, agreement(pair).change_by) == (1, None)


@pytest.mark.parametrize("cadence,months", [(7, 3), (60, 24)])
def test_the_ends_of_the_lists_are_accepted(pair: Program, cadence: int, months: int) -> None:
    opened(pair)
    step(pair, propose_change, MENTEE, cadence_days=cadence, duration_months=months)
    assert agreement(pair).change_cadence_days == cadence


def test_an_ended_match_keeps_its_agreement_as_it_was(pair: Program) -> None:
    opened(pair)
    step(pair, propose_change, MENTEE, cadence_days=14, duration_months=12)
    with pair.session() as session:
        session.get(Match, pair.match_id).status = MatchStatus.ENDED  # type: ignore[attr-defined]
    message = "^This match has ended, so its agreement can't change any more.$"
    with pytest.raises(AlreadyHandled, match=message):
        step(pair, confirm_change, MENTOR)
    with pytest.raises(AlreadyHandled, match=message):
        step(pair, propose_change, MENTOR, cadence_days=7, duration_months=12)
    with pair.sessions() as session, pytest.raises(AlreadyHandled, match=message):
        agreement_for_change(session=session, agreement_id=agreement(pair).id, version=2, actor=MENTOR)
    assert agreement(pair).cadence_days == 30


def test_the_change_form_shows_the_version_clicked_or_says_what_changed(pair: Program) -> None:
    opened(pair)
    with pair.sessions() as session:
        view = agreement_for_change(session=session, agreement_id=agreement(pair).id, version=1, actor=MENTOR)
        assert (view.role, view.version) == ("mentor", 1)
        with pytest.raises(NotYourAgreement):
            agreement_for_change(session=session, agreement_id=agreement(pair).id, version=1, actor=STRANGER)
    step(pair, propose_change, MENTEE, cadence_days=14, duration_months=12)
    with pair.sessions() as session, pytest.raises(AlreadyHandled, match="^Already handled: Riley Resident has since"):
        agreement_for_change(session=session, agreement_id=agreement(pair).id, version=1, actor=MENTOR)


def test_app_home_lists_each_active_matchs_agreement_as_its_reader_reads_it(pair: Program) -> None:
    opened(pair)
    with pair.sessions() as session:
        [mentee_view] = agreements_of(session=session, person_id=pair.mentee_id, slack_id=MENTEE)  # type: ignore[attr-defined]
        [mentor_view] = agreements_of(session=session, person_id=pair.mentor_id, slack_id=MENTOR)  # type: ignore[attr-defined]
    assert (mentee_view.role, mentor_view.role) == ("mentee", "mentor")
    with pair.session() as session:
        session.get(Match, pair.match_id).status = MatchStatus.ENDED  # type: ignore[attr-defined]
    with pair.sessions() as session:
        assert agreements_of(session=session, person_id=pair.mentee_id, slack_id=MENTEE) == []  # type: ignore[attr-defined]


def test_the_digest_counts_pending_agreements_of_active_matches_within_a_coordinators_programs(
        pair: Program) -> None:
    opened(pair)

    def count(programs: frozenset[str] | None = None) -> int:
        with pair.sessions() as session:
            return unacknowledged_count(session=session, programs=programs)

    assert (count(), count(frozenset({"Surgery"})), count(frozenset({"Internal Medicine"})),
            count(frozenset({"Psychiatry"}))) == (1, 1, 1, 0)  # the mentee's program or the mentor's
    step(pair, acknowledge, MENTEE)
    assert count() == 1
    step(pair, acknowledge, MENTOR)
    assert (count(), count(frozenset({"Surgery"}))) == (0, 0)
