"""Match requests, proposals to mentors, and the matches themselves."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import JSON, Column, Field, SQLModel, UniqueConstraint

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class RequestStatus(StrEnum):
    OPEN = "open"
    MATCHED = "matched"
    WITHDRAWN = "withdrawn"


class ProposalStatus(StrEnum):
    """pending_review -> awaiting_mentor -> accepted | declined | expired; pending_review -> rejected."""

    PENDING_REVIEW = "pending_review"
    AWAITING_MENTOR = "awaiting_mentor"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # someone left the program


class MatchStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class EndReason(StrEnum):
    """Why a match ended: only `completed` is a success that does not send the mentee back into matching."""

    NO_FAULT = "no_fault"  # either person ended it early ("Not a fit", `/mentor rematch`)
    COORDINATOR = "coordinator"  # a coordinator ended it (no fault either)
    LEFT_PROGRAM = "left_program"
    COMPLETED = "completed"  # finished at a review: a success


class MatchRequest(TenantOwned, SQLModel, table=True):
    """A mentee's wish for one kind of mentor; open until matched or withdrawn."""

    __tablename__ = "match_request"

    id: int | None = Field(default=None, primary_key=True)
    mentee_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)
    status: str = Field(default=RequestStatus.OPEN, max_length=16, index=True)  # a RequestStatus
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class Proposal(TenantOwned, SQLModel, table=True):
    """One mentor suggested for one request: reviewed by a coordinator, then asked for consent."""

    __tablename__ = "proposal"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="match_request.id", index=True, ondelete="CASCADE")
    mentor_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    score: float
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source: str = Field(max_length=16)  # batch, self_service, fallthrough
    batch_id: str | None = Field(default=None, max_length=32, index=True)
    # pending_review -> awaiting_mentor -> accepted | declined | expired; pending_review -> rejected
    status: str = Field(max_length=16, index=True)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    asked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    answered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    consent_channel: str | None = Field(default=None, max_length=32)
    consent_ts: str | None = Field(default=None, max_length=32)
    consent_message_id: int | None = None  # the consent request's outbox message (its channel and ts once sent)
    reviewed_by: str | None = Field(default=None, max_length=32)  # Slack id of who last approved, rejected or swapped it


class ReviewCopy(TenantOwned, SQLModel, table=True):
    """Where one coordinator's copy of a batch review was posted: when anyone decides, every copy is edited."""

    __tablename__ = "review_copy"

    id: int | None = Field(default=None, primary_key=True)
    batch_id: str = Field(max_length=32, index=True)
    channel: str | None = Field(default=None, max_length=32)  # copies posted before the outbox carried them
    ts: str | None = Field(default=None, max_length=32)
    message_id: int | None = None  # this copy's outbox message
    # the batch's "no mentor found yet" lines as first sent ({"request_id", "reason"}), shown again on every edit
    unfilled: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Match(TenantOwned, SQLModel, table=True):
    """An active (or ended) mentoring relationship of one kind between a mentee and a mentor."""

    __tablename__ = "mentor_match"

    id: int | None = Field(default=None, primary_key=True)
    mentee_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    mentor_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)
    request_id: int | None = Field(default=None, foreign_key="match_request.id", ondelete="SET NULL")
    status: str = Field(default=MatchStatus.ACTIVE, max_length=16, index=True)  # a MatchStatus
    cadence_days: int = 30
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    started_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    ended_by: str | None = Field(default=None, max_length=32)
    end_reason: str | None = Field(default=None, max_length=32)  # an EndReason
    intro_channel: str | None = Field(default=None, max_length=32)  # where the introduction was posted
    intro_ts: str | None = Field(default=None, max_length=32)
    intro_message_id: int | None = None  # the introduction's outbox message


class Meeting(TenantOwned, SQLModel, table=True):
    """A meeting of a matched pair; one row per pair and day (a second log that day is merged)."""

    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("match_id", "met_on"),)

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mentor_match.id", index=True, ondelete="CASCADE")
    met_on: date
    minutes: int | None = None
    logged_by: str = Field(max_length=32)
    note: str = Field(default="", max_length=2000)  # private to whoever wrote it
    # indexed: the meeting-rating step reads the last few days' meetings every tick
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
