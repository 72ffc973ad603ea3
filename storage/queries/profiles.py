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


def save_profiles(
    *,
    session: Session,
    person: Person,
    mentee: MenteeProfile | None,
    mentor: MentorProfile | None,
    identity: IdentityProfile | None,
) -> None:
    """Upsert the person and replace each profile row (a None removes it)."""
    session.add(person)
    session.flush()
    for table, row in ((MenteeProfile, mentee), (MentorProfile, mentor), (IdentityProfile, identity)):
        existing = session.get(table, person.id)
        if row is None:
            if existing is not None:
                session.delete(existing)
            continue
        row.person_id = person.id  # type: ignore[assignment]
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
