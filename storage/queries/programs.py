"""Reads and writes of the program registry, and moving everything that names a program to another name."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from storage.queries.columns import changed_rows
from storage.tables import (
    AnonymousResponse,
    Broadcast,
    BroadcastStatus,
    Person,
    ProgramAlias,
    RegisteredProgram,
    Resource,
    Survey,
)


def registered_programs(*, session: Session) -> list[RegisteredProgram]:
    return list(session.exec(select(RegisteredProgram).order_by(col(RegisteredProgram.name))))


def program_aliases(*, session: Session) -> list[ProgramAlias]:
    return list(session.exec(select(ProgramAlias).order_by(col(ProgramAlias.spelling))))


def people_per_program(*, session: Session) -> dict[str, int]:
    """Enrolled (active) people per program name, as stored."""
    rows = session.exec(select(Person.program, func.count()).where(col(Person.active))
                        .group_by(col(Person.program)))
    return {program: people for program, people in rows if program}


def register(*, session: Session, name: str, created_at: datetime) -> RegisteredProgram:
    program = RegisteredProgram(name=name, created_at=created_at)
    session.add(program)
    session.flush()
    return program


def add_alias(*, session: Session, spelling: str, program_id: int) -> None:
    session.add(ProgramAlias(spelling=spelling, program_id=program_id))
    session.flush()


def drop_alias(*, session: Session, spelling: str) -> None:
    alias = session.get(ProgramAlias, spelling)
    if alias is not None:
        session.delete(alias)
        session.flush()


def move_aliases(*, session: Session, from_id: int, to_id: int) -> None:
    session.execute(update(ProgramAlias).where(col(ProgramAlias.program_id) == from_id).values(program_id=to_id))


def rename_everywhere(*, session: Session, old: str, new: str) -> int:
    """Every stored mention of program `old` now says `new`: people, resources, anonymous answers' coarse
    attribute, survey audiences and announcements not yet sent. Returns how many people moved."""
    moved = _rename_column(session, Person, old, new)
    for table in (Resource, AnonymousResponse):
        _rename_column(session, table, old, new)
    for survey in session.exec(select(Survey)):
        audience = dict(survey.audience)
        if audience.get("program") == old:
            audience["program"] = new
        if old in (audience.get("within") or ()):  # a program coordinator's survey keeps asking their programs
            audience["within"] = sorted({new if name == old else name for name in audience["within"]})
        if audience != survey.audience:
            survey.audience = audience
            session.add(survey)
    waiting = (BroadcastStatus.SCHEDULED, BroadcastStatus.DRAFT)
    for broadcast in session.exec(select(Broadcast).where(col(Broadcast.status).in_(waiting))):
        audience = dict(broadcast.audience)
        if audience.get("kind") == "program" and audience.get("value") == old:
            audience["value"] = new
        if old in (audience.get("within") or ()):  # a program coordinator's announcement stays within their programs
            audience["within"] = sorted({new if name == old else name for name in audience["within"]})
        if audience != broadcast.audience:
            broadcast.audience = audience
            session.add(broadcast)
    session.flush()
    return moved


def _rename_column(session: Session, table: type[Person] | type[Resource] | type[AnonymousResponse], old: str,
                   new: str) -> int:
    return changed_rows(session.execute(update(table).where(col(table.program) == old).values(program=new)))


def delete_program(*, session: Session, program_id: int) -> None:
    program = session.get(RegisteredProgram, program_id)
    if program is not None:
        session.delete(program)
        session.flush()

