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
from handlers.shared import view_metadata
from handlers.view_metadata import AgreementRef, PulseRef


def submit_change(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    values, read = view["state"]["values"], view_metadata(ack, view, AgreementRef)
    if read is None:
        return
    try:
        propose_agreement_change(sessions=deps.sessions, notifier=deps.notifier, agreement_id=read.agreement,
                                 version=read.version, actor=body["user"]["id"],
                                 cadence_days=int(read_input(values, ids.AGREEMENT_CADENCE) or 0),
                                 duration_months=int(read_input(values, ids.AGREEMENT_DURATION) or 0),
                                 now=deps.clock.now())
    except AgreementError as exc:
        ack(response_action="errors", errors={ids.AGREEMENT_CADENCE: str(exc)})
        return
    ack()


def submit_pulse_note(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    note = read_input(view["state"]["values"], ids.PULSE_NOTE_BLOCK) or ""
    where = view_metadata(ack, view, PulseRef)
    if where is None:
        return
    try:
        shown = note_early_pulse(sessions=deps.sessions, prompt_id=where.prompt, actor=body["user"]["id"],
                                 note=note, now=deps.clock.now())
    except PulseError as exc:
        ack(response_action="errors", errors={ids.PULSE_NOTE_BLOCK: str(exc)})
        return
    ack()
    if where.channel and where.ts:  # the pulse message now shows the note beside the answer
        deps.notifier.edit(MessageRef(where.channel, where.ts, owner=body["user"]["id"]), build_pulse(shown),
                           purpose="pulse_noted")
