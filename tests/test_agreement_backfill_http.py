"""Matches made before agreements existed are offered one, once: both people get it through the outbox, saying
why it comes late, and agree with one click as any pair does; a second run offers nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, delete

from bot.agreements.backfill import offer_missing_agreements
from storage.engine import transaction
from storage.tables import Agreement, AgreementStatus, MatchPrompt, OutboxMessage
from tests.agreement_pairs import MATCHED_AT, MENTEE, MENTOR, dms, make_pair, rows
from tests.conftest import Harness, drain

LATE = "began before the program had mentoring agreements"
LATER = MATCHED_AT + timedelta(days=60)  # a Friday, 13:00 in Toronto


def legacy_pair(harness: Harness) -> int:
    """A pair whose match predates agreements: made as usual, then its agreement, its questions and its messages
    removed (so the new agreement, which may reuse the old row id on SQLite, is not taken for the old one's)."""
    match_id = make_pair(harness)
    with transaction(harness.deps.sessions) as session:
        session.execute(delete(MatchPrompt))
        session.execute(delete(Agreement))
        session.execute(delete(OutboxMessage).where(col(OutboxMessage.key).startswith("agreement:")))
    return match_id


def offer(harness: Harness) -> list[int]:
    harness.clock.set(LATER)
    with transaction(harness.deps.sessions) as session:
        offered = offer_missing_agreements(session=session, notifier=harness.deps.notifier.within(session, LATER),
                                           actor="cli", now=LATER)
    drain(harness)
    return offered


def test_an_old_match_is_offered_its_agreement_once_and_both_can_agree(harness: Harness) -> None:
    match_id = legacy_pair(harness)
    assert offer(harness) == [match_id]
    for person in (MENTEE, MENTOR):
        assert harness.slack.wait_for(lambda: dms(harness, person, LATE))
    (agreement,) = rows(harness, Agreement)
    assert agreement.term_started_at == LATER  # its term starts when it is offered, not when the match began
    assert len(rows(harness, MatchPrompt)) == 6  # both people's pulse, midpoint and end review of that term
    assert offer(harness) == []  # idempotent: nothing offered, nothing sent again
    assert len(dms(harness, MENTEE, LATE)) == 1 and len(rows(harness, Agreement)) == 1
    harness.slack.click(MENTEE, "agreement_ack")
    harness.slack.wait_for(lambda: rows(harness, Agreement)[0].mentee_acked_at)
    harness.slack.click(MENTOR, "agreement_ack")
    harness.slack.wait_for(lambda: rows(harness, Agreement)[0].status == AgreementStatus.AGREED)


def test_a_pair_that_already_has_an_agreement_is_left_alone(harness: Harness) -> None:
    make_pair(harness)
    before = len(harness.slack.messages_to(MENTEE))
    assert offer(harness) == []
    assert len(harness.slack.messages_to(MENTEE)) == before and not dms(harness, MENTEE, LATE)
