"""A mentee's individual development plan (IDP): one per academic year."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import JSON, Column, Field, SQLModel, UniqueConstraint

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class DevelopmentPlan(TenantOwned, SQLModel, table=True):
    """A yearly self-assessment on the program's competencies ("where I am / where I want to be", 1-5), up to three
    development goals (the mentee's SMART goals), and the mentors the mentee shares it with. Never for assessors;
    coordinators see only counts."""

    __tablename__ = "development_plan"
    __table_args__ = (UniqueConstraint("mentee_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    mentee_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    year: int  # the academic year it belongs to, by the year it starts in (the transition date)
    ratings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # {competency: {now, want}}
    goal_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # up to three
    shared_with: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # mentor person ids
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
