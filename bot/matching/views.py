"""What matching hands the notifier (proposals, matches, a batch, an ending), as plain data: this module imports
neither bot.notify nor bot.deps, so the Notifier protocol can name these without an import cycle."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import Deferred
from bot.resource_views import ResourceInfo
from bot.scheduling.invitation_file import InvitationFile


@dataclass(frozen=True)
class PersonRef:
    slack_id: str
    name: str


@dataclass(frozen=True)
class ProposalInfo:
    proposal_id: int
    status: str
    mentee: PersonRef
    mentor: PersonRef
    kind: str
    score: float
    reasons: tuple[str, ...]
    mentee_stage: str
    mentee_program: str
    cadence_days: int
    mentee_note: str
    reviewed_by: str | None = None  # Slack id of the coordinator who last approved, rejected or swapped it


@dataclass(frozen=True)
class Unfilled:
    mentee: PersonRef
    kind: str
    reason: str | Deferred  # said in the language of whoever reads it
    request_id: int = 0


@dataclass(frozen=True)
class MatchInfo:
    match_id: int
    mentee: PersonRef
    mentor: PersonRef
    kind: str
    reasons: tuple[str, ...]
    cadence_days: int
    mentee_note: str
    resources: tuple[ResourceInfo, ...] = ()  # the library's links for this kind at the mentee's stage


@dataclass(frozen=True)
class BatchResult:
    batch_id: str
    proposals: tuple[ProposalInfo, ...]
    unfilled: tuple[Unfilled, ...]


@dataclass(frozen=True)
class Withdrawn:
    proposal: ProposalInfo
    consent_channel: str | None  # where the mentor was asked, to edit that message (asked before the outbox did it)
    consent_ts: str | None
    consent_message_id: int | None = None  # the consent request's outbox message


class Reader(StrEnum):
    """Who reads a notice of a match's ending: each is told differently."""

    ACTOR = "actor"
    MENTEE = "mentee"
    MENTOR = "mentor"
    COORDINATOR = "coordinator"


@dataclass(frozen=True)
class EndedMatch:
    match: MatchInfo
    ended_by: str  # Slack id of whoever ended it
    other: PersonRef | None  # the person to tell kindly (None when a coordinator ended it: tell both)
    coordinators: tuple[str, ...]
    searching: bool = False  # the mentee still wants this kind: a new request is open
    calendar_files: tuple[InvitationFile, ...] = ()  # cancellations of the pair's confirmed meeting, one each
