"""Batch proposals: the optimal assignment of every open request, held for coordinator review, and the
coordinators' copies of that review kept current."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.access import FACULTY_WIDE, Scope
from bot.matching.fit import MatchingConfig
from bot.matching.info import ProposalInfo, Unfilled, person_row, proposal_info, ref
from bot.i18n import Deferred
from bot.matching.pool import AT_CAPACITY, Pool, in_english
from bot.matching.proposals import new_proposal
from bot.matching.types import ALL_AT_CAPACITY, Candidate, Request
from bot.matching.views import BatchResult
from storage.queries.audit import record_audit
from storage.queries.matching import (
    add_review_copy,
    open_requests,
    pending_proposal_for,
    proposals_in_batch,
    review_copies,
)
from storage.tables import MatchRequest, ProposalStatus


def propose_batch(*, session: Session, now: datetime, config: MatchingConfig, actor: str,
                  scope: Scope = FACULTY_WIDE) -> BatchResult:
    """Optimal proposals for every open request not already being handled, held for coordinator review; for a
    program coordinator, only their programs' mentees' requests (mentors come from anywhere)."""
    from bot.matching.pruned import solve_on_best_candidates  # scipy: loaded by the processes that match only
    pool = Pool.load_from(session, now, config)
    requests = [r for r in open_requests(session=session)
                if r.mentee_id in pool.mentees and scope.covers(pool.people[r.mentee_id].program)
                and pending_proposal_for(session=session, request_id=r.id or 0) is None]
    options = {(r.id, o.mentor_id): o for r in requests for o in pool.options(r)}
    candidates = [Candidate(request_id or 0, mentor_id, o.fit.score) for (request_id, mentor_id), o in options.items()]
    result = solve_on_best_candidates([Request(r.id or 0, r.mentee_id, r.kind) for r in requests], candidates,
                                      pool.capacities(), distributed=config.distributed)
    batch_id = uuid.uuid4().hex[:12]
    by_id = {r.id: r for r in requests}
    proposals = [
        new_proposal(session, by_id[a.request_id], options[(a.request_id, a.mentor_id)], source="batch",
                      status=ProposalStatus.PENDING_REVIEW, now=now, batch_id=batch_id)
        for a in result.assignments
    ]
    unfilled = tuple(
        Unfilled(ref(pool.people[by_id[u.request_id].mentee_id]), by_id[u.request_id].kind,
                 AT_CAPACITY if u.reason == ALL_AT_CAPACITY else pool.unfilled_reason(by_id[u.request_id]),
                 u.request_id)
        for u in result.unfilled
    )
    record_audit(session=session, now=now, actor=actor, action="match.propose_batch", target=batch_id,
                 detail={"proposals": len(proposals), "unfilled": len(unfilled)})
    return BatchResult(batch_id, tuple(proposal_info(session, p) for p in proposals), unfilled)


def batch_proposals(*, session: Session, batch_id: str) -> list[ProposalInfo]:
    return [proposal_info(session, p) for p in proposals_in_batch(session=session, batch_id=batch_id)]


@dataclass(frozen=True)
class ReviewCopyInfo:
    channel: str | None
    ts: str | None
    unfilled: tuple[Unfilled, ...]  # as first sent, so an edited copy keeps its "no mentor found yet" lines
    message_id: int | None = None  # the copy's outbox message


def record_review_copy(*, session: Session, batch: BatchResult, message_id: int) -> None:
    """Remember which outbox message carries a coordinator's copy of this batch's review, to keep it current."""
    # by request id, not Slack id or name: the request row is the mentee's data (my-data, retention) already
    unfilled = [{"request_id": str(u.request_id), "reason": in_english(u.reason)} for u in batch.unfilled]
    add_review_copy(session=session, batch_id=batch.batch_id, message_id=message_id, unfilled=unfilled)


def review_copies_of(*, session: Session, batch_id: str) -> list[ReviewCopyInfo]:
    """Every copy of this batch's review, oldest first."""
    return [ReviewCopyInfo(copy.channel, copy.ts, tuple(u for u in (_unfilled_again(session, s) for s in copy.unfilled) if u),
                           copy.message_id)
            for copy in review_copies(session=session, batch_id=batch_id)]


def _unfilled_again(session: Session, stored: dict[str, str]) -> Unfilled | None:
    """None when the request is gone (its mentee's rows were deleted): the line is dropped, not guessed."""
    request = session.get(MatchRequest, int(stored["request_id"]))
    if request is None:
        return None
    return Unfilled(ref(person_row(session, request.mentee_id)), request.kind, Deferred(stored["reason"]), request.id or 0)
