"""Program-wide counts for coordinators."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from storage.tables import Match, MatchRequest, MatchStatus, MentorProfile, Person, RequestStatus


@dataclass(frozen=True)
class ProgramCounts:
    enrolled: int
    mentees: int
    mentors: int
    matched_mentees: int  # with at least one active match
    waiting_mentees: int  # with at least one open request
    mentors_with_free_capacity: int


def program_counts(*, session: Session) -> ProgramCounts:
    active = select(func.count()).select_from(Person).where(Person.active)
    enrolled = session.exec(active.where(Person.is_mentee | Person.is_mentor)).one()
    mentees = session.exec(active.where(Person.is_mentee)).one()
    mentors = session.exec(active.where(Person.is_mentor)).one()
    load = dict(session.exec(select(Match.mentor_id, func.count()).where(Match.status == MatchStatus.ACTIVE).group_by(col(Match.mentor_id))).all())
    capacities = session.exec(select(MentorProfile.person_id, MentorProfile.capacity_total).join(Person).where(Person.active))
    free = sum(1 for mentor_id, capacity in capacities if capacity > load.get(mentor_id, 0))
    matched = session.exec(select(func.count(func.distinct(Match.mentee_id))).where(Match.status == MatchStatus.ACTIVE)).one()
    waiting = session.exec(select(func.count(func.distinct(MatchRequest.mentee_id))).where(MatchRequest.status == RequestStatus.OPEN)).one()
    return ProgramCounts(enrolled=enrolled, mentees=mentees, mentors=mentors, matched_mentees=matched,
                         waiting_mentees=waiting, mentors_with_free_capacity=free)
