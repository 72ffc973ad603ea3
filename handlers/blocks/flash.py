"""Flash mentoring messages: the mentor's one-click request, the pair's group DM and the follow-up."""

from __future__ import annotations

from typing import Any

from bot.flash import FlashView
from bot.i18n import _
from handlers import ids
from handlers.blocks.common import actions, button, context, escape_mrkdwn, message, section
from handlers.blocks.reasons import reason_words


def build_flash_ask(view: FlashView) -> dict[str, Any]:
    name, topic, value = escape_mrkdwn(view.mentee.name), escape_mrkdwn(view.topic), str(view.conversation_id)
    why = ("\n" + _("*Why you:* {why}").format(why=escape_mrkdwn("; ".join(reason_words(r) for r in view.reasons)))
           if view.reasons else "")
    return message(_("Flash mentoring: would you talk with {name} about {topic}?").format(name=name, topic=topic), [
        section("⚡ " + _("*Flash mentoring:* would you have one {minutes}-minute conversation with *{name}* about "
                         "*{topic}*?").format(minutes=view.minutes, name=name, topic=topic) + why),
        actions(f"{ids.FLASH_ASK_BLOCK_PREFIX}{value}", button(_("Yes, happy to"), ids.FLASH_ACCEPT, value, "primary"),
                button(_("Not this time"), ids.FLASH_DECLINE, value)),
        context(_("One conversation, nothing more unless you both want it. No reason needed to decline, and the "
                  "mentee is never told who declined.")),
    ])


def build_flash_answered(view: FlashView, accepted: bool) -> dict[str, Any]:
    name = escape_mrkdwn(view.mentee.name)
    text = (_("You said yes to a flash conversation with {name}: I've opened a group DM for you both. Thank you!")
            if accepted else
            _("You passed on a flash conversation with {name}. No problem: I'll ask someone else.")).format(name=name)
    return message(text, [section(text)])


def build_flash_intro(view: FlashView) -> dict[str, Any]:
    mentee, mentor, topic = (escape_mrkdwn(view.mentee.name), escape_mrkdwn(view.mentor.name),
                             escape_mrkdwn(view.topic))
    fields = {"mentee": mentee, "mentor": mentor, "topic": topic, "minutes": view.minutes}
    text = _("Flash mentoring: {mentee} and {mentor}, one conversation about {topic}").format(**fields)
    return message(text, [
        section("⚡ " + _("*{mentee}*, meet *{mentor}*: {mentor} said yes to one {minutes}-minute conversation about "
                         "*{topic}*.").format(**fields)),
        section(_("*Suggested:* {mentee}, propose two or three times in the next two weeks; bring one or two "
                  "questions. Mentoring is never assessment: nothing said here goes to assessors.").format(**fields)),
        context(_("In a week I'll ask you both whether you'd like to continue as an ongoing match; that needs you "
                  "both.")),
    ])


def build_flash_follow_up(view: FlashView, role: str) -> dict[str, Any]:
    other = escape_mrkdwn(view.mentor.name if role == "mentee" else view.mentee.name)
    value, topic = str(view.conversation_id), escape_mrkdwn(view.topic)
    return message(_("Continue with {other}?").format(other=other), [
        section(_("How was your flash conversation with *{other}* about *{topic}*? Would you like to continue as an "
                  "ongoing match?").format(other=other, topic=topic)),
        actions(f"{ids.FLASH_FOLLOW_UP_BLOCK_PREFIX}{value}",
                button(_("Yes, let's continue"), ids.FLASH_CONTINUE, value, "primary"),
                button(_("No, one was enough"), ids.FLASH_STOP, value)),
        context(_("It becomes a match only if you both say yes; the other person is never told a no.")),
    ])


def build_flash_continue_answered(view: FlashView, role: str, wants: bool, matched: bool) -> dict[str, Any]:
    other = escape_mrkdwn(view.mentor.name if role == "mentee" else view.mentee.name)
    text = (_("You're now an ongoing match with {other}.") if matched
            else _("Noted: you'd like to continue with {other}. If they say yes too, it becomes a match.") if wants
            else _("Noted: one conversation with {other} was enough. Thank you for taking part.")).format(other=other)
    return message(text, [section(text)])
