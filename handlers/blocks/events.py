"""Speed-mentoring event messages: the invitation with its RSVP buttons, each person's rounds, and the picks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.events.views import EventInfo, PersonalSchedule
from handlers import ids
from handlers.blocks.common import actions, button, context, escape_mrkdwn, message, section

PLACE_WORDS = {"in_person": "in person", "virtual": "virtual"}


def _when(event: EventInfo, timezone: str) -> str:
    local = event.starts_at.astimezone(ZoneInfo(timezone or "UTC"))
    return f"{local:%A %B %-d, %H:%M} ({timezone or 'UTC'})"


def _summary(event: EventInfo, timezone: str) -> str:
    return (f"*{escape_mrkdwn(event.title)}*: {_when(event, timezone)}, {PLACE_WORDS.get(event.place, event.place)}, "
            f"{event.rounds} rounds of {event.minutes} minutes")


def build_event_invitation(event: EventInfo, timezone: str) -> dict[str, Any]:
    value = str(event.event_id)
    return message(f"Speed mentoring: {event.title}", [
        section(f"🪑 You're invited to a speed-mentoring event. {_summary(event, timezone)}."),
        section("Each round you meet someone new, chosen for fit; afterwards you can pick whom you'd like to "
                "continue with, and a pick you both make becomes a match."),
        actions(f"{ids.EVENT_RSVP_BLOCK_PREFIX}{value}", button("I'll come", ids.EVENT_RSVP_YES, value, "primary"),
                button("Can't make it", ids.EVENT_RSVP_NO, value)),
    ])


def build_event_rsvp_answered(event: EventInfo, timezone: str, coming: bool) -> dict[str, Any]:
    """The invitation once answered, with the other answer's button: a change of mind is allowed until the
    rotation is made."""
    text = (f"You're coming to {_summary(event, timezone)}. Your rounds will follow." if coming
            else f"You can't make {_summary(event, timezone)}. Thanks for letting us know.")
    value = str(event.event_id)
    change = (button("Can't make it after all", ids.EVENT_RSVP_NO, value) if coming
              else button("I can come after all", ids.EVENT_RSVP_YES, value))
    return message(text, [section(text), actions(f"{ids.EVENT_RSVP_BLOCK_PREFIX}{value}", change),
                          context("You can change your answer until the rotation is made.")])


def build_event_schedule(schedule: PersonalSchedule) -> dict[str, Any]:
    event = schedule.event
    zone = ZoneInfo(schedule.timezone or "UTC")
    lines = []
    for number, seat in enumerate(schedule.seats, start=1):
        start = (event.starts_at + timedelta(minutes=event.minutes * (number - 1))).astimezone(zone)
        who = f"<@{seat.partner_slack_id}>" if seat else "_a break_"
        lines.append(f"Round {number} ({start:%H:%M}): {who}")
    return message(f"Your rounds at {event.title}", [
        section(f"Your rounds at {_summary(event, schedule.timezone)}:"),
        section("\n".join(lines)),
        context("Nobody meets the same person twice, and nobody is seated with someone they have a conflict with."),
    ])


def build_event_picks(schedule: PersonalSchedule) -> dict[str, Any]:
    event = schedule.event
    partners = [seat for seat in schedule.seats if seat is not None]
    buttons = [button(seat.partner[:60], f"{ids.EVENT_PICK_PREFIX}{number}", f"{event.event_id}:{seat.partner_slack_id}")
               for number, seat in enumerate(partners)]
    blocks = [section(f"Thank you for coming to *{escape_mrkdwn(event.title)}*. Whom would you like to continue "
                      "with? Pick as many as you like.")]
    for start in range(0, len(buttons), 5):
        blocks.append(actions(f"{ids.EVENT_PICK_BLOCK_PREFIX}{event.event_id}_{start}", *buttons[start:start + 5]))
    blocks.append(context("A pick you both make becomes a match; a mentee's pick asks that mentor first. Nobody is "
                          "told who did not pick them."))
    return message(f"Whom would you like to continue with after {event.title}?", blocks)
