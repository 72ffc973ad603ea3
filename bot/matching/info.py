"""What a proposal or a match looks like to the people in it: names, kind, fit reasons, cadence, note."""

from __future__ import annotations


from sqlmodel import Session

from bot.resources import ResourceInfo, resources_for_match
from bot.matching.views import MatchInfo, PersonRef, ProposalInfo, Unfilled
from storage.tables import Match, MatchRequest, MenteeProfile, Person, Proposal


def ref(person: Person) -> PersonRef:
    return PersonRef(person.slack_user_id, person.display_name or person.slack_user_id)


def person_row(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    assert person is not None
    return person


def proposal_info(session: Session, proposal: Proposal) -> ProposalInfo:
    request = session.get(MatchRequest, proposal.request_id)
    assert request is not None
    mentee, mentor = person_row(session, request.mentee_id), person_row(session, proposal.mentor_id)
    profile = session.get(MenteeProfile, mentee.id)
    return ProposalInfo(proposal.id or 0, proposal.status, ref(mentee), ref(mentor), request.kind, proposal.score,
                        tuple(proposal.reasons), mentee.stage or "", mentee.program or "",
                        profile.cadence_days if profile else 30, profile.interests_note if profile else "",
                        proposal.reviewed_by)


def match_info(session: Session, match: Match) -> MatchInfo:
    profile = session.get(MenteeProfile, match.mentee_id)
    mentee = person_row(session, match.mentee_id)
    resources = resources_for_match(session=session, kind=match.kind, mentee_stage=mentee.stage,
                                    mentee_program=mentee.program)
    return MatchInfo(match.id or 0, ref(mentee), ref(person_row(session, match.mentor_id)), match.kind,
                     tuple(match.reasons), match.cadence_days, profile.interests_note if profile else "",
                     tuple(resources))
