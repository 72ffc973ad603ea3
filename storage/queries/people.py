"""Reads and writes of `person` rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, func, select

from storage.tables import Person


def get_person(*, session: Session, slack_user_id: str) -> Person | None:
    return session.exec(select(Person).where(Person.slack_user_id == slack_user_id)).first()


def get_people(*, session: Session, slack_user_ids: Iterable[str]) -> dict[str, Person]:
    ids = list(set(slack_user_ids))
    if not ids:
        return {}
    rows = session.exec(select(Person).where(col(Person.slack_user_id).in_(ids)))
    return {person.slack_user_id: person for person in rows}


def add_person(*, session: Session, person: Person, now: datetime) -> Person:
    person.created_at = person.updated_at = now
    session.add(person)
    session.flush()
    return person


def grant_coordinator(*, session: Session, slack_user_id: str, now: datetime) -> tuple[Person, bool]:
    """Make someone a coordinator, creating their row if needed; returns (person, changed)."""
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None:
        return add_person(session=session, person=Person(slack_user_id=slack_user_id, is_coordinator=True,
                                                                created_at=now, updated_at=now), now=now), True
    if person.is_coordinator:
        return person, False
    person.is_coordinator = True
    person.updated_at = now
    session.add(person)
    return person, True


def count_people(*, session: Session) -> int:
    return session.exec(select(func.count()).select_from(Person)).one()


def get_person_by_email(*, session: Session, email: str) -> Person | None:
    return session.exec(select(Person).where(Person.email == email.lower())).first()


def enrolled_people(*, session: Session) -> list[Person]:
    query = select(Person).where(Person.active, Person.is_mentee | Person.is_mentor).order_by(col(Person.id))
    return list(session.exec(query))


def coordinators(*, session: Session) -> list[Person]:
    return list(session.exec(select(Person).where(Person.active, Person.is_coordinator).order_by(col(Person.id))))
