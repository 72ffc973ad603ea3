"""Scheduling messages: offered times, a pick to confirm, the confirmation, the reminder and "did it happen?".

Times are shown on the reader's own clock with their timezone named; a place or link typed by one of the pair is
escaped like all typed text.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.i18n import N_, _, format_clock, format_moment
from bot.scheduling.messages import MeetingNote, NoteKind, SlotOffer
from bot.timing import zone
from handlers import ids
from handlers.blocks.common import actions, button, context, escape_mrkdwn, message, section

MODE_WORDS = {"in_person": N_("in person"), "virtual": N_("by video")}


def mode_words(mode: str) -> str:
    return _(MODE_WORDS[mode]) if mode in MODE_WORDS else ""


def when(instant: datetime, timezone: str, minutes: int | None = None) -> str:
    local = instant.astimezone(zone(timezone))
    until = f"-{format_clock(local + timedelta(minutes=minutes))}" if minutes else ""
    return f"{format_moment(local)}{until}"


def find_time_button(match_id: int) -> dict[str, Any]:
    return button(_("Find a time"), ids.MEET_FIND, str(match_id))


def build_slot_offer(offer: SlotOffer) -> dict[str, Any]:
    partner = escape_mrkdwn(offer.partner.name)
    intro = (_("Those times no longer work, so here are new ones") if offer.rescheduling else
             _("Times you and {partner} can both make").format(partner=partner))
    lines = "\n".join(f"• {when(s, offer.timezone, offer.minutes)}" for s in offer.slots)
    buttons = [button(when(s, offer.timezone), f"{ids.MEET_PICK_PREFIX}{n}", f"{offer.meeting_id}:{offer.round}:{n}")
               for n, s in enumerate(offer.slots)]
    buttons.append(button(_("Other times"), ids.MEET_OTHER_TIMES, f"{offer.meeting_id}:{offer.round}"))
    return message(_("{intro}: pick one").format(intro=intro), [
        section(_("*{intro}* ({minutes} min {mode}, your time, {timezone}):").format(
                    intro=intro, minutes=offer.minutes, mode=mode_words(offer.mode), timezone=offer.timezone)
                + f"\n{lines}\n" + _("Pick one and {partner} is asked to confirm it.").format(partner=partner)),
        actions(ids.MEET_SLOTS_BLOCK, *buttons),
        context(_("Only these times are shared: neither of you sees the other's calendar or availability.")),
    ])


def _time(note: MeetingNote) -> str:
    assert note.starts_at is not None
    return f"{when(note.starts_at, note.timezone, note.minutes)} ({note.timezone})"


def _where(note: MeetingNote) -> str:
    if not note.where:
        return ""
    if note.mode == "in_person":
        return "\n" + _("*Where:* {place}").format(place=escape_mrkdwn(note.where))
    return "\n" + _("*Link:* {link}").format(link=escape_mrkdwn(note.where))


def build_meeting_note(note: MeetingNote) -> dict[str, Any]:
    partner = escape_mrkdwn(note.partner.name)
    value = f"{note.meeting_id}:{note.round}"
    if note.kind is NoteKind.NO_SLOT:
        text = _("You and {partner} have no time in common in the next two weeks. Adding a few windows or removing "
                 "busy blocks in `/mentor availability` helps; the program sees only that no time was found.").format(
            partner=partner)
        return message(text, [section(text)])
    if note.kind is NoteKind.NO_OTHER_SLOT:
        text = _("There are no other times you and {partner} can both make in the next two weeks; the times already "
                 "offered still stand.").format(partner=partner)
        return message(text, [section(text)])
    if note.kind is NoteKind.LOGGED:
        text = _("Noted: you met {partner} on {time}. Thank you for keeping the program informed.").format(
            partner=partner, time=_time(note))
        return message(text, [section(text)])
    if note.kind is NoteKind.PICKED:
        text = _("You picked *{time}*. {partner} is asked to confirm it; you'll both get the invitation.").format(
            time=_time(note), partner=partner)
        return message(_("You picked {time}").format(time=_time(note)), [section(text)])
    if note.kind is NoteKind.TO_CONFIRM:
        return message(_("{partner} picked {time}: confirm?").format(partner=partner, time=_time(note)), [
            section(_("{partner} picked *{time}* for your mentoring meeting.").format(partner=partner, time=_time(note))),
            actions(ids.MEET_ANSWER_BLOCK, button(_("Confirm"), ids.MEET_CONFIRM, value, "primary"),
                    button(_("Other times"), ids.MEET_OTHER_TIMES, value)),
        ])
    if note.kind is NoteKind.CONFIRMED:
        reminder = " " + _("I'll remind you the working day before.") if note.reminder_coming else ""
        text = (_("Confirmed: you meet {partner} *{time}*, {mode}.").format(partner=partner, time=_time(note),
                                                                            mode=mode_words(note.mode))
                + _where(note) + "\n" + _("The invitation file follows.") + reminder)
        return message(_("Confirmed: {time}").format(time=_time(note)), [section(text)])
    if note.kind is NoteKind.REMINDER:
        text = _("Reminder: you meet {partner} *{time}*, {mode}.").format(
            partner=partner, time=_time(note), mode=mode_words(note.mode)) + _where(note)
        return message(_("Reminder: you meet {partner} {time}").format(partner=partner, time=_time(note)),
                       [section(text)])
    happened = f"{note.meeting_id}:{note.sequence}"
    return message(_("Did your meeting with {partner} happen?").format(partner=partner), [
        section(_("Did your meeting with {partner} on *{time}* happen?").format(partner=partner, time=_time(note))),
        actions(ids.MEET_ANSWER_BLOCK, button(_("Yes, we met"), ids.MEET_HAPPENED, happened, "primary"),
                button(_("No, find new times"), ids.MEET_NOT_HAPPENED, happened)),
    ])
