"""One .ics file for one person's DM, as plain data (the notifier shares it; bot/scheduling/invitations.py builds it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.i18n import Deferred


@dataclass(frozen=True)
class InvitationFile:
    """One .ics file for one person's DM."""

    recipient: str  # Slack user id
    filename: str
    render: Callable[[], str]  # the file in the current language: called in the recipient's (UID, times identical)
    comment: str | Deferred  # said in the recipient's language

    @property
    def content(self) -> str:
        return self.render()
