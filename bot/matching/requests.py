"""A mentee's open requests follow their profile; a leaver's unanswered proposals are withdrawn."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.matching.info import ProposalInfo, proposal_info
from bot.matching.views import Withdrawn
from storage.queries.matching import (
    active_matches,
    add_request,
    open_requests,
    pending_proposal_for,
    pending_proposals_involving,
)
from storage.tables import Person, ProposalStatus, RequestStatus


def withdraw_proposals_of_leaver(*, session: Session, person: Person, now: datetime) -> list[Withdrawn]:
    """Someone left: every proposal not yet answered that involves them is withdrawn, so no one can accept it."""
    withdrawn = []
    for proposal in pending_proposals_involving(session=session, person_id=person.id or 0):
        proposal.status, proposal.answered_at = ProposalStatus.WITHDRAWN, now
        session.add(proposal)
        withdrawn.append(Withdrawn(proposal_info(session, proposal), proposal.consent_channel, proposal.consent_ts,
                                   proposal.consent_message_id))
    return withdrawn


def sync_requests(*, session: Session, person: Person, kinds_wanted: list[str], now: datetime) -> None:
    """Open a request for each kind wanted without a mentor or a request; withdraw those no longer wanted."""
    covered = {m.kind for m in active_matches(session=session, person_id=person.id) if m.mentee_id == person.id}
    open_now = {r.kind: r for r in open_requests(session=session, mentee_id=person.id)}
    for kind in kinds_wanted:
        if kind not in covered and kind not in open_now:
            add_request(session=session, mentee_id=person.id or 0, kind=kind, now=now)
    for kind, request in open_now.items():
        if kind not in kinds_wanted and pending_proposal_for(session=session, request_id=request.id or 0) is None:
            request.status, request.closed_at = RequestStatus.WITHDRAWN, now
            session.add(request)


def arranging_kinds(*, session: Session, mentee_id: int) -> dict[str, str]:
    """Kinds this mentee has a proposal under way for: "review" (with the coordinators) or "consent" (mentor asked)."""
    stage = {ProposalStatus.PENDING_REVIEW: "review", ProposalStatus.AWAITING_MENTOR: "consent"}
    under_way = {}
    for request in open_requests(session=session, mentee_id=mentee_id):
        proposal = pending_proposal_for(session=session, request_id=request.id or 0)
        if proposal is not None:
            under_way[request.kind] = stage[ProposalStatus(proposal.status)]
    return under_way
