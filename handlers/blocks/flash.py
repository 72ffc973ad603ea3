"""Flash mentoring messages: the mentor's one-click request, the pair's group DM and the follow-up."""

from __future__ import annotations

from typing import Any

from bot.flash import FlashView
from handlers import ids
from handlers.blocks.common import actions, button, context, escape_mrkdwn, message, section


def build_flash_ask(view: FlashView) -> dict[str, Any]:
    name, topic, value = escape_mrkdwn(view.mentee.name), escape_mrkdwn(view.topic), str(view.conversation_id)
    why = f"\n*Why you:* {escape_mrkdwn('; '.join(view.reasons))}" if view.reasons else ""
    return message(f"Flash mentoring: would you talk with {name} about {topic}?", [
        section(f"⚡ *Flash mentoring:* would you have one {view.minutes}-minute conversation with *{name}* about "
                f"*{topic}*?{why}"),
        actions(f"{ids.FLASH_ASK_BLOCK_PREFIX}{value}", button("Yes, happy to", ids.FLASH_ACCEPT, value, "primary"),
                button("Not this time", ids.FLASH_DECLINE, value)),
        context("One conversation, nothing more unless you both want it. No reason needed to decline, and the mentee "
                "is never told who declined."),
    ])


def build_flash_answered(view: FlashView, accepted: bool) -> dict[str, Any]:
    name = escape_mrkdwn(view.mentee.name)
    text = (f"You said yes to a flash conversation with {name}: I've opened a group DM for you both. Thank you!"
            if accepted else f"You passed on a flash conversation with {name}. No problem: I'll ask someone else.")
    return message(text, [section(text)])


def build_flash_intro(view: FlashView) -> dict[str, Any]:
    mentee, mentor, topic = (escape_mrkdwn(view.mentee.name), escape_mrkdwn(view.mentor.name),
                             escape_mrkdwn(view.topic))
    text = f"Flash mentoring: {mentee} and {mentor}, one conversation about {topic}"
    return message(text, [
        section(f"⚡ *{mentee}*, meet *{mentor}*: {mentor} said yes to one {view.minutes}-minute conversation about "
                f"*{topic}*."),
        section(f"*Suggested:* {mentee}, propose two or three times in the next two weeks; bring one or two "
                "questions. Mentoring is never assessment: nothing said here goes to assessors."),
        context("In a week I'll ask you both whether you'd like to continue as an ongoing match; that needs you both."),
    ])


def build_flash_follow_up(view: FlashView, role: str) -> dict[str, Any]:
    other = escape_mrkdwn(view.mentor.name if role == "mentee" else view.mentee.name)
    value, topic = str(view.conversation_id), escape_mrkdwn(view.topic)
    return message(f"Continue with {other}?", [
        section(f"How was your flash conversation with *{other}* about *{topic}*? Would you like to continue as an "
                "ongoing match?"),
        actions(f"{ids.FLASH_FOLLOW_UP_BLOCK_PREFIX}{value}",
                button("Yes, let's continue", ids.FLASH_CONTINUE, value, "primary"),
                button("No, one was enough", ids.FLASH_STOP, value)),
        context("It becomes a match only if you both say yes; the other person is never told a no."),
    ])


def build_flash_continue_answered(view: FlashView, role: str, wants: bool, matched: bool) -> dict[str, Any]:
    other = escape_mrkdwn(view.mentor.name if role == "mentee" else view.mentee.name)
    text = (f"You're now an ongoing match with {other}." if matched
            else f"Noted: you'd like to continue with {other}. If they say yes too, it becomes a match." if wants
            else f"Noted: one conversation with {other} was enough. Thank you for taking part.")
    return message(text, [section(text)])
