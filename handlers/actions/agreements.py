"""Agreement, early-pulse and review buttons: each edits the message clicked to show what now stands; a click
that lost to another gets a kind "already handled" beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond

from bot.agreements.pulse import PulseError
from bot.agreements.terms import AgreementError, AlreadyHandled
from bot.deps import Deps
from bot.flows.agreements import (
    acknowledge_agreement,
    agreement_view,
    answer_early_pulse,
    answer_term_review,
    confirm_agreement_change,
    pulse_view,
)
from handlers.blocks.agreements import build_agreement, build_agreement_change_modal, build_pulse, build_pulse_note_modal, build_review
from handlers.blocks.help import build_notice


def _versioned(action: dict[str, Any]) -> tuple[int, int]:
    agreement_id, _, version = action["value"].partition(":")
    return int(agreement_id), int(version)


def _aside(respond: Respond, error: Exception) -> None:
    """Beside the message clicked, only for the person who clicked; the message itself stays as it was."""
    respond(replace_original=False, response_type="ephemeral", **build_notice(str(error)))


def on_acknowledge(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    _decide(acknowledge_agreement, ack, body, action, respond, deps)


def on_confirm(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    _decide(confirm_agreement_change, ack, body, action, respond, deps)


def _decide(decision: Callable[..., Any], ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
            deps: Deps) -> None:
    """One click on the version the message showed: the message then shows the agreement as it now stands."""
    ack()
    agreement_id, version = _versioned(action)
    try:
        view = decision(sessions=deps.sessions, notifier=deps.notifier, agreement_id=agreement_id, version=version,
                        actor=body["user"]["id"], now=deps.clock.now())
    except AgreementError as exc:
        _aside(respond, exc)
        return
    respond(replace_original=True, **build_agreement(view))


def on_change(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, respond: Respond,
              deps: Deps) -> None:
    """"Propose a change": a modal with the cadence and duration, for the version this message showed."""
    ack()
    agreement_id, version = _versioned(action)
    try:
        view = agreement_view(sessions=deps.sessions, agreement_id=agreement_id, version=version,
                              actor=body["user"]["id"], now=deps.clock.now())
    except AgreementError as exc:
        return _aside(respond, exc)
    client.views_open(trigger_id=body["trigger_id"], view=build_agreement_change_modal(view))


def on_pulse(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    ack()
    prompt_id, _, answer = action["value"].partition(":")
    try:
        view = answer_early_pulse(sessions=deps.sessions, prompt_id=int(prompt_id), actor=body["user"]["id"],
                                  answer=answer, now=deps.clock.now())
    except PulseError as exc:
        return _aside(respond, exc)
    respond(replace_original=True, **build_pulse(view))


def on_pulse_note(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, respond: Respond,
                  deps: Deps) -> None:
    ack()
    try:
        view = pulse_view(sessions=deps.sessions, prompt_id=int(action["value"]), actor=body["user"]["id"],
                          now=deps.clock.now())
    except PulseError as exc:
        return _aside(respond, exc)
    container = body.get("container", {})
    where = f"{container.get('channel_id', '')}|{container.get('message_ts', '')}"
    client.views_open(trigger_id=body["trigger_id"], view=build_pulse_note_modal(view, where))


def on_review(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    ack()
    prompt_id, _, answer = action["value"].partition(":")
    try:
        outcome = answer_term_review(sessions=deps.sessions, notifier=deps.notifier, prompt_id=int(prompt_id),
                                     actor=body["user"]["id"], answer=answer, now=deps.clock.now())
    except AlreadyHandled as exc:  # the buttons are moot now: say why in their place
        respond(replace_original=True, **build_notice(str(exc)))
        return
    except AgreementError as exc:
        _aside(respond, exc)
        return
    respond(replace_original=True, **build_review(outcome.prompt, outcome=outcome.result))
