"""The faculty's program registry: one name per residency program or department, and the other spellings
(aliases) that mean it, so "Internal Medicine" and "internal medicine " are one program."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Column, Field, SQLModel, UniqueConstraint

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class RegisteredProgram(TenantOwned, SQLModel, table=True):
    """A program or department; people, resources and audiences carry its name exactly."""

    __tablename__ = "program"
    __table_args__ = (UniqueConstraint("tenant_id", "name", name="uq_program_tenant_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)  # the same limit as Person.program; unique per tenant
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class ProgramAlias(TenantOwned, SQLModel, table=True):
    """Another spelling of a program, stored normalised (case and spaces folded; see bot/programs.py)."""

    __tablename__ = "program_alias"

    spelling: str = Field(primary_key=True, max_length=120)
    program_id: int = Field(foreign_key="program.id", index=True, ondelete="CASCADE")


class CoordinatorProgram(TenantOwned, SQLModel, table=True):
    """A program a coordinator coordinates. A coordinator with no rows here is faculty-wide (sees everything);
    with rows, they see and act only within those programs (bot/access.py)."""

    __tablename__ = "coordinator_program"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    program_id: int = Field(foreign_key="program.id", primary_key=True, index=True, ondelete="CASCADE")
