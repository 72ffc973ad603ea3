"""Telling people what matching decided: consent requests, introductions, fall-through and gaps.

Each function queues its messages in the caller's transaction (a notifier bound with `within`), so a proposal never
moves to "awaiting mentor" without its consent request, nor a pair to a match without its introduction."""

from __future__ import annotations

from sqlmodel import Session

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
from bot.i18n import later
from bot.mrkdwn import escape_mrkdwn
from bot.vocabulary import kind_name
from bot.notify import MessageRef, Notifier
from bot.program_settings import setting
from storage.queries.coordinators import coordinators_covering
from storage.queries.outbox import message_place
from storage.tables import Match, MatchRequest, Person, Proposal


def ask_for_consent(session: Session, proposal: ProposalInfo, notifier: Notifier) -> None:
    where = notifier.ask_consent(proposal)
    assert where.outbox_id is not None
    record_consent_message(session=session, proposal_id=proposal.proposal_id, message_id=where.outbox_id)


def consent_window_hours(session: Session) -> int:
    """How long a mentor has to answer before the next one is asked."""
    return int(setting(session, "consent_timeout_hours"))


def ask_approved_mentor(session: Session, proposal: ProposalInfo, notifier: Notifier) -> None:
    """A coordinator approved: ask the mentor, and let the mentee know a mentor is being asked (never who)."""
    ask_for_consent(session, proposal, notifier)
    notifier.mentor_asked_for_mentee(proposal, consent_window_hours(session))


def send_for_review(session: Session, batch: BatchResult, reviewers: list[str], notifier: Notifier) -> None:
    """Each reviewer gets a copy of the batch; its message is kept, so every copy can follow each decision."""
    for reviewer in reviewers:
        where = notifier.send_review(reviewer, batch)
        assert where.outbox_id is not None
        record_review_copy(session=session, batch=batch, message_id=where.outbox_id)


def refresh_review_copies(session: Session, batch_id: str, notifier: Notifier,
                          clicked: MessageRef | None = None) -> None:
    """Edit every copy of a batch's review to what was decided, by whom, and what is left, so nobody acts on a
    stale copy. `clicked` is the copy acted on, refreshed even when its place was never recorded (older batches)."""
    session.flush()
    proposals = batch_proposals(session=session, batch_id=batch_id)
    places: dict[MessageRef, tuple] = {}
    for copy in review_copies_of(session=session, batch_id=batch_id):
        places[_place(session, copy.message_id, copy.channel, copy.ts)] = copy.unfilled
    if clicked is not None:
        places.setdefault(clicked, ())
    for where, unfilled in places.items():
        notifier.review_changed(batch_id, proposals, unfilled, where)


def _place(session: Session, message_id: int | None, channel: str | None, ts: str | None) -> MessageRef:
    """Where a message is, as Slack knows it once sent (so a click on it names the same place), else its outbox id."""
    if message_id is None:
        return MessageRef(channel, ts)
    landed = message_place(session=session, message_id=message_id)
    return MessageRef(*landed) if landed else MessageRef(outbox_id=message_id)


def deliver_outcome(session: Session, outcome: ConsentOutcome, notifier: Notifier, *, lapsed: bool = False) -> None:
    """Close the consent message, then introduce the pair, ask the next mentor, or tell coordinators of a gap."""
    where = _consent_message(session, outcome.proposal.proposal_id)
    if where is not None:
        notifier.consent_closed(outcome.proposal, where, None if lapsed else outcome.accepted)
    if outcome.match is not None:
        introduced = notifier.introduce(outcome.match)
        match = session.get(Match, outcome.match.match_id)
        if match is not None:
            match.intro_message_id = introduced.outbox_id
            session.add(match)
    elif outcome.next_proposal is not None:
        ask_for_consent(session, outcome.next_proposal, notifier)
    elif outcome.unfilled is not None:
        gap = outcome.unfilled
        request = session.get(MatchRequest, gap.request_id)
        mentee = session.get(Person, request.mentee_id) if request else None
        covering = coordinators_covering(session=session, programs=[mentee.program if mentee else None])
        for coordinator in [c.slack_user_id for c in covering]:
            notifier.notice(coordinator, later("No {kind} mentor is available for {name} right now ({reason}). The "
                                               "request stays open for the next matching round.",
                                               kind=kind_name(gap.kind), name=escape_mrkdwn(gap.mentee.name),
                                               reason=gap.reason))


def homes_to_refresh(outcome: ConsentOutcome) -> list[str]:
    """Whose App Home changes with this outcome (re-published after the transaction commits)."""
    return [outcome.match.mentee.slack_id, outcome.match.mentor.slack_id] if outcome.match is not None else []


def retire_introduction(session: Session, match: MatchInfo, notifier: Notifier) -> None:
    """An ended match's introduction loses its buttons, so nobody clicks on a match that is over."""
    row = session.get(Match, match.match_id)
    if row is None:
        return
    if row.intro_message_id is not None:
        notifier.introduction_ended(match, MessageRef(outbox_id=row.intro_message_id))
    elif row.intro_channel and row.intro_ts:
        notifier.introduction_ended(match, MessageRef(row.intro_channel, row.intro_ts))


def _consent_message(session: Session, proposal_id: int) -> MessageRef | None:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        return None
    if proposal.consent_message_id is not None:
        return MessageRef(outbox_id=proposal.consent_message_id)
    if proposal.consent_channel and proposal.consent_ts:
        return MessageRef(proposal.consent_channel, proposal.consent_ts)
    return None


def consent_message_of(withdrawn_channel: str | None, withdrawn_ts: str | None,
                       message_id: int | None) -> MessageRef | None:
    """The consent request of a withdrawn proposal, however it was recorded."""
    if message_id is not None:
        return MessageRef(outbox_id=message_id)
    return MessageRef(withdrawn_channel, withdrawn_ts) if withdrawn_channel and withdrawn_ts else None
