"""Which free/busy connector this installation uses, from its settings (none by default)."""

from __future__ import annotations

from bot.scheduling.connectors import FreeBusySource
from bot.settings import Settings


def free_busy_from(settings: Settings) -> FreeBusySource | None:
    if settings.calendar == "google":
        from bot.scheduling.google_calendar import GoogleFreeBusy

        return GoogleFreeBusy.from_service_account(settings.google_credentials_file, settings.google_subject)
    return None
