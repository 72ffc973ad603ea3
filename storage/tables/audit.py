"""Who did what: coordinator actions, role changes and refused attempts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import JSON, Column, Field, SQLModel

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class AuditOutcome(StrEnum):
    OK = "ok"
    REFUSED = "refused"


class AuditEvent(TenantOwned, SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    actor_slack_id: str = Field(max_length=32, index=True)
    action: str = Field(max_length=64)
    target: str | None = Field(default=None, max_length=200)
    outcome: str = Field(default=AuditOutcome.OK, max_length=16)  # an AuditOutcome
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
