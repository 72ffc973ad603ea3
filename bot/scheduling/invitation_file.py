"""One .ics file for one person's DM, as plain data (the notifier shares it; bot/scheduling/invitations.py builds it)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import Deferred


@dataclass(frozen=True)
class InvitationFile:
    """One .ics file for one person's DM."""

    recipient: str  # Slack user id
    filename: str
    content: str
    comment: str | Deferred  # said in the recipient's language
