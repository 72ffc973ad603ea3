"""Self-service matching: a mentee's shortlist of the best mentors with a free place, and their pick."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.i18n import _, lazy
from bot.matching.errors import AlreadyDecided, MatchingError
from bot.matching.fit import MatchingConfig
from bot.matching.info import PersonRef, ProposalInfo, proposal_info, ref
from bot.matching.pool import MentorOption, Pool
from bot.matching.proposals import new_proposal
from bot.vocabulary import KINDS
from storage.queries.audit import record_audit
from storage.queries.decisions import hold
from storage.queries.matching import active_matches, add_request, open_requests, pending_proposal_for
from storage.queries.people import get_person
from storage.tables import MatchRequest, Person, ProposalStatus, RequestStatus

SHORTLIST_SIZE = 3
BEING_ASKED = lazy("A mentor is already being asked for this; I'll let you know as soon as they answer.")


def _mentee(session: Session, slack_id: str) -> Person:
    person = get_person(session=session, slack_user_id=slack_id)
    if person is None or not person.active or not person.is_mentee:
        raise MatchingError(_("Finding a mentor is for mentees: update your profile with `/mentor profile` first."))
    return person


def _request_for(session: Session, mentee: Person, kind: str, now: datetime) -> MatchRequest:
    if kind not in KINDS:
        raise MatchingError(_("I don't know the kind `{kind}`. Try one of: {kinds}.").format(kind=kind, kinds=", ".join(KINDS)))
    if any(m.kind == kind and m.mentee_id == mentee.id for m in active_matches(session=session, person_id=mentee.id)):
        raise MatchingError(_("You already have a {kind} mentor. `/mentor rematch` ends a match that isn't working.").format(
            kind=_(KINDS[kind]).lower()))
    existing = [r for r in open_requests(session=session, mentee_id=mentee.id) if r.kind == kind]
    request = existing[0] if existing else add_request(session=session, mentee_id=mentee.id or 0, kind=kind, now=now)
    if pending_proposal_for(session=session, request_id=request.id or 0) is not None:
        raise AlreadyDecided(str(BEING_ASKED))
    return request


def shortlist(*, session: Session, mentee_slack_id: str, kind: str, now: datetime,
              config: MatchingConfig) -> list[tuple[PersonRef, MentorOption]]:
    """Up to three best mentors with a free place for this mentee and kind, with their reasons."""
    mentee = _mentee(session, mentee_slack_id)
    request = _request_for(session, mentee, kind, now)
    pool = Pool.for_request(session, now, config, request)
    if mentee.id not in pool.mentees:
        raise MatchingError(_("You're on a pause, so I won't look for mentors until it ends."))
    options = [o for o in pool.options(request) if pool.free_places(o.mentor_id, kind) > 0]
    return [(ref(pool.people[o.mentor_id]), o) for o in options[:SHORTLIST_SIZE]]


def pick(*, session: Session, mentee_slack_id: str, kind: str, mentor_slack_id: str, now: datetime,
         config: MatchingConfig) -> ProposalInfo:
    """The mentee picks a mentor from their shortlist; that mentor is asked for consent."""
    choices = {who.slack_id: option for who, option in shortlist(session=session, mentee_slack_id=mentee_slack_id,
                                                                 kind=kind, now=now, config=config)}
    if mentor_slack_id not in choices:
        raise MatchingError(_("That mentor is no longer available; run `/mentor find` again for a fresh shortlist."))
    request = _held_request(session, _request_for(session, _mentee(session, mentee_slack_id), kind, now))
    proposal = new_proposal(session, request, choices[mentor_slack_id], source="self_service",
                             status=ProposalStatus.AWAITING_MENTOR, now=now)
    record_audit(session=session, now=now, actor=mentee_slack_id, action="match.pick", target=str(proposal.id))
    return proposal_info(session, proposal)


def _held_request(session: Session, request: MatchRequest) -> MatchRequest:
    """Hold the request so that of two picks at once the second sees the first's proposal."""
    hold(session=session, model=MatchRequest, row_id=request.id or 0)
    session.refresh(request)
    if request.status != RequestStatus.OPEN or pending_proposal_for(session=session, request_id=request.id or 0):
        raise AlreadyDecided(str(BEING_ASKED))
    return request
