"""The demo's scheduling chapter: a resident on nights in Toronto and a mentor in Edmonton find a time."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

import icalendar

from bot.i18n import _
from bot.demo.program import OKAFOR, SAMIR
from bot.timing import zone

if TYPE_CHECKING:  # the demo package imports this module to list it among its chapters
    from bot.demo.world import DemoWorld


def _night_shifts(first_night: datetime, summary: str) -> str:
    """Five nights of night float in Toronto (18:00 to the 09:00 handover) from `first_night`, as a rota app
    exports them (one daily rule)."""
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hospital rota//EN\r\nBEGIN:VEVENT\r\n"  # not text
            "UID:nights-samir@rota.example.org\r\n"
            f"DTSTART;TZID=America/Toronto:{first_night:%Y%m%d}T180000\r\n"
            f"DTEND;TZID=America/Toronto:{first_night + timedelta(days=1):%Y%m%d}T090000\r\n"
            f"RRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def _home_button(world: DemoWorld, user_id: str, partner: str) -> str:
    home = world.slack.home_view(user_id) or {}
    return next(b["accessory"]["value"] for b in home.get("blocks", [])
                if partner in json.dumps(b) and b.get("accessory", {}).get("action_id") == "meet_find")


def chapter_scheduling(world: DemoWorld) -> None:
    world.chapter(_("Pairs that actually meet: a resident on nights and a mentor two timezones away find a time"))
    program_zone, toronto = zone(world.deps.settings.timezone), zone(SAMIR.tz)
    tomorrow = world.clock.now().astimezone(toronto).date() + timedelta(days=1)
    world.narrate(_("Samir (Toronto) is on night float from tomorrow, {day}: five nights, 18:00 to the "
                    "09:00 handover. He gives mentorbot his usual windows and pastes the rota's calendar file; nobody "
                    "else will ever see either.").format(day=world.day(tomorrow)))
    world.slash(SAMIR.id, "availability")
    world.submit(SAMIR.id, {"windows": "mon-fri 07:30-09:00\nmon-fri 17:00-18:30", "busy": "",
                            "ics": _night_shifts(datetime.combine(tomorrow, time(0)), world.says("night_shift")), "video_link": ""},
                 _("types his windows and pastes the rota"))
    world.slash(OKAFOR.id, "availability")
    world.submit(OKAFOR.id, {"windows": "mon-fri 06:00-07:00\nmon-fri 15:00-16:30",
                             "video_link": "https://video.med.example.org/okafor"},
                 _("gives her early-morning and afternoon windows (Edmonton) and her video link"))
    world.open_home(SAMIR.id)
    world.click(SAMIR.id, "meet_find", _("Find a time"), value=_home_button(world, SAMIR.id, "Okafor"))
    world.fast_forward(world.clock.now(), compact=False)
    world.narrate(_("Each sees the same three times on their own clock; the mornings after Samir's nights are not "
                    "offered, and Dr. Okafor is not told why. Samir picks the last; Dr. Okafor confirms."))
    world.click(SAMIR.id, "meet_pick_2", _("the last time"), value=world.buttons_for(SAMIR.id, "meet_pick_2")[-1])
    world.fast_forward(world.clock.now(), compact=False)
    world.click(OKAFOR.id, "meet_confirm", _("Confirm"), value=world.buttons_for(OKAFOR.id, "meet_confirm")[-1])
    world.fast_forward(world.clock.now(), compact=False)
    invitation = [f for f in world.slack.files() if f["filename"].endswith(".ics")][-1]
    content = invitation["content"].decode() if isinstance(invitation["content"], bytes) else invitation["content"]
    world.narrate(_("The invitation both received (RFC 5545; a later change keeps its UID and replaces it):"))
    world.echo("\n".join(f"  {line}" for line in content.splitlines()
                         if line.split(":")[0].split(";")[0] in ("METHOD", "UID", "SEQUENCE", "DTSTART", "DTEND", "URL")))
    starts: datetime = icalendar.Calendar.from_ical(content).walk("VEVENT")[0].decoded("DTSTART")
    day_before = starts.astimezone(program_zone) - timedelta(days=1)
    while day_before.weekday() >= 5:
        day_before -= timedelta(days=1)
    world.narrate(_("The working day before, at the start of each person's own working day: a reminder."))
    world.fast_forward(datetime.combine(day_before.date(), time(11, 0), tzinfo=program_zone), compact=False)
    world.narrate(_("After the meeting, in each person's working hours: did it happen? (Samir's question waits for "
                    "Monday 09:00 in Toronto.) One click logs the meeting, as /mentor met or a check-in answer would."))
    world.fast_forward(starts + timedelta(hours=4), compact=False)
    world.click(OKAFOR.id, "meet_happened", _("Yes, we met"), value=world.buttons_for(OKAFOR.id, "meet_happened")[-1])
    world.fast_forward(world.clock.now() + timedelta(minutes=1))
