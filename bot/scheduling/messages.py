"""What scheduling tells each person, as plain data the notifier renders (times in the reader's own timezone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.matching.views import PersonRef


class NoteKind(StrEnum):
    PICKED = "picked"  # to the one who picked: waiting for the partner
    TO_CONFIRM = "to_confirm"  # to the partner: confirm, or ask for other times
    CONFIRMED = "confirmed"
    REMINDER = "reminder"  # the working day before
    FOLLOWUP = "followup"  # "did it happen?" after the slot
    NO_SLOT = "no_slot"  # no time both can make in the next two weeks
    NO_OTHER_SLOT = "no_other_slot"  # asked for other times: none besides those already offered
    LOGGED = "logged"  # "Yes, we met": the meeting is in the log


@dataclass(frozen=True)
class SlotOffer:
    """Three (or fewer) times both can make; either person picks one."""

    meeting_id: int
    round: int
    recipient: PersonRef
    partner: PersonRef
    timezone: str  # the recipient's
    slots: tuple[datetime, ...]
    minutes: int
    mode: str
    rescheduling: bool = False


@dataclass(frozen=True)
class MeetingNote:
    kind: NoteKind
    meeting_id: int
    round: int
    sequence: int
    recipient: PersonRef
    partner: PersonRef
    timezone: str  # the recipient's
    starts_at: datetime | None
    minutes: int
    mode: str
    where: str = ""  # a place or a video link, typed by one of the pair
    reminder_coming: bool = False  # a confirmation: a reminder is queued for the working day before
