"""What is said when someone pauses or leaves the program, as plain data (imports neither bot.notify nor bot.deps)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.matching.views import Withdrawn
from bot.scheduling.invitation_file import InvitationFile


@dataclass(frozen=True)
class LeaveResult:
    mode: str  # "pause" or "leave"
    until: date | None
    notify: list[str]  # Slack ids to tell, kindly and without reasons
    name: str = ""  # how to name the person in those notices
    withdrawn: tuple[Withdrawn, ...] = ()  # proposals withdrawn: each mentor's consent DM is edited to say so
    calendar_files: tuple[InvitationFile, ...] = ()  # cancellations of the ended matches' confirmed meetings
