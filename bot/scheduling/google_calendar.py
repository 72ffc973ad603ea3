"""Google Calendar free/busy (`freebusy.query`) with google-api-python-client, as a service account with
domain-wide delegation (README: Calendar connectors). Imported only when MENTORBOT_CALENDAR=google."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.scheduling.connectors import FreeBusyUnavailable
from bot.scheduling.slots import Interval, merge
from bot.timing import UTC

SCOPES = ["https://www.googleapis.com/auth/calendar.freebusy"]
MAX_CALENDARS = 50  # freebusy.query's limit on items per request


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


class GoogleFreeBusy:
    def __init__(self, service: Any) -> None:
        self.service = service  # a googleapiclient Resource for calendar v3

    @classmethod
    def from_service_account(cls, credentials_file: str, subject: str) -> GoogleFreeBusy:
        from google.oauth2 import service_account
        from googleapiclient.discovery import build

        credentials = service_account.Credentials.from_service_account_file(credentials_file, scopes=SCOPES,
                                                                            subject=subject)
        return cls(build("calendar", "v3", credentials=credentials, cache_discovery=False, static_discovery=True))

    def busy(self, emails: list[str], start: datetime, end: datetime) -> dict[str, list[Interval]]:
        body = {"timeMin": start.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                "timeMax": end.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                "items": [{"id": email} for email in emails[:MAX_CALENDARS]]}
        try:
            answer = self.service.freebusy().query(body=body).execute()
        except Exception as exc:  # HttpError, transport errors, refreshed-token failures
            raise FreeBusyUnavailable(str(exc)) from exc
        found: dict[str, list[Interval]] = {}
        for email, calendar in (answer.get("calendars") or {}).items():
            if calendar.get("errors"):  # notFound, or the calendar is not shared with the domain
                continue
            found[email] = merge([(_utc(b["start"]), _utc(b["end"])) for b in calendar.get("busy", [])])
        return found
