"""The demo's "beyond pairs" chapter: a flash conversation, and a speed-mentoring event from RSVP to picks."""

from __future__ import annotations

from datetime import timedelta

from bot.i18n import _
from bot.demo.program import COORDINATOR, JORDAN, LEE, OKAFOR, PATEL, RILEY, SAMIR
from bot.demo.world import PROGRAM_START, DemoWorld


def chapter_beyond_pairs(world: DemoWorld) -> None:
    world.chapter(_("Beyond pairs: a flash conversation, and a speed-mentoring event with picks afterwards"))
    world.narrate(_("Dr. Lee takes up to two one-off 'flash' conversations a month; Jordan wants 30 minutes on cardiology."))
    world.slash(LEE.id, "flash offer 2")  # not text
    world.slash(JORDAN.id, "flash " + world.says("flash_topic"))
    world.click(LEE.id, "flash_accept", _("Yes, happy to"))
    world.fast_forward(world.clock.now() + timedelta(days=7, minutes=5))
    world.click(JORDAN.id, "flash_continue", _("Yes, let's continue"))
    world.click(LEE.id, "flash_stop", _("No, one was enough"))
    world.narrate(_("The coordinator runs a speed-mentoring evening for four people: two rounds of eight minutes."))
    day = (world.clock.now().astimezone(PROGRAM_START.tzinfo) + timedelta(days=14)).date()
    invitees = " ".join(f"<@{p.id}|{p.name}>" for p in (RILEY, SAMIR, OKAFOR, PATEL))
    world.slash(COORDINATOR.id, f"event new {day.isoformat()} 17:30 virtual 2 8 {world.says('event_title')} {invitees}")  # not text
    # the invitation's button names the event, whatever language the coordinator's answer is in
    event_id = world.slack.wait_for(lambda: world.buttons_for(RILEY.id, "event_rsvp_yes"), timeout=30)[-1]
    for person in (RILEY, SAMIR, OKAFOR, PATEL):
        world.click(person.id, "event_rsvp_yes", _("I'll come"), value=event_id)
    world.slash(COORDINATOR.id, f"event schedule {event_id}")  # not text
    world.slash(COORDINATOR.id, f"event picks {event_id}")  # not text
    world.narrate(_("Riley and Dr. Okafor pick each other; Samir picks Dr. Patel, who picks nobody."))
    _pick(world, RILEY.id, OKAFOR.id, event_id)
    _pick(world, OKAFOR.id, RILEY.id, event_id)
    _pick(world, SAMIR.id, PATEL.id, event_id)
    world.slash(COORDINATOR.id, f"event close {event_id}")  # not text


def _pick(world: DemoWorld, chooser: str, chosen: str, event_id: str) -> None:
    for number in range(4):
        if f"{event_id}:{chosen}" in world.buttons_for(chooser, f"event_pick_{number}"):
            world.click(chooser, f"event_pick_{number}", _("Pick {person}").format(person=world.name(chosen)), value=f"{event_id}:{chosen}")
            return
