"""App Home's lines for the formats beyond pairs: flash conversations, speed-mentoring events and peer circles."""

from __future__ import annotations

from bot.home_formats import CircleLine, EventLine, FlashLine, FormatsHome
from handlers.blocks.common import Block, divider, escape_mrkdwn, section
from handlers.blocks.scheduling import when

HOME_LINES = 12  # a section holds 3,000 characters; each line is at most about 220
RSVP_WORDS = {"yes": "you're coming", "no": "you can't make it", "pending": "_not answered yet: see the invitation_"}


def formats_section(formats: FormatsHome, timezone: str) -> list[Block]:
    if not formats:
        return []
    lines = ([_flash(line, timezone) for line in formats.flash] + [_event(line, timezone) for line in formats.events]
             + [_circle(line, timezone) for line in formats.circles])
    return [divider(), section("*Flash conversations, events and circles*\n" + "\n".join(lines[:HOME_LINES]))]


def _event(line: EventLine, timezone: str) -> str:
    rounds = " · your rounds are in your DMs" if line.scheduled and line.rsvp == "yes" else ""
    return (f"• 🪑 *{escape_mrkdwn(line.title)}*, {when(line.starts_at, timezone)} (your time): "
            f"{RSVP_WORDS.get(line.rsvp, line.rsvp)}{rounds}")


def _circle(line: CircleLine, timezone: str) -> str:
    checkin = f": next check-in {when(line.next_checkin_at, timezone)} (your time)" if line.next_checkin_at else ""
    return f"• 👥 Peer circle *{escape_mrkdwn(line.theme)}* ({line.members} people){checkin}"


def _flash(line: FlashLine, timezone: str) -> str:
    topic = escape_mrkdwn(line.topic)
    if line.state == "asked":
        return (f"• ⚡ Your flash request on *{topic}*: a mentor is being asked" if line.role == "mentee"
                else f"• ⚡ *{escape_mrkdwn(line.partner or '')}* asks for a flash conversation on *{topic}*: "
                     "your answer is in your DMs")
    partner = escape_mrkdwn(line.partner or "")
    if line.state == "deciding":
        return f"• ⚡ Flash conversation with *{partner}* on *{topic}*: continue as a match? Answer in your DMs"
    follow_up = f"; I'll ask about continuing on {when(line.follow_up_at, timezone)}" if line.follow_up_at else ""
    return f"• ⚡ Flash conversation with *{partner}* on *{topic}*{follow_up}"
