"""Each person's availability: saved from their own modal (typed or an .ics file), read only by the slot finder,
their own modal and their my-data export. Nobody else ever sees it; others see only the slots computed from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlmodel import Session

from bot.i18n import _, format_number
from bot.scheduling.availability_text import (
    BUSY_MAX_CHARS,
    ICS_MAX_CHARS,
    WINDOWS_MAX_CHARS,
    AvailabilityError,
    format_busy,
    format_windows,
    parse_busy,
    parse_windows,
)
from bot.scheduling.ics_import import busy_from_ics
from bot.scheduling.slots import Calendar, Interval, Window
from bot.timing import DeliveryWindow
from bot.text_limits import length_error
from storage.queries.audit import record_audit
from storage.queries.people import get_person
from storage.tables import Availability, Person

TYPED, IMPORTED = "modal", "ics"
KEEP_BUSY_FOR = timedelta(days=1)  # busy blocks that ended before yesterday mean nothing to future slots


@dataclass(frozen=True)
class AvailabilityInput:
    windows: str = ""
    busy: str = ""
    ics: str = ""  # pasted .ics content; empty keeps the blocks imported before
    place: str = ""
    video_link: str = ""


@dataclass(frozen=True)
class AvailabilityForm:
    """What the person's own modal shows them (only them)."""

    timezone: str
    windows: str = ""
    busy: str = ""
    imported: int = 0  # busy blocks from a calendar file
    place: str = ""
    video_link: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def _blocks(row: Availability | None, source: str) -> list[Interval]:
    if row is None:
        return []
    return [(datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"])) for b in row.busy
            if b.get("source") == source]


def _stored(blocks: list[Interval], source: str, now: datetime) -> list[dict]:
    return [{"start": s.isoformat(), "end": e.isoformat(), "source": source} for s, e in blocks
            if e > now - KEEP_BUSY_FOR]


def windows_of(row: Availability | None) -> list[Window]:
    return [Window(w["weekday"], time.fromisoformat(w["start"]), time.fromisoformat(w["end"]))
            for w in (row.windows if row else [])]


def availability_form(*, session: Session, slack_user_id: str) -> AvailabilityForm:
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None:
        raise AvailabilityError(_("Join the program first (`/mentor join`), then add your availability."))
    row = session.get(Availability, person.id)
    if row is None:
        return AvailabilityForm(person.timezone)
    return AvailabilityForm(person.timezone, format_windows(windows_of(row)),
                            format_busy(_blocks(row, TYPED), person.timezone), len(_blocks(row, IMPORTED)),
                            row.place, row.video_link)


def _read(entered: AvailabilityInput, person: Person, now: datetime) -> tuple[list[Window], list[Interval],
                                                                             list[Interval] | None, dict[str, str]]:
    errors = {name: _("This can be at most {limit} characters (this is {length}).").format(
        limit=format_number(limit), length=format_number(len(text)))
              for name, text, limit in (("windows", entered.windows, WINDOWS_MAX_CHARS),
                                        ("busy", entered.busy, BUSY_MAX_CHARS), ("ics", entered.ics, ICS_MAX_CHARS))
              if len(text) > limit}
    if errors:  # before any parsing: a forged megabyte costs nothing
        return [], [], None, errors
    windows: list[Window] = []
    typed: list[Interval] = []
    imported: list[Interval] | None = None
    for name, read in (("windows", lambda: parse_windows(entered.windows)),
                       ("busy", lambda: parse_busy(entered.busy, person.timezone)),
                       ("ics", lambda: busy_from_ics(entered.ics, person.timezone, now) if entered.ics.strip() else None)):
        try:
            value = read()
        except AvailabilityError as exc:
            errors[name] = str(exc)
            continue
        if name == "windows":
            windows = value  # type: ignore[assignment]
        elif name == "busy":
            typed = value  # type: ignore[assignment]
        else:
            imported = value  # type: ignore[assignment]
    for column, text, what in (("place", entered.place, _("The place")), ("video_link", entered.video_link, _("The link"))):
        if problem := length_error(Availability, column, text.strip(), what=what):
            errors[column] = problem
    link = entered.video_link.strip()
    if link and (not link.startswith("https://") or any(c in link for c in "<>| ")):
        errors["video_link"] = _("A video link starts with https:// and has no spaces, <, > or |.")
    return windows, typed, imported, errors


def save_availability(*, session: Session, slack_user_id: str, entered: AvailabilityInput,
                      now: datetime) -> dict[str, str]:
    """Store what the person entered; {} when saved, else a message per field (nothing stored)."""
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None or person.id is None:
        return {"windows": _("Join the program first (`/mentor join`).")}
    windows, typed, imported, errors = _read(entered, person, now)
    if errors:
        return errors
    row = session.get(Availability, person.id) or Availability(person_id=person.id, updated_at=now)
    kept = _blocks(row, IMPORTED) if imported is None else imported
    row.windows = _as_rows(windows)
    row.busy = _stored(typed, TYPED, now) + _stored(kept, IMPORTED, now)
    row.busy_source = IMPORTED if imported is not None else row.busy_source or TYPED
    row.place, row.video_link, row.updated_at = entered.place.strip(), entered.video_link.strip(), now
    session.add(row)
    record_audit(session=session, now=now, actor=slack_user_id, action="availability.save", target=str(person.id))
    return {}


def _as_rows(windows: list[Window]) -> list[dict]:
    return [{"weekday": w.weekday, "start": f"{w.start:%H:%M}", "end": f"{w.end:%H:%M}"} for w in windows]


def stored_windows(*, session: Session, person_id: int) -> list[Window]:
    return windows_of(session.get(Availability, person_id))


def set_windows(*, session: Session, person_id: int, windows: list[Window], now: datetime) -> None:
    """Replace a person's weekly windows (the roster's `availability` column), keeping their busy blocks."""
    row = session.get(Availability, person_id) or Availability(person_id=person_id, updated_at=now)
    row.windows, row.updated_at = _as_rows(windows), now
    session.add(row)


def calendar_of(session: Session, person: Person, working: DeliveryWindow,
                connected: list[Interval] | None = None) -> Calendar:
    """The slot finder's view of a person: their windows, or their working hours when they gave none; their busy
    blocks plus any a calendar connector reported."""
    row = session.get(Availability, person.id)
    windows = windows_of(row) or [Window(day, working.start, working.end) for day in sorted(working.weekdays)]
    busy = _blocks(row, TYPED) + _blocks(row, IMPORTED) + list(connected or [])
    return Calendar(person.timezone, tuple(windows), tuple(busy))
