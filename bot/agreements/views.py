"""What agreement messages show (the agreement as one person reads it, a pulse or review prompt), as plain data:
this module imports neither bot.notify nor bot.deps, so the Notifier protocol can name these without an import cycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.matching.views import PersonRef
from storage.tables import AgreementStatus


@dataclass(frozen=True)
class ProposedChange:
    by: PersonRef
    cadence_days: int
    duration_months: int


@dataclass(frozen=True)
class AgreementView:
    """The agreement as `me` reads it."""

    agreement_id: int
    match_id: int
    version: int
    status: str
    role: str  # mentee or mentor: whose view this is
    me: PersonRef
    partner: PersonRef
    kind: str
    cadence_days: int
    duration_months: int
    ends_on: date  # on the reader's own calendar
    term: int
    confidentiality: str
    contact: str
    no_fault: str
    first_goals: tuple[str, ...]  # the mentee's goals shared with this mentor when the match started
    acked_by_me: bool
    acked_by_partner: bool
    change: ProposedChange | None = None
    change_is_mine: bool = False
    reminder: bool = False
    offered_late: bool = False  # the match began before agreements existed (bot/agreements/backfill.py)

    @property
    def agreed(self) -> bool:
        return self.status == AgreementStatus.AGREED


@dataclass(frozen=True)
class PromptView:
    prompt_id: int
    match_id: int
    kind: str  # a PromptKind
    role: str
    partner: PersonRef
    mentoring_kind: str
    term: int
    ends_on: date | None  # the term's agreed end, on the reader's calendar (reviews)
    answer: str | None = None
    note: str = ""
