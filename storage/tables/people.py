"""People in the program and their mentoring profiles.

Identity answers live in their own table so that only the person and aggregate reports read them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import JSON, Column, Field, SQLModel, UniqueConstraint

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class PersonBase(SQLModel):
    slack_user_id: str = Field(max_length=32, index=True)  # unique per tenant (Person.__table_args__)
    display_name: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=320, index=True)
    timezone: str = Field(default="America/Edmonton", max_length=64)
    program: str | None = Field(default=None, max_length=120, index=True)  # residency program or department
    stage: str | None = Field(default=None, max_length=32, index=True)  # a code from bot.vocabulary.STAGES
    is_mentee: bool = False
    is_mentor: bool = False
    is_coordinator: bool = False
    active: bool = True
    paused_until: date | None = None  # on leave: no check-ins, surveys or proposals until this date
    slack_locale: str | None = Field(default=None, max_length=16)  # users.info include_locale, e.g. "fr-CA"
    language: str | None = Field(default=None, max_length=8)  # the person's own choice; None: follow Slack


class Person(TenantOwned, PersonBase, table=True):
    __table_args__ = (UniqueConstraint("tenant_id", "slack_user_id", name="uq_person_tenant_slack_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    left_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))

    @property
    def roles(self) -> tuple[str, ...]:
        flags = (("mentee", self.is_mentee), ("mentor", self.is_mentor), ("coordinator", self.is_coordinator))
        return tuple(name for name, held in flags if held)


class MenteeProfile(TenantOwned, SQLModel, table=True):
    __tablename__ = "mentee_profile"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    interests: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    interests_note: str = Field(default="", max_length=500)
    kinds_wanted: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    meeting_mode: str = Field(default="either", max_length=16)
    cadence_days: int = 30
    concordance: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # opt-in identity fields
    # the mentee's consent to be named in their mentors' teaching dossiers (`/mentor my-record`); off unless ticked
    named_in_dossiers: bool = False
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class MentorProfile(TenantOwned, SQLModel, table=True):
    __tablename__ = "mentor_profile"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    kinds_offered: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    expertise: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    capacity_total: int = 2
    capacity_per_kind: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    accepting_from: date | None = None  # paused for new mentees until this date
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class IdentityProfile(TenantOwned, SQLModel, table=True):
    """Self-described, optional answers; shown only to the person, used only in opt-in matching and aggregates."""

    __tablename__ = "identity_profile"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    answers: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class ConflictOfInterest(TenantOwned, SQLModel, table=True):
    """A mentor who assesses a mentee must never be matched to them."""

    __tablename__ = "conflict_of_interest"
    __table_args__ = (UniqueConstraint("mentor_id", "mentee_id"),)

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    mentee_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    reason: str = Field(max_length=32)
    recorded_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class InterestTag(TenantOwned, SQLModel, table=True):
    """The coordinator-managed vocabulary of career interests and expertise."""

    __tablename__ = "interest_tag"
    __table_args__ = (UniqueConstraint("tenant_id", "name", name="uq_interest_tag_tenant_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60)  # unique per tenant
