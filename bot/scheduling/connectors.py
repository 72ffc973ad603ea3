"""Calendar connectors: an optional free/busy lookup that adds the busy times of a person's work calendar to the
availability they gave. Never required: without one, or when it fails, slots come from stored availability alone.
What a connector answers is used for one slot computation and never stored or shown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.scheduling.slots import Interval


class FreeBusyUnavailable(Exception):
    """The calendar service could not answer (network, credentials, quota)."""


class FreeBusySource(Protocol):
    def busy(self, emails: list[str], start: datetime, end: datetime) -> dict[str, list[Interval]]:
        """Busy intervals (UTC) per email address between start and end; an address it cannot see is left out."""
        ...
