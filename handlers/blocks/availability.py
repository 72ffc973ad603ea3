"""The availability modal: weekly windows, busy blocks typed or pasted from an .ics file, place and video link.

Only the person sees this modal; nobody else is ever shown what is in it (only slots computed from it).
"""

from __future__ import annotations

from typing import Any

from bot.i18n import _, format_count
from bot.scheduling.availability import AvailabilityForm, AvailabilityInput
from bot.scheduling.availability_text import BUSY_MAX_CHARS, ICS_MAX_CHARS, WINDOWS_MAX_CHARS, window_examples
from handlers import ids
from handlers.blocks.common import context, plain
from handlers.blocks.forms import input_block, read_input, text_input
from storage.limits import max_chars
from storage.tables import Availability


def build_availability_modal(form: AvailabilityForm) -> dict[str, Any]:
    imported = (format_count("{n} busy block imported from a calendar file; paste a new file to replace them.",
                             "{n} busy blocks imported from a calendar file; paste a new file to replace them.",
                             form.imported) if form.imported else "")
    return {
        "type": "modal",
        "callback_id": ids.AVAILABILITY_VIEW,
        "title": plain(_("My availability"), 24),
        "submit": plain(_("Save"), 24),
        "close": plain(_("Cancel"), 24),
        "blocks": [
            context(_("Private: nobody else sees this, only the meeting times computed from it. Times are on your "
                      "clock ({timezone}).").format(timezone=form.timezone)),
            input_block("windows", _("When you can usually meet"), text_input(
                form.windows, multiline=True, max_length=WINDOWS_MAX_CHARS,
                placeholder=window_examples()), optional=True,
                hint=_("One window per line. Leave empty to use the program's working hours.")),
            input_block("busy", _("Busy blocks (rotations, nights, vacation)"), text_input(
                form.busy, multiline=True, max_length=BUSY_MAX_CHARS,
                placeholder="2026-03-02 19:00 - 2026-03-09 07:00\n2026-03-20 - 2026-03-27"), optional=True,
                hint=_("One per line: a start and an end, or whole days.")),
            input_block("ics", _("Or paste a calendar file (.ics)"), text_input(
                multiline=True, max_length=ICS_MAX_CHARS, placeholder="BEGIN:VCALENDAR…"), optional=True,
                hint=(imported + " " if imported else "") + _("Open the .ics file in a text editor and paste it here "
                                                              "(up to 3,000 characters: export only the coming "
                                                              "weeks). Its events become busy blocks.")),
            input_block("place", _("Where you meet in person"), text_input(
                form.place, max_length=max_chars(Availability, "place")), optional=True),
            input_block("video_link", _("Your video meeting link"), text_input(
                form.video_link, max_length=max_chars(Availability, "video_link")), optional=True),
        ],
    }


def parse_availability_submission(values: dict[str, Any]) -> AvailabilityInput:
    return AvailabilityInput(**{name: read_input(values, name) or "" for name in ids.AVAILABILITY_FIELDS})
