"""Reads and writes of mentee, mentor and identity profiles."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.tables import ConflictOfInterest, IdentityProfile, InterestTag, MenteeProfile, MentorProfile, Person


def load_profiles(
    *, session: Session, person_id: int
) -> tuple[MenteeProfile | None, MentorProfile | None, IdentityProfile | None]:
    return (
        session.get(MenteeProfile, person_id),
        session.get(MentorProfile, person_id),
        session.get(IdentityProfile, person_id),
    )


def save_person(*, session: Session, person: Person) -> int:
    """Insert or update the person; their id (a new person's is known only once inserted)."""
    session.add(person)
    session.flush()
    assert person.id is not None
    return person.id


def save_profiles(
    *,
    session: Session,
    person_id: int,
    mentee: MenteeProfile | None,
    mentor: MentorProfile | None,
    identity: IdentityProfile | None,
) -> None:
    """Replace each of the person's profile rows (a None removes it)."""
    for table, row in ((MenteeProfile, mentee), (MentorProfile, mentor), (IdentityProfile, identity)):
        existing = session.get(table, person_id)
        if row is None:
            if existing is not None:
                session.delete(existing)
            continue
        session.merge(row)
    session.flush()


def interest_tags(*, session: Session) -> list[str]:
    return list(session.exec(select(InterestTag.name).order_by(InterestTag.name)))


def add_interest_tags(*, session: Session, names: list[str]) -> list[str]:
    """Add the names not yet in the vocabulary; returns those added."""
    known = set(interest_tags(session=session))
    added = sorted({name for name in names if name and name not in known})
    for name in added:
        session.add(InterestTag(name=name))
    return added


def conflicts_involving(*, session: Session, person_id: int) -> list[ConflictOfInterest]:
    query = select(ConflictOfInterest).where(
        (ConflictOfInterest.mentor_id == person_id) | (ConflictOfInterest.mentee_id == person_id)
    )
    return list(session.exec(query))


def record_conflict(*, session: Session, conflict: ConflictOfInterest) -> bool:
    """Store a conflict unless the same pair is already recorded; returns whether it was new."""
    existing = session.exec(select(ConflictOfInterest).where(
        ConflictOfInterest.mentor_id == conflict.mentor_id, ConflictOfInterest.mentee_id == conflict.mentee_id
    )).first()
    if existing is not None:
        return False
    session.add(conflict)
    return True
