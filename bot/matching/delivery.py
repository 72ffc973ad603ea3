"""Telling people what matching decided: consent requests, introductions, fall-through and gaps."""

from __future__ import annotations

from bot.matching.service import (
    BatchResult,
    ConsentOutcome,
    MatchInfo,
    ProposalInfo,
    batch_proposals,
    record_consent_message,
    record_review_copy,
    review_copies_of,
)
from bot.mrkdwn import escape_mrkdwn
from bot.notify import MessageRef, Notifier
from bot.program_settings import setting
from storage.engine import SessionFactory, transaction
from storage.queries.people import coordinators
from storage.tables import Match, Proposal


def ask_for_consent(proposal: ProposalInfo, notifier: Notifier, sessions: SessionFactory) -> None:
    where = notifier.ask_consent(proposal)
    with transaction(sessions) as session:
        record_consent_message(session=session, proposal_id=proposal.proposal_id, channel=where.channel, ts=where.ts)


def consent_window_hours(sessions: SessionFactory) -> int:
    """How long a mentor has to answer before the next one is asked."""
    with sessions() as session:
        return int(setting(session, "consent_timeout_hours"))


def ask_approved_mentor(proposal: ProposalInfo, notifier: Notifier, sessions: SessionFactory) -> None:
    """A coordinator approved: ask the mentor, and let the mentee know a mentor is being asked (never who)."""
    ask_for_consent(proposal, notifier, sessions)
    notifier.mentor_asked_for_mentee(proposal, consent_window_hours(sessions))
    notifier.refresh_home(proposal.mentee.slack_id)


def send_for_review(batch: BatchResult, reviewers: list[str], notifier: Notifier, sessions: SessionFactory) -> None:
    """Each reviewer gets a copy of the batch; where it landed is kept, so every copy can follow each decision."""
    for reviewer in reviewers:
        where = notifier.send_review(reviewer, batch)
        with transaction(sessions) as session:
            record_review_copy(session=session, batch=batch, channel=where.channel, ts=where.ts)


def refresh_review_copies(batch_id: str, notifier: Notifier, sessions: SessionFactory,
                          clicked: MessageRef | None = None) -> None:
    """Edit every copy of a batch's review to what was decided, by whom, and what is left, so nobody acts on a
    stale copy. `clicked` is the copy acted on, refreshed even when its place was never recorded (older batches)."""
    with sessions() as session:
        proposals = batch_proposals(session=session, batch_id=batch_id)
        copies = review_copies_of(session=session, batch_id=batch_id)
    places = {MessageRef(c.channel, c.ts): c.unfilled for c in copies}
    if clicked is not None:
        places.setdefault(clicked, ())
    for where, unfilled in places.items():
        notifier.review_changed(batch_id, proposals, unfilled, where)


def deliver_outcome(outcome: ConsentOutcome, notifier: Notifier, sessions: SessionFactory, *, lapsed: bool = False) -> None:
    """Close the consent message, then introduce the pair, ask the next mentor, or tell coordinators of a gap."""
    where = _consent_message(sessions, outcome.proposal.proposal_id)
    if where is not None:
        notifier.consent_closed(outcome.proposal, where, None if lapsed else outcome.accepted)
    if outcome.match is not None:
        introduced = notifier.introduce(outcome.match)
        with transaction(sessions) as session:
            match = session.get(Match, outcome.match.match_id)
            if match is not None:
                match.intro_channel, match.intro_ts = introduced.channel, introduced.ts
                session.add(match)
        notifier.refresh_home(outcome.match.mentee.slack_id)
        notifier.refresh_home(outcome.match.mentor.slack_id)
    elif outcome.next_proposal is not None:
        ask_for_consent(outcome.next_proposal, notifier, sessions)
    elif outcome.unfilled is not None:
        gap = outcome.unfilled
        with sessions() as session:
            recipients = [c.slack_user_id for c in coordinators(session=session)]
        for coordinator in recipients:
            notifier.notice(coordinator, f"No {gap.kind} mentor is available for {escape_mrkdwn(gap.mentee.name)} right now "
                                         f"({gap.reason}). The request stays open for the next matching round.")


def retire_introduction(match: MatchInfo, notifier: Notifier, sessions: SessionFactory) -> None:
    """An ended match's introduction loses its buttons, so nobody clicks on a match that is over."""
    with sessions() as session:
        row = session.get(Match, match.match_id)
        where = MessageRef(row.intro_channel, row.intro_ts) if row and row.intro_channel and row.intro_ts else None
    if where is not None:
        notifier.introduction_ended(match, where)


def _consent_message(sessions: SessionFactory, proposal_id: int) -> MessageRef | None:
    with sessions() as session:
        proposal = session.get(Proposal, proposal_id)
        if proposal is None or not proposal.consent_channel or not proposal.consent_ts:
            return None
        return MessageRef(proposal.consent_channel, proposal.consent_ts)
