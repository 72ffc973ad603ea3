"""Availability (private to its person: only slots computed from it are ever shown) and scheduled meetings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import JSON, Column, Field, SQLModel

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class ScheduleStatus(StrEnum):
    """proposed -> picked -> confirmed -> held; proposed | picked | confirmed -> cancelled (the match ended);
    a confirmed meeting that did not happen, or "other times please", goes back to proposed with the same UID;
    no_slot: the pair had no time in common when they asked."""

    PROPOSED = "proposed"
    PICKED = "picked"
    CONFIRMED = "confirmed"
    HELD = "held"
    CANCELLED = "cancelled"
    NO_SLOT = "no_slot"


class Availability(TenantOwned, SQLModel, table=True):
    """One person's weekly windows (their own timezone) and busy blocks (UTC); where they meet in person and the
    video link they use. Read only by the slot finder, the person's own modal and their my-data export."""

    __tablename__ = "availability"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    windows: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # weekday, start, end
    busy: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # start, end (UTC ISO)
    busy_source: str = Field(default="", max_length=16)  # modal, ics
    place: str = Field(default="", max_length=200)  # where they meet in person
    video_link: str = Field(default="", max_length=500)  # https:// address of their video room
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class ScheduledMeeting(TenantOwned, SQLModel, table=True):
    """One meeting a pair is arranging; its UID names the calendar entry every invitation update replaces."""

    __tablename__ = "scheduled_meeting"

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mentor_match.id", index=True, ondelete="CASCADE")
    uid: str = Field(max_length=80, unique=True)
    status: str = Field(default=ScheduleStatus.PROPOSED, max_length=16, index=True)  # a ScheduleStatus
    round: int = 1  # each new set of slots; a button from an older round finds nothing to pick
    sequence: int = 0  # iCalendar SEQUENCE: raised by every invitation after the first (and the cancellation)
    slots: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # UTC ISO starts
    minutes: int = 30
    mode: str = Field(default="virtual", max_length=16)  # in_person, virtual
    requested_by: str = Field(max_length=32)
    picked_by: str | None = Field(default=None, max_length=32)
    starts_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    confirmed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    held_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    cancelled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
