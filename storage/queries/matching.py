"""Reads and writes for match requests, proposals and matches."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import and_, exists, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.tables import OutboxMessage, OutboxStatus
from storage.tables import (
    ConflictOfInterest,
    EndReason,
    IdentityProfile,
    Match,
    MatchRequest,
    MatchStatus,
    MenteeProfile,
    MentorProfile,
    Person,
    Proposal,
    ProposalStatus,
    RequestStatus,
    ReviewCopy,
)

RESERVING = (ProposalStatus.PENDING_REVIEW, ProposalStatus.AWAITING_MENTOR)  # proposals that hold a mentor's place until answered
CLOSED_FOR_REQUEST = (ProposalStatus.DECLINED, ProposalStatus.EXPIRED, ProposalStatus.REJECTED)


def open_requests(*, session: Session, mentee_id: int | None = None) -> list[MatchRequest]:
    query = select(MatchRequest).where(MatchRequest.status == RequestStatus.OPEN).order_by(col(MatchRequest.id))
    if mentee_id is not None:
        query = query.where(MatchRequest.mentee_id == mentee_id)
    return list(session.exec(query))


def add_request(*, session: Session, mentee_id: int, kind: str, now: datetime) -> MatchRequest:
    request = MatchRequest(mentee_id=mentee_id, kind=kind, created_at=now)
    session.add(request)
    session.flush()
    return request


def active_matches(*, session: Session, person_id: int | None = None) -> list[Match]:
    query = select(Match).where(Match.status == MatchStatus.ACTIVE).order_by(col(Match.id))
    if person_id is not None:
        query = query.where((Match.mentee_id == person_id) | (Match.mentor_id == person_id))
    return list(session.exec(query))


def engaged_pairs(*, session: Session, mentee_id: int | None = None) -> set[tuple[int, int]]:
    """(mentee_id, mentor_id) pairs already together, or on their way: an active match, or a proposal awaiting
    review or the mentor's consent, whatever its kind; of one mentee, when given."""
    matched = select(Match.mentee_id, Match.mentor_id).where(Match.status == MatchStatus.ACTIVE)
    proposed = select(MatchRequest.mentee_id, Proposal.mentor_id).join(MatchRequest).where(
        col(Proposal.status).in_(RESERVING))
    if mentee_id is not None:
        matched = matched.where(Match.mentee_id == mentee_id)
        proposed = proposed.where(MatchRequest.mentee_id == mentee_id)
    return {(mentee, mentor) for mentee, mentor in [*session.exec(matched), *session.exec(proposed)]}


def ended_pairs(*, session: Session, mentee_id: int | None = None) -> set[tuple[int, int]]:
    """Pairs never proposed again: those whose match ended, except by completion (a success the mentee may
    want to repeat when they ask again); of one mentee, when given."""
    query = select(Match.mentee_id, Match.mentor_id).where(
        col(Match.status) == MatchStatus.ENDED,
        or_(col(Match.end_reason).is_(None), col(Match.end_reason) != EndReason.COMPLETED))
    rows = session.exec(query if mentee_id is None else query.where(Match.mentee_id == mentee_id))
    return {(mentee, mentor) for mentee, mentor in rows}


def conflict_pairs(*, session: Session, mentee_id: int | None = None) -> set[tuple[int, int]]:
    """(mentee_id, mentor_id) pairs that must never be matched; of one mentee, when given."""
    query = select(ConflictOfInterest.mentee_id, ConflictOfInterest.mentor_id)
    rows = session.exec(query if mentee_id is None else query.where(ConflictOfInterest.mentee_id == mentee_id))
    return {(mentee, mentor) for mentee, mentor in rows}


def mentor_load(*, session: Session) -> dict[int, Counter[str]]:
    """Per mentor, places taken per kind: active matches plus proposals still awaiting an answer."""
    load: dict[int, Counter[str]] = defaultdict(Counter)
    for mentor_id, kind in session.exec(select(Match.mentor_id, Match.kind).where(Match.status == MatchStatus.ACTIVE)):
        load[mentor_id][kind] += 1
    reserved = select(Proposal.mentor_id, MatchRequest.kind).join(MatchRequest).where(
        col(Proposal.status).in_(RESERVING))
    for mentor_id, kind in session.exec(reserved):
        load[mentor_id][kind] += 1
    return load


