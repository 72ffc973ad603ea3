"""Speed-mentoring events: invitations with RSVPs, the rotation's seats, and whom each person picked afterwards."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Column, Field, SQLModel, UniqueConstraint

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class EventStatus(StrEnum):
    INVITING = "inviting"  # invitations out, RSVPs coming in
    SCHEDULED = "scheduled"  # the rotation is sent
    PICKING = "picking"  # after the event: everyone picks whom to continue with
    CLOSED = "closed"  # picks turned into matches and requests


class Rsvp(StrEnum):
    PENDING = "pending"
    YES = "yes"
    NO = "no"


class SpeedEvent(TenantOwned, SQLModel, table=True):
    __tablename__ = "speed_event"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=120)
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    place: str = Field(max_length=16)  # in_person or virtual
    rounds: int
    minutes: int
    status: str = Field(default=EventStatus.INVITING, max_length=16)  # an EventStatus
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class EventInvitee(TenantOwned, SQLModel, table=True):
    __tablename__ = "event_invitee"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="speed_event.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=16)  # mentee or mentor at this event
    rsvp: str = Field(default=Rsvp.PENDING, max_length=16)  # an Rsvp
    answered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class EventSeat(TenantOwned, SQLModel, table=True):
    """One conversation of the rotation: in `round`, this mentee sits at this mentor's table."""

    __tablename__ = "event_seat"
    __table_args__ = (UniqueConstraint("event_id", "mentee_id", "mentor_id"),)  # no pair twice, in the schema too

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="speed_event.id", index=True, ondelete="CASCADE")
    round: int
    mentee_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    mentor_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    fit: float = 0.0


class EventPick(TenantOwned, SQLModel, table=True):
    """After the event, `chooser` would like to continue with `chosen` (someone they sat with)."""

    __tablename__ = "event_pick"
    __table_args__ = (UniqueConstraint("event_id", "chooser_id", "chosen_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="speed_event.id", index=True, ondelete="CASCADE")
    chooser_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    chosen_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
