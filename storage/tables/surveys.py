"""Pulse surveys: definitions, rounds, who was asked and has responded, and the answers.

Anonymity is structural. Anonymous answers live in `anonymous_response` / `anonymous_answer`: random
ids (no sequence to line up with anything), the week instead of a time, a few coarse attributes for
suppressed breakdowns (blanked at the round's close wherever fewer than the minimum group share them), and
no person id. Who has responded lives in `survey_recipient` (a flag without a time, for reminders), so
nothing joins the two. Named answers keep the person and the exact time.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import JSON, Column, Field, SQLModel, UniqueConstraint

from storage.types import UTCDateTime
from storage.tenancy import TenantOwned


class SurveyStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class SurveyRoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Survey(TenantOwned, SQLModel, table=True):
    """A survey definition and its schedule; rounds are opened from it by the scheduler."""

    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_survey_tenant_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64)  # unique per tenant
    title: str = Field(max_length=150)
    kind: str = Field(max_length=16)  # wellbeing, satisfaction, effectiveness, custom
    anonymous: bool = True
    about: str | None = Field(default=None, max_length=16)  # "mentors": mentees answer once per current mentor
    intro: str = Field(default="", max_length=1000)
    audience: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    schedule: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=SurveyStatus.ACTIVE, max_length=16, index=True)  # a SurveyStatus
    source: str = Field(default="", max_length=200)  # the template or file it came from
    # title and intro in other languages: {"fr": {"title": ..., "intro": ...}} (bot/surveys/translations.py)
    translations: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class SurveyQuestion(TenantOwned, SQLModel, table=True):
    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("survey_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True, ondelete="CASCADE")
    position: int
    key: str = Field(max_length=40)
    kind: str = Field(max_length=16)  # likert, single, multiple, scale, text
    text: str = Field(max_length=500)
    required: bool = True
    options: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    priority: str | None = Field(default=None, max_length=60)  # a program priority, for the evaluation report
    level: str | None = Field(default=None, max_length=16)  # reaction, learning, behaviour, results
    source: str | None = Field(default=None, max_length=300)  # the citation of a validated item
    # text, option labels and citation in other languages: {"fr": {"text": ..., "labels": [...], "source": ...}}
    translations: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SurveyRound(TenantOwned, SQLModel, table=True):
    """One occurrence of a survey: open from `opens_at` until `closes_at`, one reminder at `remind_at`."""

    __tablename__ = "survey_round"
    __table_args__ = (UniqueConstraint("survey_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True, ondelete="CASCADE")
    number: int
    opens_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    closes_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    remind_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    status: str = Field(default=SurveyRoundStatus.OPEN, max_length=16, index=True)  # a SurveyRoundStatus


class SurveyRecipient(TenantOwned, SQLModel, table=True):
    """Someone asked in a round, and whether they have responded: a flag with no time, used for reminders.

    `subject` is the match a mentee answers about ("about each mentor" surveys), 0 for the survey itself.
    """

    __tablename__ = "survey_recipient"
    __table_args__ = (UniqueConstraint("round_id", "person_id", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="survey_round.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    subject: int = 0
    responded: bool = False
    reminded: bool = False


class NamedAnswer(TenantOwned, SQLModel, table=True):
    """An answer to a named survey: who, when, what (one row per chosen option of a multiple choice)."""

    __tablename__ = "survey_named_answer"

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="survey_round.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    subject: int = 0
    question_id: int = Field(foreign_key="survey_question.id", ondelete="CASCADE")
    value: str = Field(max_length=1000)
    answered_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class AnonymousResponse(TenantOwned, SQLModel, table=True):
    """One anonymous submission: a random id, the week it came in, and coarse attributes for breakdowns."""

    __tablename__ = "anonymous_response"
    __table_args__ = {"sqlite_with_rowid": False}  # no hidden rowid counting the order answers arrived in

    id: str = Field(primary_key=True, max_length=32)  # random, so row ids carry no order
    round_id: int = Field(foreign_key="survey_round.id", index=True, ondelete="CASCADE")
    week_of: date  # the Monday of the (UTC) week: never the exact time
    role: str = Field(max_length=16)  # mentee, mentor, both; "withheld" once blanked at the close
    program: str | None = Field(default=None, max_length=120)
    stage: str | None = Field(default=None, max_length=32)
    subject_kind: str | None = Field(default=None, max_length=16)  # the kind of mentoring answered about


class AnonymousAnswer(TenantOwned, SQLModel, table=True):
    __tablename__ = "anonymous_answer"
    __table_args__ = {"sqlite_with_rowid": False}

    id: str = Field(primary_key=True, max_length=32)
    response_id: str = Field(foreign_key="anonymous_response.id", index=True, ondelete="CASCADE", max_length=32)
    question_id: int = Field(foreign_key="survey_question.id", ondelete="CASCADE")
    value: str = Field(max_length=1000)
