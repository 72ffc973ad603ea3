"""Peer circles: a coordinator's theme, who joined it, and the circles formed from them (with their seats)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import JSON, Column, Field, SQLModel, UniqueConstraint

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class CircleStatus(StrEnum):
    PROPOSED = "proposed"  # formed, waiting for a coordinator's review
    ACTIVE = "active"  # introduced in its group DM; check-ins at the theme's cadence
    DISCARDED = "discarded"  # a newer formation replaced this proposal


class CircleTheme(TenantOwned, SQLModel, table=True):
    __tablename__ = "circle_theme"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    size_min: int
    size_max: int
    cadence_days: int
    facilitator_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class CircleMember(TenantOwned, SQLModel, table=True):
    """Someone who joined a theme and waits for (or is in) a circle."""

    __tablename__ = "circle_member"
    __table_args__ = (UniqueConstraint("theme_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    theme_id: int = Field(foreign_key="circle_theme.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    joined_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class PeerCircle(TenantOwned, SQLModel, table=True):
    __tablename__ = "peer_circle"

    id: int | None = Field(default=None, primary_key=True)
    theme_id: int = Field(foreign_key="circle_theme.id", index=True, ondelete="CASCADE")
    status: str = Field(default=CircleStatus.PROPOSED, max_length=16, index=True)  # a CircleStatus
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    next_checkin_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    intro_message_id: int | None = None  # the introduction's outbox message: where the group DM is, once sent


class CircleSeat(TenantOwned, SQLModel, table=True):
    __tablename__ = "circle_seat"
    __table_args__ = (UniqueConstraint("circle_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    circle_id: int = Field(foreign_key="peer_circle.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=16)  # member or facilitator
    left_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class CircleCheckInAnswer(StrEnum):
    MET = "met"  # the circle met since the last check-in
    NOT_YET = "not_yet"


class CircleCheckIn(TenantOwned, SQLModel, table=True):
    """One member's check-in for one of their circle's cycles: sent in their own working hours, answered with a click."""

    __tablename__ = "circle_checkin"
    __table_args__ = (UniqueConstraint("circle_id", "person_id", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    circle_id: int = Field(foreign_key="peer_circle.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    due_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))  # the circle's cycle
    send_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))  # the start of their working hours
    answer: str | None = Field(default=None, max_length=16)  # a CircleCheckInAnswer
    answered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
