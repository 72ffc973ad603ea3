"""Modal submissions: a proposed change to an agreement, and the early pulse's optional note."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.agreements.pulse import PulseError
from bot.agreements.terms import AgreementError
from bot.deps import Deps
from bot.notify import MessageRef
from bot.flows.agreements import note_early_pulse, propose_agreement_change
from handlers import ids
from handlers.blocks.agreements import build_pulse
from handlers.blocks.forms import read_input


def submit_change(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    values = view["state"]["values"]
    agreement_id, _, version = view["private_metadata"].partition(":")
    try:
        propose_agreement_change(sessions=deps.sessions, notifier=deps.notifier, agreement_id=int(agreement_id),
                                 version=int(version), actor=body["user"]["id"],
                                 cadence_days=int(read_input(values, ids.AGREEMENT_CADENCE) or 0),
                                 duration_months=int(read_input(values, ids.AGREEMENT_DURATION) or 0),
                                 now=deps.clock.now())
    except AgreementError as exc:
        ack(response_action="errors", errors={ids.AGREEMENT_CADENCE: str(exc)})
        return
    ack()


def submit_pulse_note(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    note = read_input(view["state"]["values"], ids.PULSE_NOTE_BLOCK) or ""
    prompt_id, channel, ts = (view["private_metadata"].split("|") + ["", ""])[:3]
    try:
        shown = note_early_pulse(sessions=deps.sessions, prompt_id=int(prompt_id), actor=body["user"]["id"],
                                 note=note, now=deps.clock.now())
    except PulseError as exc:
        ack(response_action="errors", errors={ids.PULSE_NOTE_BLOCK: str(exc)})
        return
    ack()
    if channel and ts:  # the pulse message now shows the note beside the answer
        deps.notifier.edit(MessageRef(channel, ts), build_pulse(shown), purpose="pulse_noted")
