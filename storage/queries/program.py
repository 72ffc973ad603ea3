"""Program-wide counts for coordinators."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from storage.tables import MentorProfile, Person


@dataclass(frozen=True)
class ProgramCounts:
    enrolled: int
    mentees: int
    mentors: int
    matched_mentees: int
    waiting_mentees: int
    mentors_with_free_capacity: int


def program_counts(*, session: Session) -> ProgramCounts:
    active = select(func.count()).select_from(Person).where(Person.active)
    enrolled = session.exec(active.where(Person.is_mentee | Person.is_mentor)).one()
    mentees = session.exec(active.where(Person.is_mentee)).one()
    mentors = session.exec(active.where(Person.is_mentor)).one()
    free = session.exec(
        select(func.count()).select_from(MentorProfile).join(Person).where(Person.active, MentorProfile.capacity_total > 0)
    ).one()
    return ProgramCounts(enrolled=enrolled, mentees=mentees, mentors=mentors, matched_mentees=0,
                         waiting_mentees=mentees, mentors_with_free_capacity=free)
