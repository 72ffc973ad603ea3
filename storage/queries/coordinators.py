"""Which programs each coordinator coordinates (no rows: faculty-wide)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.tables import CoordinatorProgram, Person, RegisteredProgram


def programs_of(*, session: Session, person_id: int) -> frozenset[str]:
    rows = session.exec(select(RegisteredProgram.name).join(
        CoordinatorProgram, col(CoordinatorProgram.program_id) == col(RegisteredProgram.id))
        .where(CoordinatorProgram.person_id == person_id))
    return frozenset(rows)


def set_programs(*, session: Session, person_id: int, program_ids: list[int]) -> None:
    """Replace the person's programs (an empty list makes them faculty-wide)."""
    session.execute(delete(CoordinatorProgram).where(col(CoordinatorProgram.person_id) == person_id))
    session.add_all(CoordinatorProgram(person_id=person_id, program_id=program_id) for program_id in program_ids)
    session.flush()


def coordinator_programs(*, session: Session) -> list[tuple[Person, tuple[str, ...]]]:
    """Every active coordinator with the programs they coordinate (empty: faculty-wide), by name."""
    scoped: dict[int, list[str]] = defaultdict(list)
    for person_id, name in session.exec(select(CoordinatorProgram.person_id, RegisteredProgram.name).join(
            RegisteredProgram, col(RegisteredProgram.id) == col(CoordinatorProgram.program_id))
            .order_by(col(RegisteredProgram.name))):
        scoped[person_id].append(name)
    people = session.exec(select(Person).where(col(Person.active), col(Person.is_coordinator)).order_by(col(Person.id)))
    return [(person, tuple(scoped.get(person.id or 0, ()))) for person in people]


def faculty_wide_coordinators(*, session: Session) -> list[Person]:
    """Active coordinators who coordinate no particular program: those who see everything."""
    return [person for person, programs in coordinator_programs(session=session) if not programs]


def move_program(*, session: Session, from_id: int, to_id: int) -> None:
    """A merge: the coordinators of the merged program coordinate the one it joins (never faculty-wide by accident,
    as deleting the program would leave them with no programs)."""
    people = set(session.exec(select(CoordinatorProgram.person_id).where(CoordinatorProgram.program_id == from_id)))
    already = set(session.exec(select(CoordinatorProgram.person_id).where(CoordinatorProgram.program_id == to_id)))
    session.execute(delete(CoordinatorProgram).where(col(CoordinatorProgram.program_id) == from_id))
    session.add_all(CoordinatorProgram(person_id=person_id, program_id=to_id) for person_id in people - already)
    session.flush()


def coordinators_covering(*, session: Session, programs: list[str | None]) -> list[Person]:
    """The coordinators who see something of these programs: faculty-wide ones, and those of any of them."""
    return [person for person, scoped in coordinator_programs(session=session)
            if not scoped or any(program in scoped for program in programs)]
