"""Matching flows: batch proposals for coordinator review, self-service shortlists, mentor consent
with fall-through to the next candidate, and no-fault endings. Slack-free: callers send the messages.
"""

from __future__ import annotations

import uuid
from typing import Any
from enum import StrEnum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.scheduling.cancellation import cancel_for_match
from bot.scheduling.invitations import InvitationFile
from bot.access import FACULTY_WIDE, Refused, Scope, scope_refusal_text
from bot.checkin_plan import plan_cycle
from bot.matching.fit import MatchingConfig
import bot.matching
from bot.matching.types import ALL_AT_CAPACITY, Candidate, Request
from bot.matching.pool import MentorOption, Pool
from bot.resources import ResourceInfo, resources_for_match
from bot.vocabulary import KINDS
from storage.queries.coordinators import coordinators_covering
from storage.queries.agreements import cancel_pending_about_match
from storage.queries.audit import record_audit
from storage.queries.decisions import compare_and_set, hold
from storage.queries.matching import (
    active_matches,
    add_request,
    add_review_copy,
    expired_consents,
    open_requests,
    pending_proposal_for,
    pending_proposals_involving,
    proposals_in_batch,
    review_copies,
)
from storage.queries.people import get_person
from storage.tables import Match, MatchRequest, MatchStatus, MenteeProfile, Person, Proposal, ProposalStatus, RequestStatus

SHORTLIST_SIZE = 3
BEING_ASKED = "A mentor is already being asked for this; I'll let you know as soon as they answer."


class MatchingError(ValueError):
    """The operation cannot be done; the message says why, kindly."""


class NotYours(Refused, MatchingError):
    """The person is not part of this decision (audited)."""


class AlreadyDecided(MatchingError):
    """Someone (or another click) decided this first; the message says what was decided."""


@dataclass(frozen=True)
class PersonRef:
    slack_id: str
    name: str


@dataclass(frozen=True)
class ProposalInfo:
    proposal_id: int
    status: str
    mentee: PersonRef
    mentor: PersonRef
    kind: str
    score: float
    reasons: tuple[str, ...]
    mentee_stage: str
    mentee_program: str
    cadence_days: int
    mentee_note: str
    reviewed_by: str | None = None  # Slack id of the coordinator who last approved, rejected or swapped it


@dataclass(frozen=True)
class Unfilled:
    mentee: PersonRef
    kind: str
    reason: str
    request_id: int = 0


@dataclass(frozen=True)
class BatchResult:
    batch_id: str
    proposals: tuple[ProposalInfo, ...]
    unfilled: tuple[Unfilled, ...]


@dataclass(frozen=True)
class MatchInfo:
    match_id: int
    mentee: PersonRef
    mentor: PersonRef
    kind: str
    reasons: tuple[str, ...]
    cadence_days: int
    mentee_note: str
    resources: tuple[ResourceInfo, ...] = ()  # the library's links for this kind at the mentee's stage


@dataclass(frozen=True)
class ConsentOutcome:
    accepted: bool
    proposal: ProposalInfo
    match: MatchInfo | None = None  # when accepted
    next_proposal: ProposalInfo | None = None  # when declined and another mentor fits
    unfilled: Unfilled | None = None  # when declined and nobody else fits


def ref(person: Person) -> PersonRef:
    return PersonRef(person.slack_user_id, person.display_name or person.slack_user_id)


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    assert person is not None
    return person


def proposal_info(session: Session, proposal: Proposal) -> ProposalInfo:
    request = session.get(MatchRequest, proposal.request_id)
    assert request is not None
    mentee, mentor = _person(session, request.mentee_id), _person(session, proposal.mentor_id)
    profile = session.get(MenteeProfile, mentee.id)
    return ProposalInfo(proposal.id or 0, proposal.status, ref(mentee), ref(mentor), request.kind, proposal.score,
                        tuple(proposal.reasons), mentee.stage or "", mentee.program or "",
                        profile.cadence_days if profile else 30, profile.interests_note if profile else "",
                        proposal.reviewed_by)


def _new_proposal(session: Session, request: MatchRequest, option: MentorOption, *, source: str, status: str,
                  now: datetime, batch_id: str | None = None) -> Proposal:
    proposal = Proposal(request_id=request.id or 0, mentor_id=option.mentor_id, score=option.fit.score,
                        reasons=list(option.fit.reasons), source=source, batch_id=batch_id, status=status,
                        created_at=now, asked_at=now if status == ProposalStatus.AWAITING_MENTOR else None)
    session.add(proposal)
    session.flush()
    return proposal


