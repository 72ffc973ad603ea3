"""The demo's announcement chapter: every mentee at 9:00 their time, previewed, paced, and reported back."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from bot.i18n import _
from bot.demo.program import COORDINATOR, EVERYONE, JORDAN, RILEY, SAMIR
from bot.demo.transcript import render_surface
from bot.timing import zone

if TYPE_CHECKING:  # the demo package imports this module to list it among its chapters
    from bot.demo.world import DemoWorld



def chapter_announcements(world: DemoWorld) -> None:
    world.chapter(_("Announcements: to every mentee at 9:00 their own time, previewed first, reported back as it goes"))
    program_zone = zone(world.deps.settings.timezone)
    today = world.clock.now().astimezone(program_zone).date()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    world.slash(COORDINATOR.id, "announce")
    world.submit(COORDINATOR.id, {"audience": "mentees", "message": world.says("research_day"),
                                  "links": world.says("research_day_link"),
                                  "when": "local", "date": tuesday.isoformat(), "time": "09:00"},
                 _("writes to all mentees for 9:00 their own time next Tuesday"))
    preview = world.slack.open_modal(COORDINATOR.id) or {}
    names = {user.id: world.name(user.id) for user in EVERYONE}
    world.echo("  " + world.modal_heading(preview) + "\n"
               + render_surface(preview.get("blocks"), names=names))
    world.submit(COORDINATOR.id, {}, _("checks the preview and the count"))
    for person in (SAMIR, RILEY, JORDAN):  # Toronto, Edmonton, Vancouver: 9:00 comes round from east to west
        nine = datetime.combine(tuesday, time(9, 0), tzinfo=zone(person.tz))
        city = person.tz.split("/")[-1].replace("_", " ")
        world.narrate(_("9:00 in {city}: {person}'s copy goes out.").format(city=city, person=person.real_name))
        world.fast_forward(nine.astimezone(program_zone))
    status = [m for m in world.slack.messages_to(COORDINATOR.id) if _outbox_key(m).startswith("broadcast_status:")][0]
    world.narrate(_("Casey's first message was edited in place as the copies went out; it now reads:"))
    world.echo(render_surface(status.get("blocks"), names=names))
    world.open_home(COORDINATOR.id)


def _outbox_key(message: dict[str, Any]) -> str:
    """The outbox key a message was posted under: finds the status message whatever language it is in."""
    return str(((message.get("metadata") or {}).get("event_payload") or {}).get("key", ""))
