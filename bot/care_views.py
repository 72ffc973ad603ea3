"""What care messages show (a check-in, the coordinators' alerts and program notes), as plain data: this module
imports neither bot.notify nor bot.deps, so the Notifier protocol can name these without an import cycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.matching.views import PersonRef


@dataclass(frozen=True)
class GoalLine:
    goal_id: int
    title: str
    status: str


@dataclass(frozen=True)
class CheckInInfo:
    checkin_id: int
    role: str
    recipient: PersonRef
    partner: PersonRef
    kind: str
    goals: tuple[GoalLine, ...]
    reminder: bool = False
    met: str | None = None
    goals_private_note: bool = False  # the mentee's goals list includes some only they can see
    met_question: str = ""  # "did you meet?", true for this cycle (see `met_question`)
    match_id: int = 0  # for "Find a time"


@dataclass(frozen=True)
class AlertInfo:
    alert_id: int
    kind: str
    mentee: PersonRef
    mentor: PersonRef
    detail: str
    raised_on: date
    nudged: bool
    programs: tuple[str | None, ...] = ()  # the mentee's and the mentor's: whose coordinators see it


@dataclass(frozen=True)
class ProgramNote:
    """A mentor's "anything the program should know?", marked with the pair it is about."""

    mentee: PersonRef
    mentor: PersonRef
    kind: str
    note: str
    programs: tuple[str | None, ...] = ()  # the mentee's and the mentor's: whose coordinators see it
