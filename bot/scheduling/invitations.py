"""Calendar invitations as RFC 5545 files (built with the icalendar library).

Every version of one meeting carries the same UID and a rising SEQUENCE, so a calendar that imported the first
file replaces that entry with a moved time and removes it on a cancellation (METHOD:CANCEL, STATUS:CANCELLED),
instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.i18n import Deferred, _
from storage.queries.outbox_files import FileToSend
from bot.scheduling.invitation_file import InvitationFile

if TYPE_CHECKING:
    from bot.notify import Notifier

PRODID = "-//mentorbot//scheduling//EN"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str | None


@dataclass(frozen=True)
class InvitationSpec:
    uid: str
    sequence: int
    starts_at: datetime
    minutes: int
    summary: str | Deferred  # a `later(...)`: each person's file says it in their language
    description: str | Deferred
    mentor: Attendee  # the organizer when their email is known
    mentee: Attendee
    location: str = ""
    url: str = ""
    cancelled: bool = False


def queue_invitation_files(notifier: Notifier, files: Iterable[InvitationFile]) -> None:
    """Each .ics into its person's DM, through the outbox (bind the notifier to the change's transaction)."""
    for file in files:
        notifier.send_file(file.recipient, _in_current_language(file), file.comment, purpose="calendar")


def _in_current_language(file: InvitationFile) -> Callable[[], FileToSend]:
    """Built when the notifier speaks to the file's recipient: its title, SUMMARY and DESCRIPTION in their language.
    UID and SEQUENCE are the same in both people's files, so each calendar still replaces its own entry."""
    return lambda: FileToSend(file.filename, _("Mentoring meeting"), file.content.encode())


def build_ics(spec: InvitationSpec, *, stamped_at: datetime) -> str:
    import icalendar  # deferred: every worker imports this module (cancellations), few build a file

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if spec.cancelled else "REQUEST")
    event = icalendar.Event()
    event.add("uid", spec.uid)
    event.add("sequence", spec.sequence)
    event.add("dtstamp", stamped_at)
    event.add("dtstart", spec.starts_at)
    event.add("dtend", spec.starts_at + timedelta(minutes=spec.minutes))
    event.add("summary", str(spec.summary))
    event.add("description", str(spec.description))
    event.add("status", "CANCELLED" if spec.cancelled else "CONFIRMED")
    if spec.location:
        event.add("location", spec.location)
    if spec.url:
        event.add("url", spec.url)
    if spec.mentor.email:
        event.add("organizer", icalendar.vCalAddress(f"mailto:{spec.mentor.email}"), parameters={"CN": spec.mentor.name})
    for person in (spec.mentor, spec.mentee):
        if person.email:
            event.add("attendee", icalendar.vCalAddress(f"mailto:{person.email}"),
                      parameters={"CN": person.name, "ROLE": "REQ-PARTICIPANT"})
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
