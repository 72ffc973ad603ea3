"""Peer circle messages: the introduction with its agreement, and the check-in at each cadence."""

from __future__ import annotations

from typing import Any

from bot.circles.views import CircleView
from handlers import ids
from handlers.blocks.common import actions, button, context, escape_mrkdwn, message, section


def build_circle_intro(view: CircleView) -> dict[str, Any]:
    theme = escape_mrkdwn(view.theme)
    names = ", ".join(f"<@{slack_id}>" for slack_id, _ in view.members)
    shared = f"\n*You share:* {escape_mrkdwn(', '.join(view.shared_interests))}" if view.shared_interests else ""
    lead = f"<@{view.facilitator}> facilitates. " if view.facilitator else ""
    return message(f"Your peer circle: {view.theme}", [
        section(f"👥 *Welcome to your peer circle: {theme}.* {names}.{shared}"),
        section(f"*How it works:* {lead}Meet as a group about every {view.cadence_days} days; I'll check in here at "
                "that cadence. Mixed stages and programs on purpose: everyone has something to teach."),
        section("*Our agreement:* what is said in the circle stays in the circle; mentoring is never assessment, and "
                "nothing said here goes to assessors; anyone may leave at any time without giving a reason "
                f"(`/mentor circle leave {view.circle_id}`), and nobody is told why."),
    ])


def build_circle_checkin(view: CircleView, checkin_id: int) -> dict[str, Any]:
    theme, value = escape_mrkdwn(view.theme), str(checkin_id)
    return message(f"Check-in: {view.theme}", [
        section(f"👥 *Check-in for your peer circle {theme}:* has the circle met since the last check-in? If not, "
                "suggest a time in the circle's group DM."),
        actions(f"{ids.CIRCLE_CHECKIN_BLOCK_PREFIX}{value}",
                button("We met", ids.CIRCLE_CHECKIN_MET, value, "primary"),
                button("Not yet", ids.CIRCLE_CHECKIN_NOT_YET, value)),
        context(f"Only counts reach the program, never who answered. Anyone may leave without fault: "
                f"`/mentor circle leave {view.circle_id}`."),
    ])


def build_circle_checkin_answered(theme: str, met: bool) -> dict[str, Any]:
    text = (f"Received: your circle {escape_mrkdwn(theme)} met. Thank you!" if met
            else f"Received: your circle {escape_mrkdwn(theme)} has not met yet. Suggest a time in its group DM.")
    return message(text, [section(text)])
