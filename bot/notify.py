"""What services and jobs need to tell people in Slack, as an interface they can be tested without."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.matching.service import BatchResult, MatchInfo, ProposalInfo


@dataclass(frozen=True)
class MessageRef:
    channel: str
    ts: str


class Notifier(Protocol):
    def notice(self, user_id: str, text: str) -> MessageRef:
        """A short, kind direct message."""
        ...

    def ask_consent(self, proposal: ProposalInfo) -> MessageRef:
        """Ask a mentor to accept or decline a mentee."""
        ...

    def consent_closed(self, proposal: ProposalInfo, where: MessageRef, accepted: bool | None) -> None:
        """Edit the consent request to show the answer (None: it lapsed unanswered)."""
        ...

    def introduce(self, match: MatchInfo) -> MessageRef:
        """The warm group-DM introduction of a new pair."""
        ...

    def send_review(self, coordinator_id: str, batch: BatchResult) -> MessageRef:
        """Matching proposals for a coordinator to approve, swap or reject."""
        ...

    def refresh_home(self, user_id: str) -> None:
        """Re-publish someone's App Home after a change."""
        ...
