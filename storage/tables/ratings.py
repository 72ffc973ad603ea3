"""The mentee's one-click rating of a logged meeting: how useful it was to them.

Kept apart from the meeting row on purpose: both people of a pair read their meetings, but only the mentee
rates, and only the mentee (and the report, in aggregate) ever reads a rating. It rates the mentoring the mentee
received, never the mentee: mentors are not asked.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Column, Field, SQLModel

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class MeetingRatingAnswer(StrEnum):
    USEFUL = "useful"
    SOMEWHAT = "somewhat"
    NOT_USEFUL = "not_useful"


class MeetingRating(TenantOwned, SQLModel, table=True):
    """One per meeting, created when the mentee is asked; `rating` stays empty until they click (one click wins)."""

    __tablename__ = "meeting_rating"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", unique=True, ondelete="CASCADE")
    match_id: int = Field(foreign_key="mentor_match.id", index=True, ondelete="CASCADE")
    asked_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    rating: str | None = Field(default=None, max_length=16)  # a MeetingRatingAnswer
    rated_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
