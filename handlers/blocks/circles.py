"""Peer circle messages: the introduction with its agreement, and the check-in at each cadence."""

from __future__ import annotations

from typing import Any

from bot.circles.views import CircleView
from bot.i18n import _, format_list
from handlers import ids
from handlers.blocks.common import actions, button, context, escape_mrkdwn, message, section


def build_circle_intro(view: CircleView) -> dict[str, Any]:
    theme = escape_mrkdwn(view.theme)
    names = format_list([f"<@{slack_id}>" for slack_id, _name in view.members])
    shared = ("\n" + _("*You share:* {interests}").format(interests=escape_mrkdwn(format_list(view.shared_interests)))
              if view.shared_interests else "")
    lead = _("{who} facilitates.").format(who=f"<@{view.facilitator}>") + " " if view.facilitator else ""
    return message(_("Your peer circle: {theme}").format(theme=view.theme), [
        section("👥 " + _("*Welcome to your peer circle: {theme}.* {names}.").format(theme=theme, names=names) + shared),
        section(_("*How it works:* {lead}Meet as a group about every {days} days; I'll check in here at that cadence. "
                  "Mixed stages and programs on purpose: everyone has something to teach.").format(
                      lead=lead, days=view.cadence_days)),
        section(_("*Our agreement:* what is said in the circle stays in the circle; mentoring is never assessment, "
                  "and nothing said here goes to assessors; anyone may leave at any time without giving a reason "
                  "(`/mentor circle leave {id}`), and nobody is told why.").format(id=view.circle_id)),
    ])


def build_circle_checkin(view: CircleView, checkin_id: int) -> dict[str, Any]:
    theme, value = escape_mrkdwn(view.theme), str(checkin_id)
    return message(_("Check-in: {theme}").format(theme=view.theme), [
        section("👥 " + _("*Check-in for your peer circle {theme}:* has the circle met since the last check-in? If "
                         "not, suggest a time in the circle's group DM.").format(theme=theme)),
        actions(f"{ids.CIRCLE_CHECKIN_BLOCK_PREFIX}{value}",
                button(_("We met"), ids.CIRCLE_CHECKIN_MET, value, "primary"),
                button(_("Not yet"), ids.CIRCLE_CHECKIN_NOT_YET, value)),
        context(_("Only counts reach the program, never who answered. Anyone may leave without fault: "
                  "`/mentor circle leave {id}`.").format(id=view.circle_id)),
    ])


def build_circle_checkin_answered(theme: str, met: bool) -> dict[str, Any]:
    text = (_("Received: your circle {theme} met. Thank you!") if met
            else _("Received: your circle {theme} has not met yet. Suggest a time in its group DM.")).format(
        theme=escape_mrkdwn(theme))
    return message(text, [section(text)])
