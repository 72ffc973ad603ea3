"""What a pair agrees to when a match starts, and the few questions each person is asked about it later
(the early pulse, the midpoint and end-of-term reviews)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import JSON, Column, Field, Index, SQLModel, UniqueConstraint

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class AgreementStatus(StrEnum):
    """pending (sent, not both acknowledged) -> agreed. A change proposed later waits beside the agreed terms."""

    PENDING = "pending"
    AGREED = "agreed"


class PromptKind(StrEnum):
    PULSE = "pulse"  # about 30 days in: how is this match going?
    MIDPOINT = "midpoint"  # halfway through the agreed term: continue, renew or complete
    END = "end"  # at the agreed end: continue, renew or complete


class PromptStatus(StrEnum):
    """due -> sent -> answered; due or sent -> skipped (the match ended, or the person paused or left)."""

    DUE = "due"
    SENT = "sent"
    ANSWERED = "answered"
    SKIPPED = "skipped"


class PulseAnswer(StrEnum):
    GREAT = "great"
    FINE = "fine"
    NOT_SURE = "not_sure"
    NOT_WORKING = "not_working"


class ReviewAnswer(StrEnum):
    CONTINUE = "continue"
    RENEW = "renew"
    COMPLETE = "complete"


class Agreement(TenantOwned, SQLModel, table=True):
    """One per match: the terms as sent (a copy of the program's template at that time, so a later edit of the
    template does not change what a pair agreed to), who acknowledged them, and any change awaiting the other."""

    __tablename__ = "agreement"

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mentor_match.id", unique=True, ondelete="CASCADE")
    version: int = 1  # bumped by every change; a button names the version it was shown with
    status: str = Field(default=AgreementStatus.PENDING, max_length=16)  # an AgreementStatus
    cadence_days: int
    duration_months: int
    term: int = 1  # 1 for the first term; a renewal starts the next
    term_started_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    ends_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    # the template's texts when sent: confidentiality, contact, no_fault; first_goals (titles the mentor may see)
    sections: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    mentee_acked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    mentor_acked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    mentee_reminded_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    mentor_reminded_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    change_by: str | None = Field(default=None, max_length=8)  # mentee or mentor: a change awaits the other
    change_cadence_days: int | None = None
    change_duration_months: int | None = None
    renewals: int = 0
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    agreed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    renewed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class MatchPrompt(TenantOwned, SQLModel, table=True):
    """One question about a match for one of its two people: the early pulse, or a midpoint or end review of
    one term. Sent in the person's working hours; the answer (and an optional note) is seen by coordinators."""

    __tablename__ = "match_prompt"
    __table_args__ = (
        UniqueConstraint("match_id", "role", "kind", "term"),
        Index("ix_match_prompt_status_due_at", "status", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mentor_match.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=8)  # mentee or mentor
    kind: str = Field(max_length=16)  # a PromptKind
    term: int = 1
    due_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    status: str = Field(default=PromptStatus.DUE, max_length=16)  # a PromptStatus
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    answer: str | None = Field(default=None, max_length=16)  # a PulseAnswer or ReviewAnswer
    answered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    note: str = Field(default="", max_length=500)  # optional, with the pulse; coordinators see it
