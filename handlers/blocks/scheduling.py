"""Scheduling messages: offered times, a pick to confirm, the confirmation, the reminder and "did it happen?".

Times are shown on the reader's own clock with their timezone named; a place or link typed by one of the pair is
escaped like all typed text.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.scheduling.messages import MeetingNote, NoteKind, SlotOffer
from bot.timing import zone
from handlers import ids
from handlers.blocks.common import actions, button, context, escape_mrkdwn, message, section

MODE_WORDS = {"in_person": "in person", "virtual": "by video"}


def when(instant: datetime, timezone: str, minutes: int | None = None) -> str:
    local = instant.astimezone(zone(timezone))
    until = f"-{(local + timedelta(minutes=minutes)):%H:%M}" if minutes else ""
    return f"{local:%a %-d %b, %H:%M}{until}"


def find_time_button(match_id: int) -> dict[str, Any]:
    return button("Find a time", ids.MEET_FIND, str(match_id))


def build_slot_offer(offer: SlotOffer) -> dict[str, Any]:
    partner = escape_mrkdwn(offer.partner.name)
    intro = ("Those times no longer work, so here are new ones" if offer.rescheduling else
             f"Times you and {partner} can both make")
    lines = "\n".join(f"• {when(s, offer.timezone, offer.minutes)}" for s in offer.slots)
    buttons = [button(when(s, offer.timezone), f"{ids.MEET_PICK_PREFIX}{n}", f"{offer.meeting_id}:{offer.round}:{n}")
               for n, s in enumerate(offer.slots)]
    buttons.append(button("Other times", ids.MEET_OTHER_TIMES, f"{offer.meeting_id}:{offer.round}"))
    return message(f"{intro}: pick one", [
        section(f"*{intro}* ({offer.minutes} min {MODE_WORDS.get(offer.mode, '')}, your time, {offer.timezone}):\n"
                f"{lines}\nPick one and {partner} is asked to confirm it."),
        actions(ids.MEET_SLOTS_BLOCK, *buttons),
        context("Only these times are shared: neither of you sees the other's calendar or availability."),
    ])


def _time(note: MeetingNote) -> str:
    assert note.starts_at is not None
    return f"{when(note.starts_at, note.timezone, note.minutes)} ({note.timezone})"


def _where(note: MeetingNote) -> str:
    if not note.where:
        return ""
    return f"\n*Where:* {escape_mrkdwn(note.where)}" if note.mode == "in_person" else f"\n*Link:* {escape_mrkdwn(note.where)}"


def build_meeting_note(note: MeetingNote) -> dict[str, Any]:
    partner = escape_mrkdwn(note.partner.name)
    value = f"{note.meeting_id}:{note.round}"
    if note.kind is NoteKind.NO_SLOT:
        text = (f"You and {partner} have no time in common in the next two weeks. Adding a few windows or removing "
                "busy blocks in `/mentor availability` helps; the program sees only that no time was found.")
        return message(text, [section(text)])
    if note.kind is NoteKind.NO_OTHER_SLOT:
        text = (f"There are no other times you and {partner} can both make in the next two weeks; the times "
                "already offered still stand.")
        return message(text, [section(text)])
    if note.kind is NoteKind.LOGGED:
        text = f"Noted: you met {partner} on {_time(note)}. Thank you for keeping the program informed."
        return message(text, [section(text)])
    if note.kind is NoteKind.PICKED:
        text = f"You picked *{_time(note)}*. {partner} is asked to confirm it; you'll both get the invitation."
        return message(f"You picked {_time(note)}", [section(text)])
    if note.kind is NoteKind.TO_CONFIRM:
        return message(f"{partner} picked {_time(note)}: confirm?", [
            section(f"{partner} picked *{_time(note)}* for your mentoring meeting."),
            actions(ids.MEET_ANSWER_BLOCK, button("Confirm", ids.MEET_CONFIRM, value, "primary"),
                    button("Other times", ids.MEET_OTHER_TIMES, value)),
        ])
    if note.kind is NoteKind.CONFIRMED:
        reminder = " I'll remind you the working day before." if note.reminder_coming else ""
        text = (f"Confirmed: you meet {partner} *{_time(note)}*, {MODE_WORDS.get(note.mode, '')}.{_where(note)}\n"
                f"The invitation file follows.{reminder}")
        return message(f"Confirmed: {_time(note)}", [section(text)])
    if note.kind is NoteKind.REMINDER:
        text = f"Reminder: you meet {partner} *{_time(note)}*, {MODE_WORDS.get(note.mode, '')}.{_where(note)}"
        return message(f"Reminder: you meet {partner} {_time(note)}", [section(text)])
    happened = f"{note.meeting_id}:{note.sequence}"
    return message(f"Did your meeting with {partner} happen?", [
        section(f"Did your meeting with {partner} on *{_time(note)}* happen?"),
        actions(ids.MEET_ANSWER_BLOCK, button("Yes, we met", ids.MEET_HAPPENED, happened, "primary"),
                button("No, find new times", ids.MEET_NOT_HAPPENED, happened)),
    ])
