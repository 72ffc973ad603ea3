"""The leave/pause modal and the kind notices that follow it."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.i18n import N_, _, format_month_day
from handlers import ids
from handlers.blocks.common import context, escape_mrkdwn, plain
from handlers.blocks.forms import choice_input, date_input, input_block, read_input

LEAVE_CHOICES = {"pause": N_("Pause until a date (e.g. leave, exams)"), "leave": N_("Leave the program")}


def build_leave_modal() -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": ids.LEAVE_VIEW,
        "title": plain(_("Pause or leave"), 24),
        "submit": plain(_("Confirm"), 24),
        "close": plain(_("Cancel"), 24),
        "blocks": [
            context(_("No reason needed. Your mentors, mentees and the coordinator are told kindly, without reasons.")),
            input_block("mode", _("What would you like?"),
                        choice_input("radio_buttons", {key: _(label) for key, label in LEAVE_CHOICES.items()},
                                     "pause")),
            input_block("until", _("Pause until"), date_input(None), optional=True),
        ],
    }


def parse_leave_submission(values: dict[str, Any]) -> tuple[str, date | None]:
    until = read_input(values, "until")
    return read_input(values, "mode") or "pause", date.fromisoformat(until) if until else None


def left_notice_for_self(mode: str) -> str:
    """What the person who paused or left reads."""
    if mode == "pause":
        return _("Your pause is set. Welcome back any time.")
    return _("You have left the program. Thank you for taking part; `/mentor join` brings you back.")


def leave_notice(name: str, mode: str, until: date | None) -> str:
    name = escape_mrkdwn(name)
    if mode == "pause":
        return _("{name} is taking a break from the program until {until}. No action needed.").format(
            name=name, until=format_month_day(until) if until else "")
    return _("{name} has left the mentorship program. Thank you for the time you spent together.").format(name=name)
