"""Keeping matches alive: goals and their progress, scheduled check-ins, and alerts for coordinators."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import JSON, Column, Field, Index, SQLModel, UniqueConstraint

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class GoalStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    DONE = "done"
    DROPPED = "dropped"


class CheckInStatus(StrEnum):
    """due -> sent -> answered; due or sent -> skipped (superseded, paused, or the match ended)."""

    DUE = "due"
    SENT = "sent"
    ANSWERED = "answered"
    SKIPPED = "skipped"


class Goal(TenantOwned, SQLModel, table=True):
    """A mentee's SMART goal; `visible_to` None means all their current mentors, [] means private."""

    id: int | None = Field(default=None, primary_key=True)
    mentee_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)  # what
    why: str = Field(default="", max_length=1000)
    measure: str = Field(default="", max_length=500)  # how progress will be measured
    target_date: date | None = None
    category: str = Field(default="", max_length=60)  # a program priority
    visible_to: list[int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    status: str = Field(default=GoalStatus.NOT_STARTED, max_length=16)  # a GoalStatus
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class GoalUpdate(TenantOwned, SQLModel, table=True):
    """The dated progress log of a goal."""

    __tablename__ = "goal_update"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    status: str = Field(max_length=16)  # a GoalStatus
    note: str = Field(default="", max_length=1000)
    by: str = Field(max_length=32)


class CheckIn(TenantOwned, SQLModel, table=True):
    """One scheduled check-in DM for one side of a match in one cadence cycle."""

    __tablename__ = "checkin"
    __table_args__ = (
        UniqueConstraint("match_id", "role", "cycle"),
        Index("ix_checkin_status_due_at", "status", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mentor_match.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=8)  # mentee or mentor
    cycle: int  # 1 for the first cadence period after the match started
    due_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    status: str = Field(default=CheckInStatus.DUE, max_length=16)  # a CheckInStatus
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    reminded_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    answered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    channel: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)
    met: str | None = Field(default=None, max_length=16)  # yes, not_yet, cancelled
    program_note: str = Field(default="", max_length=2000)  # "anything the program should know": coordinators only
    program_note_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class Alert(TenantOwned, SQLModel, table=True):
    """A private early warning for coordinators: a quiet pair or a stalled goal."""

    __table_args__ = (UniqueConstraint("kind", "subject_id", "raised_on"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # quiet_pair, stalled_goal
    subject_id: int  # the match id or goal id
    match_id: int = Field(foreign_key="mentor_match.id", index=True, ondelete="CASCADE")
    raised_on: date
    detail: str = Field(default="", max_length=500)
    resolved_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    nudged_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
