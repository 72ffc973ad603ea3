"""A proposal's row: created from a mentor option, then moved on from one status exactly once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.i18n import N_, _
from bot.matching.errors import AlreadyDecided, MatchingError
from bot.matching.pool import MentorOption
from storage.queries.decisions import compare_and_set
from storage.tables import MatchRequest, Proposal, ProposalStatus


def new_proposal(session: Session, request: MatchRequest, option: MentorOption, *, source: str, status: str,
                  now: datetime, batch_id: str | None = None) -> Proposal:
    proposal = Proposal(request_id=request.id or 0, mentor_id=option.mentor_id, score=option.fit.score,
                        reasons=list(option.fit.reasons), source=source, batch_id=batch_id, status=status,
                        created_at=now, asked_at=now if status == ProposalStatus.AWAITING_MENTOR else None)
    session.add(proposal)
    session.flush()
    return proposal

_STATUS_WORDS = {
    ProposalStatus.PENDING_REVIEW: N_("pending review"),
    ProposalStatus.AWAITING_MENTOR: N_("awaiting mentor"),
    ProposalStatus.ACCEPTED: N_("accepted"),
    ProposalStatus.DECLINED: N_("declined"),
    ProposalStatus.EXPIRED: N_("expired"),
    ProposalStatus.REJECTED: N_("rejected"),
    ProposalStatus.WITHDRAWN: N_("withdrawn"),
}


def proposal_status_words(status: str) -> str:
    return _(_STATUS_WORDS[ProposalStatus(status)])


def open_proposal(session: Session, proposal_id: int, *, status: str) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise MatchingError(_("That proposal no longer exists."))
    if proposal.status != status:
        raise _already_handled(proposal)
    return proposal


def _already_handled(proposal: Proposal) -> AlreadyDecided:
    return AlreadyDecided(_("That proposal was already handled (it is {status}).").format(
        status=proposal_status_words(proposal.status)))


def decide(session: Session, proposal_id: int, *, expected: ProposalStatus, **values: Any) -> Proposal:
    """Move a proposal on from `expected`, exactly once however many clicks arrive together."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise MatchingError(_("That proposal no longer exists."))
    if not compare_and_set(session=session, model=Proposal, row_id=proposal_id, expected=expected, **values):
        session.refresh(proposal)
        raise _already_handled(proposal)
    session.refresh(proposal)
    return proposal
