"""The demo's peer circles chapter: a theme, people join, a circle formed for review and approved, and its first
check-in reaching each member in their own working hours; someone leaves without giving a reason."""

from __future__ import annotations

import json
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import _
from bot.demo.program import COORDINATOR, JORDAN, LEE, OKAFOR, PATEL, RILEY, SAMIR
from bot.demo.world import DemoWorld


def chapter_circles(world: DemoWorld) -> None:
    world.chapter(_("Peer circles: formed for review, approved into a group DM, checked in on in each member's hours"))
    world.narrate(_("The coordinator starts a 'Residents and fellows' wellbeing' theme: circles of 4-7, meeting every "
                    "two weeks, Dr. Lee facilitating."))
    world.slash(COORDINATOR.id, f"circle theme 4-7 14 {world.says('circle_theme')} <@{LEE.id}|lee>")  # not text
    created = json.dumps(world.slack.ephemerals_to(COORDINATOR.id)[-1])
    theme_id = re.search(r"circle join (\d+)", created).group(1)  # type: ignore[union-attr]  # in any language
    for person in (RILEY, SAMIR, JORDAN, OKAFOR, PATEL):
        world.slash(person.id, f"circle join {theme_id}")  # not text
    world.slash(COORDINATOR.id, f"circle form {theme_id}")  # not text
    world.slash(COORDINATOR.id, f"circle approve {theme_id}")  # not text
    world.open_home(RILEY.id)
    world.narrate(_("Two weeks on, the circle's check-in goes to each member at the start of their own working day: "
                    "Dr. Patel, in London, gets hers the next morning."))
    world.fast_forward(world.clock.now() + timedelta(days=14, minutes=5))  # a Tuesday, 12:15 in Edmonton
    circle_id = _circle_of(world, RILEY.id)
    world.click(RILEY.id, "circle_checkin_met", _("We met"), value=_checkin_value(world, RILEY.id))
    world.narrate(_("Samir has too much on this term and leaves the circle: no reasons asked, nobody told why."))
    world.slash(SAMIR.id, f"circle leave {circle_id}")  # not text
    world.fast_forward(_next_morning_in(world.clock.now(), "Europe/London"))  # not text


def _next_morning_in(instant: datetime, timezone: str) -> datetime:
    """09:05 the next day in that timezone (the demo's dates are weekdays)."""
    day = instant.astimezone(ZoneInfo(timezone)).date() + timedelta(days=1)
    return datetime.combine(day, time(9, 5), tzinfo=ZoneInfo(timezone))


def _checkin_value(world: DemoWorld, user_id: str) -> str:
    return world.buttons_for(user_id, "circle_checkin_met")[-1]


def _circle_of(world: DemoWorld, user_id: str) -> str:
    for message in world.slack.messages_to(user_id):
        found = re.search(r"circle leave (\d+)", json.dumps(message))
        if found:
            return found.group(1)
    raise AssertionError("no circle check-in reached them")  # not text
