"""Double-clicks for tests: capture the payload one click sends, then send it from several threads at once.

Slack gives every click its own trigger id, so each copy gets a fresh one: the app must not mistake a
double-click (or a second device) for one of Slack's retries.
"""

from __future__ import annotations

import copy
import json
import threading
import uuid
from typing import Any
from unittest.mock import patch
from urllib.parse import parse_qs, urlencode

import bot.emulator.actor as actor_module
from bot.emulator import SlackEmulator
from bot.emulator.models import ActResult

FORM = "application/x-www-form-urlencoded"


def capture_click(slack: SlackEmulator, user_id: str, action_id: str, *, value: str | None = None,
                  selected: str | list[str] | None = None) -> dict[str, Any]:
    """The payload a click would send, without sending it."""
    captured: list[dict[str, Any]] = []

    def keep(_url: str, body: bytes, _content_type: str, **_options: Any) -> ActResult:
        captured.append(json.loads(parse_qs(body.decode())["payload"][0]))
        return ActResult(status=200, body="", json=None)

    with patch.object(actor_module, "send_signed", keep):
        slack.click(user_id, action_id, value=value, selected=selected)
    return captured[0]


def capture_submission(slack: SlackEmulator, user_id: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
    """The payload submitting the person's open modal would send, without sending it (to alter it: a forgery)."""
    captured: list[dict[str, Any]] = []

    def keep(_url: str, body: bytes, _content_type: str, **_options: Any) -> ActResult:
        captured.append(json.loads(parse_qs(body.decode())["payload"][0]))
        return ActResult(status=200, body="", json=None)

    with patch.object(actor_module, "send_signed", keep):
        slack.submit_view(user_id, values)
    return captured[0]


def send_at_once(slack: SlackEmulator, payloads: list[dict[str, Any]]) -> list[ActResult]:
    """Send every payload at the same moment (a barrier releases the threads together), each a distinct click."""
    barrier = threading.Barrier(len(payloads))
    results: list[ActResult | None] = [None] * len(payloads)

    def send(index: int, payload: dict[str, Any]) -> None:
        click = copy.deepcopy(payload)
        click["trigger_id"] = f"{payload.get('trigger_id', 'click')}.{uuid.uuid4().hex[:8]}"
        body = urlencode({"payload": json.dumps(click)}).encode()
        barrier.wait()
        results[index] = slack.send_signed(body, FORM)

    threads = [threading.Thread(target=send, args=(i, p)) for i, p in enumerate(payloads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r for r in results if r is not None]