@dataclass(frozen=True)
class Withdrawn:
    proposal: ProposalInfo
    consent_channel: str | None  # where the mentor was asked, to edit that message (asked before the outbox did it)
    consent_ts: str | None
    consent_message_id: int | None = None  # the consent request's outbox message


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


def propose_batch(*, session: Session, now: datetime, config: MatchingConfig, actor: str,
                  scope: Scope = FACULTY_WIDE) -> BatchResult:
    """Optimal proposals for every open request not already being handled, held for coordinator review; for a
    program coordinator, only their programs' mentees' requests (mentors come from anywhere)."""
    pool = Pool.load_from(session, now, config)
    requests = [r for r in open_requests(session=session)
                if r.mentee_id in pool.mentees and scope.covers(pool.people[r.mentee_id].program)
                and pending_proposal_for(session=session, request_id=r.id or 0) is None]
    options = {(r.id, o.mentor_id): o for r in requests for o in pool.options(r)}
    candidates = [Candidate(request_id or 0, mentor_id, o.fit.score) for (request_id, mentor_id), o in options.items()]
    result = bot.matching.solve_matching([Request(r.id or 0, r.mentee_id, r.kind) for r in requests], candidates, pool.capacities(),
                            distributed=config.distributed)
    batch_id = uuid.uuid4().hex[:12]
    by_id = {r.id: r for r in requests}
    proposals = [
        _new_proposal(session, by_id[a.request_id], options[(a.request_id, a.mentor_id)], source="batch",
                      status=ProposalStatus.PENDING_REVIEW, now=now, batch_id=batch_id)
        for a in result.assignments
    ]
    unfilled = tuple(
        Unfilled(ref(pool.people[by_id[u.request_id].mentee_id]), by_id[u.request_id].kind,
                 "every suitable mentor is at capacity" if u.reason == ALL_AT_CAPACITY else pool.unfilled_reason(by_id[u.request_id]),
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
    unfilled = [{"request_id": str(u.request_id), "reason": u.reason} for u in batch.unfilled]
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
    return Unfilled(ref(_person(session, request.mentee_id)), request.kind, stored["reason"], request.id or 0)


def _proposal(session: Session, proposal_id: int, *, status: str) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise MatchingError("That proposal no longer exists.")
    if proposal.status != status:
        raise _already_handled(proposal)
    return proposal


def _already_handled(proposal: Proposal) -> AlreadyDecided:
    return AlreadyDecided(f"That proposal was already handled (it is {proposal.status.replace('_', ' ')}).")


def _decide(session: Session, proposal_id: int, *, expected: ProposalStatus, **values: Any) -> Proposal:
    """Move a proposal on from `expected`, exactly once however many clicks arrive together."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise MatchingError("That proposal no longer exists.")
    if not compare_and_set(session=session, model=Proposal, row_id=proposal_id, expected=expected, **values):
        session.refresh(proposal)
        raise _already_handled(proposal)
    session.refresh(proposal)
    return proposal


def approve(*, session: Session, proposal_id: int, actor: str, now: datetime) -> ProposalInfo:
    """A coordinator approves a proposal: the mentor is now asked for consent."""
    proposal = _decide(session, proposal_id, expected=ProposalStatus.PENDING_REVIEW,
                       status=ProposalStatus.AWAITING_MENTOR, asked_at=now, reviewed_by=actor)
    record_audit(session=session, now=now, actor=actor, action="match.approve", target=str(proposal_id))
    return proposal_info(session, proposal)


def reject(*, session: Session, proposal_id: int, actor: str, now: datetime) -> ProposalInfo:
    """A coordinator rejects a proposal; the request stays open and this mentor is not proposed again for it."""
    proposal = _decide(session, proposal_id, expected=ProposalStatus.PENDING_REVIEW,
                       status=ProposalStatus.REJECTED, answered_at=now, reviewed_by=actor)
    record_audit(session=session, now=now, actor=actor, action="match.reject", target=str(proposal_id))
    return proposal_info(session, proposal)


@dataclass(frozen=True)
class Review:
    decided: tuple[ProposalInfo, ...]
    already_handled: int  # proposals another coordinator (or click) decided first


def check_proposal_scope(*, session: Session, proposal_id: int, scope: Scope, actor: str) -> None:
    """A program coordinator decides only proposals whose mentee or mentor is in one of their programs
    (raises NotYours, audited)."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or scope.faculty_wide:
        return
    request = session.get(MatchRequest, proposal.request_id)
    mentee = _person(session, request.mentee_id) if request else None
    mentor = _person(session, proposal.mentor_id)
    if not scope.covers_any([mentee.program if mentee else None, mentor.program]):
        raise NotYours(scope_refusal_text(scope), actor=actor, action="match.review", target=str(proposal_id))


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
    proposal = _proposal(session, proposal_id, status=ProposalStatus.PENDING_REVIEW)
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
        raise MatchingError("That mentor can't take this request (not suitable, excluded or full).")
    option = choices[mentor_slack_id]
    proposal = _decide(session, proposal_id, expected=ProposalStatus.PENDING_REVIEW, mentor_id=option.mentor_id,
                       score=option.fit.score, reasons=list(option.fit.reasons), reviewed_by=actor)
    record_audit(session=session, now=now, actor=actor, action="match.swap", target=str(proposal_id),
                 detail={"mentor": mentor_slack_id})
    return proposal_info(session, proposal)


def _mentee(session: Session, slack_id: str) -> Person:
    person = get_person(session=session, slack_user_id=slack_id)
    if person is None or not person.active or not person.is_mentee:
        raise MatchingError("Finding a mentor is for mentees: update your profile with `/mentor profile` first.")
    return person


def _request_for(session: Session, mentee: Person, kind: str, now: datetime) -> MatchRequest:
    if kind not in KINDS:
        raise MatchingError(f"I don't know the kind `{kind}`. Try one of: {', '.join(KINDS)}.")
    if any(m.kind == kind and m.mentee_id == mentee.id for m in active_matches(session=session, person_id=mentee.id)):
        raise MatchingError(f"You already have a {KINDS[kind].lower()} mentor. `/mentor rematch` ends a match that isn't working.")
    existing = [r for r in open_requests(session=session, mentee_id=mentee.id) if r.kind == kind]
    request = existing[0] if existing else add_request(session=session, mentee_id=mentee.id or 0, kind=kind, now=now)
    if pending_proposal_for(session=session, request_id=request.id or 0) is not None:
        raise AlreadyDecided(BEING_ASKED)
    return request


def shortlist(*, session: Session, mentee_slack_id: str, kind: str, now: datetime,
              config: MatchingConfig) -> list[tuple[PersonRef, MentorOption]]:
    """Up to three best mentors with a free place for this mentee and kind, with their reasons."""
    mentee = _mentee(session, mentee_slack_id)
    request = _request_for(session, mentee, kind, now)
    pool = Pool.load_from(session, now, config)
    if mentee.id not in pool.mentees:
        raise MatchingError("You're on a pause, so I won't look for mentors until it ends.")
    options = [o for o in pool.options(request) if pool.free_places(o.mentor_id, kind) > 0]
    return [(ref(pool.people[o.mentor_id]), o) for o in options[:SHORTLIST_SIZE]]


def pick(*, session: Session, mentee_slack_id: str, kind: str, mentor_slack_id: str, now: datetime,
         config: MatchingConfig) -> ProposalInfo:
    """The mentee picks a mentor from their shortlist; that mentor is asked for consent."""
    choices = {who.slack_id: option for who, option in shortlist(session=session, mentee_slack_id=mentee_slack_id,
                                                                 kind=kind, now=now, config=config)}
    if mentor_slack_id not in choices:
        raise MatchingError("That mentor is no longer available; run `/mentor find` again for a fresh shortlist.")
    request = _held_request(session, _request_for(session, _mentee(session, mentee_slack_id), kind, now))
    proposal = _new_proposal(session, request, choices[mentor_slack_id], source="self_service",
                             status=ProposalStatus.AWAITING_MENTOR, now=now)
    record_audit(session=session, now=now, actor=mentee_slack_id, action="match.pick", target=str(proposal.id))
    return proposal_info(session, proposal)


def _held_request(session: Session, request: MatchRequest) -> MatchRequest:
    """Hold the request so that of two picks at once the second sees the first's proposal."""
    hold(session=session, model=MatchRequest, row_id=request.id or 0)
    session.refresh(request)
    if request.status != RequestStatus.OPEN or pending_proposal_for(session=session, request_id=request.id or 0):
        raise AlreadyDecided(BEING_ASKED)
    return request


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
        raise NotYours("That request wasn't addressed to you.", actor=mentor_slack_id, action="match.consent",
                       target=str(proposal_id))
    answer = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    if not compare_and_set(session=session, model=Proposal, row_id=proposal_id, expected=ProposalStatus.AWAITING_MENTOR,
                           status=answer, answered_at=now):
        session.refresh(proposal)
        raise AlreadyDecided(f"You already answered this one ({proposal.status.replace('_', ' ')}). Thank you!")
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


def match_info(session: Session, match: Match) -> MatchInfo:
    profile = session.get(MenteeProfile, match.mentee_id)
    mentee = _person(session, match.mentee_id)
    resources = resources_for_match(session=session, kind=match.kind, mentee_stage=mentee.stage,
                                    mentee_program=mentee.program)
    return MatchInfo(match.id or 0, ref(mentee), ref(_person(session, match.mentor_id)), match.kind,
                     tuple(match.reasons), match.cadence_days, profile.interests_note if profile else "",
                     tuple(resources))


def _fall_through(session: Session, proposal: Proposal, now: datetime, config: MatchingConfig) -> ConsentOutcome:
    request = session.get(MatchRequest, proposal.request_id)
    assert request is not None
    pool = Pool.load_from(session, now, config)
    info = proposal_info(session, proposal)
    if request.mentee_id not in pool.mentees:
        return ConsentOutcome(False, info)
    options = [o for o in pool.options(request) if pool.free_places(o.mentor_id, request.kind) > 0]
    if not options:
        return ConsentOutcome(False, info, unfilled=Unfilled(info.mentee, request.kind, pool.unfilled_reason(request)))
    successor = _new_proposal(session, request, options[0], source="fallthrough", status=ProposalStatus.AWAITING_MENTOR,
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


class Reader(StrEnum):
    """Who reads a notice of a match's ending: each is told differently."""

    ACTOR = "actor"
    MENTEE = "mentee"
    MENTOR = "mentor"
    COORDINATOR = "coordinator"


@dataclass(frozen=True)
class EndedMatch:
    match: MatchInfo
    ended_by: str  # Slack id of whoever ended it
    other: PersonRef | None  # the person to tell kindly (None when a coordinator ended it: tell both)
    coordinators: tuple[str, ...]
    searching: bool = False  # the mentee still wants this kind: a new request is open
    calendar_files: tuple[InvitationFile, ...] = ()  # cancellations of the pair's confirmed meeting, one each


def arranging_kinds(*, session: Session, mentee_id: int) -> dict[str, str]:
    """Kinds this mentee has a proposal under way for: "review" (with the coordinators) or "consent" (mentor asked)."""
    stage = {ProposalStatus.PENDING_REVIEW: "review", ProposalStatus.AWAITING_MENTOR: "consent"}
    under_way = {}
    for request in open_requests(session=session, mentee_id=mentee_id):
        proposal = pending_proposal_for(session=session, request_id=request.id or 0)
        if proposal is not None:
            under_way[request.kind] = stage[ProposalStatus(proposal.status)]
    return under_way


def matches_of(*, session: Session, slack_id: str) -> list[MatchInfo]:
    person = get_person(session=session, slack_user_id=slack_id)
    if person is None:
        return []
    return [match_info(session, m) for m in active_matches(session=session, person_id=person.id)]


def end_match(*, session: Session, match_id: int, actor: str, now: datetime, is_coordinator: bool,
              reason: str = "no_fault") -> EndedMatch:
    """No-fault ending: the pair is never proposed again and the mentee's request goes back into matching."""
    match = session.get(Match, match_id)
    if match is None:
        raise MatchingError("That match has already ended.")
    info = match_info(session, match)
    if actor not in (info.mentee.slack_id, info.mentor.slack_id) and not is_coordinator:
        raise NotYours("Only the two people in a match, or a coordinator, can end it.", actor=actor,
                       action="match.end", target=str(match_id))
    end_reason = "coordinator" if actor not in (info.mentee.slack_id, info.mentor.slack_id) else reason
    if not compare_and_set(session=session, model=Match, row_id=match_id, expected=MatchStatus.ACTIVE,
                           status=MatchStatus.ENDED, ended_at=now, ended_by=actor, end_reason=end_reason):
        raise AlreadyDecided("That match has already ended.")
    session.refresh(match)
    cancel_pending_about_match(session=session, match_id=match_id)
    mentee = _person(session, match.mentee_id)
    searching = mentee.active and match.kind in _kinds_wanted(session, mentee)
    if searching:
        add_request(session=session, mentee_id=mentee.id or 0, kind=match.kind, now=now)
    record_audit(session=session, now=now, actor=actor, action="match.end", target=str(match_id),
                 detail={"reason": match.end_reason})
    calendar_files = cancel_for_match(session=session, match_id=match_id, now=now)
    other = {info.mentee.slack_id: info.mentor, info.mentor.slack_id: info.mentee}.get(actor)
    programs = [mentee.program, _person(session, match.mentor_id).program]
    told = tuple(c.slack_user_id for c in coordinators_covering(session=session, programs=programs)
                 if c.slack_user_id != actor)
    return EndedMatch(info, actor, other, told, searching, calendar_files)


def _kinds_wanted(session: Session, mentee: Person) -> list[str]:
    profile = session.get(MenteeProfile, mentee.id)
    return list(profile.kinds_wanted) if profile else []
