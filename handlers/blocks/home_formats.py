"""App Home's lines for the formats beyond pairs: flash conversations, speed-mentoring events and peer circles."""

from __future__ import annotations

from bot.home_formats import FlashLine, FormatsHome
from handlers.blocks.common import Block, divider, escape_mrkdwn, section
from handlers.blocks.scheduling import when

RSVP_WORDS = {"yes": "you're coming", "no": "you can't make it", "pending": "_not answered yet: see the invitation_"}


def formats_section(formats: FormatsHome, timezone: str) -> list[Block]:
    if not formats:
        return []
    lines = ([_flash(line, timezone) for line in formats.flash]
             + [f"• 🪑 *{escape_mrkdwn(e.title)}*, {when(e.starts_at, timezone)} (your time): {RSVP_WORDS.get(e.rsvp, e.rsvp)}"
                + (" · your rounds are in your DMs" if e.scheduled and e.rsvp == "yes" else "")
                for e in formats.events]
             + [f"• 👥 Peer circle *{escape_mrkdwn(c.theme)}* ({c.members} people)"
                + (f": next check-in {when(c.next_checkin_at, timezone)} (your time)" if c.next_checkin_at else "")
                for c in formats.circles])
    return [divider(), section("*Flash conversations, events and circles*\n" + "\n".join(lines))]


def _flash(line: FlashLine, timezone: str) -> str:
    topic = escape_mrkdwn(line.topic)
    if line.state == "asked":
        return (f"• ⚡ Your flash request on *{topic}*: a mentor is being asked" if line.role == "mentee"
                else f"• ⚡ *{escape_mrkdwn(line.partner or '')}* asks for a flash conversation on *{topic}*: "
                     "your answer is in your DMs")
    partner = escape_mrkdwn(line.partner or "")
    if line.state == "deciding":
        return f"• ⚡ Flash conversation with *{partner}* on *{topic}*: continue as a match? Your answer is in your DMs"
    follow_up = f"; I'll ask about continuing on {when(line.follow_up_at, timezone)}" if line.follow_up_at else ""
    return f"• ⚡ Flash conversation with *{partner}* on *{topic}*{follow_up}"
