"""Infrastructure tables: the outbox of Slack messages, scheduler leadership, dated program settings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import JSON, Column, Field, Index, LargeBinary, SQLModel, UniqueConstraint

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    REFUSED = "refused"
    CANCELLED = "cancelled"


class OutboxKind(StrEnum):
    """What the sender does with a row: post to a person's DM (or a channel), open a group DM of the comma-joined
    recipients and post there, edit a message already sent (chat.update), or share a file (its bytes in
    OutboxFile) through Slack's external upload."""

    POST = "post"
    OPEN_AND_POST = "open_and_post"
    UPDATE = "update"
    UPLOAD = "upload"


class OutboxMessage(TenantOwned, SQLModel, table=True):
    """A Slack message that a job must deliver exactly once; `key` makes enqueueing idempotent."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_status_not_before", "status", "not_before"),
                      Index("ix_outbox_message_recipient", "recipient"),  # finds a known DM channel
                      UniqueConstraint("tenant_id", "key", name="uq_outbox_message_tenant_key"))

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=120)  # unique per tenant
    purpose: str = Field(max_length=32, index=True)  # checkin, reminder, nudge, digest, survey, broadcast, ...
    # a Slack user id (the app's DM with them), a channel id, or for a group DM up to 8 user ids comma-joined
    recipient: str = Field(max_length=255)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=OutboxStatus.PENDING, max_length=16)  # an OutboxStatus
    not_before: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=200)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    channel: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    broadcast_id: int | None = Field(default=None, foreign_key="broadcast.id", index=True)  # an announcement's copy
    kind: str = Field(default=OutboxKind.POST, max_length=16)  # an OutboxKind
    # an update's original: the outbox id of the message it edits (its channel and ts are known once it is sent)
    edits_id: int | None = Field(default=None, index=True)
    interactive: bool = False  # an answer to someone's click or command: delivered at once, ahead of bulk


class OutboxFile(TenantOwned, SQLModel, table=True):
    """The file of an upload row (OutboxKind.UPLOAD). Exports hold personal data, so the row lives only while its
    upload is undecided: it is deleted when the file is shared, given up or cancelled (and retention sweeps any left).
    `slack_file_id` is recorded before the upload is completed, so a retry can ask files.info whether it was shared."""

    __tablename__ = "outbox_file"

    message_id: int = Field(primary_key=True, foreign_key="outbox_message.id")
    filename: str = Field(max_length=255)
    title: str = Field(max_length=255)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    slack_file_id: str | None = Field(default=None, max_length=32)


class SchedulerLease(SQLModel, table=True):
    """Who runs scheduled work: one holder at a time, renewed while alive, taken over once expired."""

    __tablename__ = "scheduler_lease"

    name: str = Field(primary_key=True, max_length=32)
    holder: str = Field(max_length=64)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class ProgramSetting(TenantOwned, SQLModel, table=True):
    """Append-only history of program settings: the newest row per key is in force; each is a dated change."""

    __tablename__ = "program_setting"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, index=True)
    value: Any = Field(sa_column=Column(JSON, nullable=False))
    changed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    changed_by: str = Field(max_length=32)


class ProcessedRequest(SQLModel, table=True):
    """Slack requests already handled (by event_id or trigger_id), so a retry or a second replica skips them."""

    __tablename__ = "processed_request"

    key: str = Field(primary_key=True, max_length=200)
    seen_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
