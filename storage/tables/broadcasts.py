"""Coordinator announcements. Each recipient's copy is an outbox message (purpose "broadcast", key
`broadcast:{id}:{slack_user_id}`, `broadcast_id` set), so delivery is durable, paced and exactly-once.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import JSON, Column, Field, SQLModel

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class BroadcastStatus(StrEnum):
    """draft -> scheduled -> sending -> done; scheduled or sending -> cancelled."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class Broadcast(TenantOwned, SQLModel, table=True):
    """One announcement: who it is for, what it says, when it goes, and how delivery is going."""

    __tablename__ = "broadcast"

    id: int | None = Field(default=None, primary_key=True)
    author: str = Field(max_length=32)  # the coordinator's Slack id ("cli" from the command line)
    audience: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # kind, value, people
    message: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # text (mrkdwn), buttons
    schedule: str = Field(default="now", max_length=8)  # now, at (program time), local (each person's time)
    local_time: str | None = Field(default=None, max_length=16)  # wall-clock "YYYY-MM-DDTHH:MM" for at/local
    timezone: str = Field(max_length=64)  # the program's timezone when composed: what "program time" meant
    status: str = Field(default=BroadcastStatus.DRAFT, max_length=16, index=True)  # a BroadcastStatus
    edit_of: int | None = Field(default=None, foreign_key="broadcast.id", ondelete="CASCADE")  # a draft edit
    recipient_count: int = 0
    sent_count: int = 0
    failed_count: int = 0
    cancelled_count: int = 0
    first_send_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    last_send_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    confirmation_channel: str | None = Field(default=None, max_length=32)
    confirmation_ts: str | None = Field(default=None, max_length=32)
    confirmation_message_id: int | None = None  # the confirmation message's outbox message
    shown: str = Field(default="", max_length=64)  # the state the confirmation message last showed
    cancelled_by: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    confirmed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    started_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
