"""One .ics file for one person's DM, as plain data (the notifier shares it; bot/scheduling/invitations.py builds it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InvitationFile:
    """One .ics file for one person's DM."""

    recipient: str  # Slack user id
    filename: str
    content: str
    comment: str
