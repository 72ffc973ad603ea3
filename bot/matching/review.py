"""A coordinator's review of batch proposals: approve, reject or swap each one, exactly once, within their scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.access import FACULTY_WIDE, Scope, scope_refusal_text
from bot.i18n import _
from bot.matching.errors import AlreadyDecided, MatchingError, NotYours
from bot.matching.fit import MatchingConfig
from bot.matching.info import PersonRef, ProposalInfo, person_row, proposal_info, ref
from bot.matching.pool import MentorOption, Pool
from bot.matching.proposals import decide, open_proposal
from storage.queries.audit import record_audit
from storage.tables import MatchRequest, Proposal, ProposalStatus


def approve(*, session: Session, proposal_id: int, actor: str, now: datetime) -> ProposalInfo:
    """A coordinator approves a proposal: the mentor is now asked for consent."""
    proposal = decide(session, proposal_id, expected=ProposalStatus.PENDING_REVIEW,
                       status=ProposalStatus.AWAITING_MENTOR, asked_at=now, reviewed_by=actor)
    record_audit(session=session, now=now, actor=actor, action="match.approve", target=str(proposal_id))
    return proposal_info(session, proposal)


def reject(*, session: Session, proposal_id: int, actor: str, now: datetime) -> ProposalInfo:
    """A coordinator rejects a proposal; the request stays open and this mentor is not proposed again for it."""
    proposal = decide(session, proposal_id, expected=ProposalStatus.PENDING_REVIEW,
                       status=ProposalStatus.REJECTED, answered_at=now, reviewed_by=actor)
    record_audit(session=session, now=now, actor=actor, action="match.reject", target=str(proposal_id))
    return proposal_info(session, proposal)


@dataclass(frozen=True)
class Review:
    decided: tuple[ProposalInfo, ...]
    already_handled: int  # proposals another coordinator (or click) decided first


def check_proposal_scope(*, session: Session, proposal_id: int, scope: Scope, actor: str,
                         action: str = "match.review") -> None:
    """A program coordinator decides only proposals whose mentee or mentor is in one of their programs
    (raises NotYours, audited)."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or scope.faculty_wide:
        return
    request = session.get(MatchRequest, proposal.request_id)
    mentee = person_row(session, request.mentee_id) if request else None
    mentor = person_row(session, proposal.mentor_id)
    if not scope.covers_any([mentee.program if mentee else None, mentor.program]):
        raise NotYours(scope_refusal_text(scope), actor=actor, action=action, target=str(proposal_id))


def review(*, session: Session, proposal_ids: list[int], approving: bool, actor: str, now: datetime,
           scope: Scope = FACULTY_WIDE) -> Review:
    """Approve or reject several proposals; those decided meanwhile by someone else are counted, not redone."""
    decide = approve if approving else reject
    decided, already = [], 0
    for proposal_id in proposal_ids:
        check_proposal_scope(session=session, proposal_id=proposal_id, scope=scope, actor=actor)
        try:
            decided.append(decide(session=session, proposal_id=proposal_id, actor=actor, now=now))
        except AlreadyDecided:  # nothing was written for it
            already += 1
    return Review(tuple(decided), already)


def alternatives(*, session: Session, proposal_id: int, now: datetime, config: MatchingConfig,
                 limit: int = 5) -> list[tuple[PersonRef, MentorOption]]:
    """Other mentors who could take this proposal's place (for a coordinator's swap)."""
    proposal = open_proposal(session, proposal_id, status=ProposalStatus.PENDING_REVIEW)
    request = session.get(MatchRequest, proposal.request_id)
    pool = Pool.load_from(session, now, config)
    options = [o for o in pool.options(request) if o.mentor_id != proposal.mentor_id  # type: ignore[arg-type]
               and pool.free_places(o.mentor_id, request.kind) > 0]  # type: ignore[union-attr]
    return [(ref(pool.people[o.mentor_id]), o) for o in options[:limit]]


def swap(*, session: Session, proposal_id: int, mentor_slack_id: str, actor: str, now: datetime,
         config: MatchingConfig) -> ProposalInfo:
    choices = {who.slack_id: option for who, option in alternatives(session=session, proposal_id=proposal_id, now=now,
                                                                     config=config, limit=50)}
    if mentor_slack_id not in choices:
        raise MatchingError(_("That mentor can't take this request (not suitable, excluded or full)."))
    option = choices[mentor_slack_id]
    proposal = decide(session, proposal_id, expected=ProposalStatus.PENDING_REVIEW, mentor_id=option.mentor_id,
                       score=option.fit.score, reasons=list(option.fit.reasons), reviewed_by=actor)
    record_audit(session=session, now=now, actor=actor, action="match.swap", target=str(proposal_id),
                 detail={"mentor": mentor_slack_id})
    return proposal_info(session, proposal)
