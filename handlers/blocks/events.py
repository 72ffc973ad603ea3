"""Speed-mentoring event messages: the invitation with its RSVP buttons, each person's rounds, and the picks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.events.views import EventInfo, PersonalSchedule
from bot.i18n import N_, _, format_clock, format_day
from handlers import ids
from handlers.blocks.common import actions, button, context, escape_mrkdwn, message, section

PLACE_WORDS = {"in_person": N_("in person"), "virtual": N_("virtual")}


def _when(event: EventInfo, timezone: str) -> str:
    local = event.starts_at.astimezone(ZoneInfo(timezone or "UTC"))
    return f"{format_day(local.date())}, {format_clock(local)} ({timezone or 'UTC'})"


def _summary(event: EventInfo, timezone: str) -> str:
    place = _(PLACE_WORDS[event.place]) if event.place in PLACE_WORDS else event.place
    return _("*{title}*: {when}, {place}, {rounds} rounds of {minutes} minutes").format(
        title=escape_mrkdwn(event.title), when=_when(event, timezone), place=place, rounds=event.rounds,
        minutes=event.minutes)


def build_event_invitation(event: EventInfo, timezone: str) -> dict[str, Any]:
    value = str(event.event_id)
    return message(_("Speed mentoring: {title}").format(title=event.title), [
        section("🪑 " + _("You're invited to a speed-mentoring event. {summary}.").format(
            summary=_summary(event, timezone))),
        section(_("Each round you meet someone new, chosen for fit; afterwards you can pick whom you'd like to "
                  "continue with, and a pick you both make becomes a match.")),
        actions(f"{ids.EVENT_RSVP_BLOCK_PREFIX}{value}", button(_("I'll come"), ids.EVENT_RSVP_YES, value, "primary"),
                button(_("Can't make it"), ids.EVENT_RSVP_NO, value)),
    ])


def build_event_rsvp_answered(event: EventInfo, timezone: str, coming: bool) -> dict[str, Any]:
    """The invitation once answered, with the other answer's button: a change of mind is allowed until the
    rotation is made."""
    text = (_("You're coming to {summary}. Your rounds will follow.") if coming
            else _("You can't make {summary}. Thanks for letting us know.")).format(summary=_summary(event, timezone))
    value = str(event.event_id)
    change = (button(_("Can't make it after all"), ids.EVENT_RSVP_NO, value) if coming
              else button(_("I can come after all"), ids.EVENT_RSVP_YES, value))
    return message(text, [section(text), actions(f"{ids.EVENT_RSVP_BLOCK_PREFIX}{value}", change),
                          context(_("You can change your answer until the rotation is made."))])


def build_event_schedule(schedule: PersonalSchedule) -> dict[str, Any]:
    event = schedule.event
    zone = ZoneInfo(schedule.timezone or "UTC")
    lines = []
    for number, seat in enumerate(schedule.seats, start=1):
        start = (event.starts_at + timedelta(minutes=event.minutes * (number - 1))).astimezone(zone)
        who = f"<@{seat.partner_slack_id}>" if seat else _("_a break_")
        lines.append(_("Round {number} ({time}): {who}").format(number=number, time=format_clock(start), who=who))
    return message(_("Your rounds at {title}").format(title=event.title), [
        section(_("Your rounds at {summary}:").format(summary=_summary(event, schedule.timezone))),
        section("\n".join(lines)),
        context(_("Nobody meets the same person twice, and nobody is seated with someone they have a conflict "
                  "with.")),
    ])


def build_event_picks(schedule: PersonalSchedule) -> dict[str, Any]:
    event = schedule.event
    partners = [seat for seat in schedule.seats if seat is not None]
    buttons = [button(seat.partner[:60], f"{ids.EVENT_PICK_PREFIX}{number}", f"{event.event_id}:{seat.partner_slack_id}")
               for number, seat in enumerate(partners)]
    blocks = [section(_("Thank you for coming to *{title}*. Whom would you like to continue with? Pick as many as "
                        "you like.").format(title=escape_mrkdwn(event.title)))]
    for start in range(0, len(buttons), 5):
        blocks.append(actions(f"{ids.EVENT_PICK_BLOCK_PREFIX}{event.event_id}_{start}", *buttons[start:start + 5]))
    blocks.append(context(_("A pick you both make becomes a match; a mentee's pick asks that mentor first. Nobody is "
                            "told who did not pick them.")))
    return message(_("Whom would you like to continue with after {title}?").format(title=event.title), blocks)
