"""The resource library: links coordinators recommend (guides, courses, support services), each for some kinds of
mentoring, some stages and one program or all."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import JSON, Column, Field, SQLModel

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class Resource(TenantOwned, SQLModel, table=True):
    __tablename__ = "resource"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=150)
    url: str = Field(max_length=500)
    kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # empty: every kind
    stages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # empty: every stage
    program: str | None = Field(default=None, max_length=120)  # None: every program
    added_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    removed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