def tried_mentors(*, session: Session, request_id: int | None = None) -> dict[int, set[int]]:
    """Per request, mentors who already declined, let it expire, or were rejected by a coordinator; of one
    request, when given."""
    tried: dict[int, set[int]] = defaultdict(set)
    query = select(Proposal.request_id, Proposal.mentor_id).where(col(Proposal.status).in_(CLOSED_FOR_REQUEST))
    rows = session.exec(query if request_id is None else query.where(Proposal.request_id == request_id))
    for request_id, mentor_id in rows:
        tried[request_id].add(mentor_id)
    return tried


def pending_proposals_involving(*, session: Session, person_id: int) -> list[Proposal]:
    """Proposals not yet answered in which this person is the mentee or the mentor."""
    as_mentee = select(MatchRequest.id).where(MatchRequest.mentee_id == person_id)
    return list(session.exec(select(Proposal).where(
        col(Proposal.status).in_(RESERVING),
        (col(Proposal.mentor_id) == person_id) | col(Proposal.request_id).in_(as_mentee))
        .order_by(col(Proposal.id))))


def pending_proposal_for(*, session: Session, request_id: int) -> Proposal | None:
    return session.exec(select(Proposal).where(
        col(Proposal.request_id) == request_id, col(Proposal.status).in_(RESERVING))).first()


def proposals_in_batch(*, session: Session, batch_id: str) -> list[Proposal]:
    return list(session.exec(select(Proposal).where(Proposal.batch_id == batch_id).order_by(col(Proposal.id))))


def add_review_copy(*, session: Session, batch_id: str, message_id: int, unfilled: list[dict[str, str]]) -> None:
    session.add(ReviewCopy(batch_id=batch_id, message_id=message_id, unfilled=unfilled))


def review_copies(*, session: Session, batch_id: str) -> list[ReviewCopy]:
    return list(session.exec(select(ReviewCopy).where(ReviewCopy.batch_id == batch_id).order_by(col(ReviewCopy.id))))


_CONSENT_REQUEST = aliased(OutboxMessage)  # built once (aliasing a wide table costs more than the query)


def expired_consents(*, session: Session, asked_before: datetime) -> list[Proposal]:
    """Proposals whose mentor was asked before `asked_before` and has not answered. The window starts when Slack
    took the consent request (its outbox message sent), not when it was queued: a mentor never asked never lapses."""
    request = _CONSENT_REQUEST
    delivered_before = exists().where(col(request.id) == col(Proposal.consent_message_id),
                                      col(request.status) == OutboxStatus.SENT, col(request.sent_at) < asked_before)
    asked = or_(and_(col(Proposal.consent_message_id).is_(None), col(Proposal.asked_at) < asked_before),
                delivered_before)
    return list(session.exec(select(Proposal).where(
        col(Proposal.status) == ProposalStatus.AWAITING_MENTOR, asked).order_by(col(Proposal.id))))


def matching_people(*, session: Session, mentee_id: int | None = None) -> tuple[
        list[tuple[Person, MenteeProfile]], list[tuple[Person, MentorProfile]], dict[int, dict[str, str]]]:
    """Active mentees (or the one given, if active) and mentors with their profiles, and their identity answers
    (for concordance)."""
    mentee_query = select(Person, MenteeProfile).join(MenteeProfile).where(Person.active, Person.is_mentee)
    if mentee_id is not None:
        mentee_query = mentee_query.where(Person.id == mentee_id)
    mentees = list(session.exec(mentee_query))
    mentors = list(session.exec(select(Person, MentorProfile).join(MentorProfile).where(Person.active, Person.is_mentor)))
    identity_query = select(IdentityProfile)
    if mentee_id is not None:  # the one mentee's and the mentors' answers: nobody else is scored
        identity_query = identity_query.where(col(IdentityProfile.person_id).in_(
            [mentee_id, *(person.id for person, _ in mentors)]))
    identities = {row.person_id: row.answers for row in session.exec(identity_query)}
    return [tuple(r) for r in mentees], [tuple(r) for r in mentors], identities  # type: ignore[misc]
