"""Peer circle messages: the introduction with its agreement, and the check-in at each cadence."""

from __future__ import annotations

from typing import Any

from bot.circles.views import CircleView
from handlers.blocks.common import context, escape_mrkdwn, message, section


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


def build_circle_checkin(view: CircleView) -> dict[str, Any]:
    theme = escape_mrkdwn(view.theme)
    return message(f"Check-in: {view.theme}", [
        section(f"👥 *Check-in for {theme}:* has the circle met since the last check-in? If not, whoever is free "
                "this week: suggest a time here."),
        context(f"Anyone may leave without fault: `/mentor circle leave {view.circle_id}`."),
    ])
