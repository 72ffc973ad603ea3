"""Demo chapters: the mentoring agreement, the early pulse with one "not working", and a completion."""

from __future__ import annotations

import json
from datetime import datetime

from bot.i18n import _
from bot.demo.program import COORDINATOR, OKAFOR, RILEY, SAMIR
from bot.demo.world import PROGRAM_START, DemoWorld


def button_in_message(world: DemoWorld, user_id: str, action_id: str, mentioning: str) -> str:
    """The value of the newest such button in a DM to `user_id` that mentions `mentioning` anywhere."""
    for message in reversed(world.slack.messages_to(user_id)):
        if mentioning not in json.dumps(message, ensure_ascii=False):
            continue
        for block in message.get("blocks", []):
            for element in block.get("elements", []):
                if isinstance(element, dict) and element.get("action_id") == action_id:
                    return str(element.get("value", ""))
    raise LookupError(f"no {action_id} button for {user_id} mentioning {mentioning}")  # not text


def chapter_agreement(world: DemoWorld) -> None:
    world.chapter(_("The mentoring agreement: every new pair gets it; one click agrees, or a change is proposed and confirmed"))
    world.fast_forward(datetime(2026, 9, 1, 10, 0, tzinfo=PROGRAM_START.tzinfo))
    world.click(RILEY.id, "agreement_ack", _("I agree"),
                value=button_in_message(world, RILEY.id, "agreement_ack", "Okafor"))
    world.narrate(_("Dr. Okafor would rather meet every two weeks for a focused three months (an abstract is due)."))
    world.click(OKAFOR.id, "agreement_change", _("Propose a change"),
                value=button_in_message(world, OKAFOR.id, "agreement_change", "Riley"))
    world.submit(OKAFOR.id, {"agreement_cadence": "14", "agreement_duration": "3"},
                 _("picks every two weeks, for 3 months"))
    world.fast_forward(datetime(2026, 9, 1, 10, 5, tzinfo=PROGRAM_START.tzinfo))
    world.click(RILEY.id, "agreement_confirm", _("Confirm the change"),
                value=world.buttons_for(RILEY.id, "agreement_confirm")[0])
    world.narrate(_("Dr. Okafor later clicks \"I agree\" on the first message; it is answered kindly, as settled."))
    world.click(OKAFOR.id, "agreement_ack", _("I agree (on the first message)"),
                value=button_in_message(world, OKAFOR.id, "agreement_ack", "Riley"))
    world.open_home(RILEY.id)


def chapter_early_pulse(world: DemoWorld) -> None:
    world.chapter(_("The early pulse: a month in, each person said how it was going; one says \"not working\""))
    world.narrate(_("The pulse went out on October 1 with the check-ins. Samir answers the one about Dr. Patel now."))
    world.click(SAMIR.id, "pulse_answer_not_working", _("Not working"),
                value=button_in_message(world, SAMIR.id, "pulse_answer_not_working", "Patel"))
    world.click(SAMIR.id, "pulse_note", _("Add a note"), value=button_in_message(world, SAMIR.id, "pulse_note", "Patel"))
    world.submit(SAMIR.id, {"note": world.says("pulse_note")}, _("writes a short note"))
    world.narrate(_("Monday's digest carries the early warning; Samir has already been offered a no-fault rematch."))
    world.fast_forward(datetime(2026, 11, 16, 9, 30, tzinfo=PROGRAM_START.tzinfo))
    world.open_home(COORDINATOR.id)


def chapter_completion(world: DemoWorld) -> None:
    world.chapter(_("A completion: Riley and Dr. Okafor reach the end of their three months, and finish well"))
    world.fast_forward(datetime(2026, 12, 1, 12, 0, tzinfo=PROGRAM_START.tzinfo))
    world.click(RILEY.id, "review_answer_complete", _("Complete"),
                value=world.buttons_for(RILEY.id, "review_answer_complete")[-1])
    world.narrate(_("A completion is a success: both are thanked, and no new search starts for Riley."))
    world.fast_forward(datetime(2026, 12, 1, 12, 5, tzinfo=PROGRAM_START.tzinfo))
    world.open_home(RILEY.id)
