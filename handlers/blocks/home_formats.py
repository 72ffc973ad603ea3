"""App Home's lines for the formats beyond pairs: flash conversations, speed-mentoring events and peer circles."""

from __future__ import annotations

from bot.i18n import N_, _, format_number, ngettext
from bot.home_formats import CircleLine, EventLine, FlashLine, FormatsHome
from handlers.blocks.common import Block, divider, escape_mrkdwn, section
from handlers.blocks.scheduling import when

HOME_LINES = 12  # a section holds 3,000 characters; each line is at most about 220
RSVP_WORDS = {"yes": N_("you're coming"), "no": N_("you can't make it"),
              "pending": N_("_not answered yet: see the invitation_")}


def formats_section(formats: FormatsHome, timezone: str) -> list[Block]:
    if not formats:
        return []
    lines = ([_flash(line, timezone) for line in formats.flash] + [_event(line, timezone) for line in formats.events]
             + [_circle(line, timezone) for line in formats.circles])
    return [divider(), section(_("*Flash conversations, events and circles*") + "\n" + "\n".join(lines[:HOME_LINES]))]


def _event(line: EventLine, timezone: str) -> str:
    rounds = " · " + _("your rounds are in your DMs") if line.scheduled and line.rsvp == "yes" else ""
    rsvp = _(RSVP_WORDS[line.rsvp]) if line.rsvp in RSVP_WORDS else line.rsvp
    return "• 🪑 " + _("*{title}*, {when} (your time): {rsvp}").format(
        title=escape_mrkdwn(line.title), when=when(line.starts_at, timezone), rsvp=rsvp) + rounds


def _circle(line: CircleLine, timezone: str) -> str:
    checkin = (_(": next check-in {when} (your time)").format(when=when(line.next_checkin_at, timezone))
               if line.next_checkin_at else "")
    return "• 👥 " + ngettext("Peer circle *{theme}* ({n} person)", "Peer circle *{theme}* ({n} people)",
                             line.members).format(theme=escape_mrkdwn(line.theme), n=format_number(line.members)) + checkin


def _flash(line: FlashLine, timezone: str) -> str:
    topic = escape_mrkdwn(line.topic)
    if line.state == "asked":
        return "• ⚡ " + (_("Your flash request on *{topic}*: a mentor is being asked").format(topic=topic)
                         if line.role == "mentee" else
                         _("*{name}* asks for a flash conversation on *{topic}*: your answer is in your DMs").format(
                             name=escape_mrkdwn(line.partner or ""), topic=topic))
    partner = escape_mrkdwn(line.partner or "")
    if line.state == "deciding":
        return "• ⚡ " + _("Flash conversation with *{partner}* on *{topic}*: continue as a match? Answer in your "
                          "DMs").format(partner=partner, topic=topic)
    if line.follow_up_at:
        return "• ⚡ " + _("Flash conversation with *{partner}* on *{topic}*; I'll ask about continuing on "
                          "{when}").format(partner=partner, topic=topic, when=when(line.follow_up_at, timezone))
    return "• ⚡ " + _("Flash conversation with *{partner}* on *{topic}*").format(partner=partner, topic=topic)
