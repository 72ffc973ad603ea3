"""Flash mentoring: one 30-minute conversation about a topic with a mentor who opted in to such requests."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Column, Field, SQLModel

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class FlashStatus(StrEnum):
    ASKED = "asked"  # the mentor has the request and has not answered
    ACCEPTED = "accepted"  # the conversation is on; a follow-up asks both whether to continue
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # someone left the program


class FlashOffer(TenantOwned, SQLModel, table=True):
    """A mentor's opt-in to flash requests: at most `monthly_limit` conversations a calendar month (0: not now)."""

    __tablename__ = "flash_offer"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    monthly_limit: int = 0
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class FlashConversation(TenantOwned, SQLModel, table=True):
    """One flash request to one mentor; a decline asks the next mentor in a new row."""

    __tablename__ = "flash_conversation"

    id: int | None = Field(default=None, primary_key=True)
    mentee_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    mentor_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    topic: str = Field(max_length=80)
    status: str = Field(default=FlashStatus.ASKED, max_length=16, index=True)  # a FlashStatus
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    answered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    follow_up_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    followed_up_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    mentee_continue: bool | None = None  # the follow-up's answers; both True makes an ongoing match
    mentor_continue: bool | None = None
    match_id: int | None = Field(default=None, foreign_key="mentor_match.id", ondelete="SET NULL")
    ask_message_id: int | None = None  # the request's outbox message, edited once answered
