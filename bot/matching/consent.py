"""The mentor's consent: accepting creates the match, declining (or silence) falls through to the next-best mentor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.checkin_plan import plan_cycle
from bot.i18n import _
from bot.matching.errors import AlreadyDecided, NotYours
from bot.matching.fit import MatchingConfig
from bot.matching.info import MatchInfo, ProposalInfo, Unfilled, match_info, proposal_info
from bot.matching.pool import Pool
from bot.matching.proposals import new_proposal, proposal_status_words
from storage.queries.audit import record_audit
from storage.queries.decisions import compare_and_set
from storage.queries.matching import expired_consents
from storage.queries.people import get_person
from storage.tables import Match, MatchRequest, MenteeProfile, Proposal, ProposalStatus, RequestStatus


@dataclass(frozen=True)
class ConsentOutcome:
    accepted: bool
    proposal: ProposalInfo
    match: MatchInfo | None = None  # when accepted
    next_proposal: ProposalInfo | None = None  # when declined and another mentor fits
    unfilled: Unfilled | None = None  # when declined and nobody else fits


def record_consent_message(*, session: Session, proposal_id: int, message_id: int) -> None:
    proposal = session.get(Proposal, proposal_id)
    if proposal is not None:
        proposal.consent_message_id = message_id
        session.add(proposal)


def answer_consent(*, session: Session, proposal_id: int, mentor_slack_id: str, accept: bool, now: datetime,
                   config: MatchingConfig) -> ConsentOutcome:
    """Accept creates the match; decline moves on to the next-best mentor, and the mentee is never told who declined."""
    proposal = session.get(Proposal, proposal_id)
    mentor = get_person(session=session, slack_user_id=mentor_slack_id)
    if proposal is None or mentor is None or proposal.mentor_id != mentor.id:
        raise NotYours(_("That request wasn't addressed to you."), actor=mentor_slack_id, action="match.consent",
                       target=str(proposal_id))
    answer = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    if not compare_and_set(session=session, model=Proposal, row_id=proposal_id, expected=ProposalStatus.AWAITING_MENTOR,
                           status=answer, answered_at=now):
        session.refresh(proposal)
        raise AlreadyDecided(_("You already answered this one ({status}). Thank you!").format(
            status=proposal_status_words(proposal.status)))
    session.refresh(proposal)
    record_audit(session=session, now=now, actor=mentor_slack_id, action=f"match.{proposal.status}",
                 target=str(proposal_id))
    if accept:
        return ConsentOutcome(True, proposal_info(session, proposal), match=_create_match(session, proposal, now))
    return _fall_through(session, proposal, now, config)


def _create_match(session: Session, proposal: Proposal, now: datetime) -> MatchInfo:
    request = session.get(MatchRequest, proposal.request_id)
    assert request is not None
    profile = session.get(MenteeProfile, request.mentee_id)
    request.status, request.closed_at = RequestStatus.MATCHED, now
    match = Match(mentee_id=request.mentee_id, mentor_id=proposal.mentor_id, kind=request.kind, request_id=request.id,
                  cadence_days=profile.cadence_days if profile else 30, reasons=list(proposal.reasons), started_at=now)
    session.add_all([request, match])
    session.flush()
    plan_cycle(session=session, match=match, cycle=1)
    return match_info(session, match)


def _fall_through(session: Session, proposal: Proposal, now: datetime, config: MatchingConfig) -> ConsentOutcome:
    request = session.get(MatchRequest, proposal.request_id)
    assert request is not None
    pool = Pool.for_request(session, now, config, request)
    info = proposal_info(session, proposal)
    if request.mentee_id not in pool.mentees:
        return ConsentOutcome(False, info)
    options = [o for o in pool.options(request) if pool.free_places(o.mentor_id, request.kind) > 0]
    if not options:
        return ConsentOutcome(False, info, unfilled=Unfilled(info.mentee, request.kind, pool.unfilled_reason(request)))
    successor = new_proposal(session, request, options[0], source="fallthrough", status=ProposalStatus.AWAITING_MENTOR,
                              now=now)
    return ConsentOutcome(False, info, next_proposal=proposal_info(session, successor))


def expire_consents(*, session: Session, now: datetime, timeout: timedelta, config: MatchingConfig) -> list[ConsentOutcome]:
    """Consent requests unanswered for `timeout` count as declined (silently) and move on."""
    outcomes = []
    for proposal in expired_consents(session=session, asked_before=now - timeout):
        if compare_and_set(session=session, model=Proposal, row_id=proposal.id or 0,
                           expected=ProposalStatus.AWAITING_MENTOR, status=ProposalStatus.EXPIRED, answered_at=now):
            session.refresh(proposal)
            outcomes.append(_fall_through(session, proposal, now, config))
    return outcomes
