"""What happens when the app POSTs to a response_url it was given with an interaction."""

from __future__ import annotations

import json
from typing import Any

from bot.emulator.api_common import message_content, truthy
from bot.emulator.models import ResponseUrl, SlackError
from bot.emulator.workspace import Workspace

_REPLACED_FIELDS = ("text", "blocks", "attachments")


def post_to_response_url(ws: Workspace, token: str, raw_body: bytes) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON answer) for one POST; every POST is logged, usable or not."""
    payload = _json_object(raw_body)
    with ws.lock:
        response_url = ws.usable_response_url(token)
        status, answer = _answer(ws, response_url, payload)
        logged = payload if payload is not None else {"raw": raw_body.decode("utf-8", errors="replace")}
        ws.response_log.append({**logged, "token": token, "status": status})
    return status, answer


def _json_object(raw_body: bytes) -> dict[str, Any] | None:
    try:
        parsed = json.loads(raw_body or b"{}")
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _answer(ws: Workspace, response_url: ResponseUrl | None, payload: dict | None) -> tuple[int, dict[str, Any]]:
    if response_url is None:
        return 404, {"ok": False, "error": "expired_url"}
    if payload is None:
        ws.refuse("response_url", "invalid_payload", ["the body is not a JSON object"])
        return 400, {"ok": False, "error": "invalid_payload"}
    try:
        _apply(ws, response_url, payload)
    except SlackError as error:
        ws.refuse("response_url", error.code, error.messages)
        return 400, error.body()
    response_url.uses_left -= 1
    return 200, {"ok": True}


def _apply(ws: Workspace, response_url: ResponseUrl, payload: dict[str, Any]) -> None:
    if truthy(payload.get("delete_original")) and response_url.original_ts:
        _delete_original(ws, response_url)
        return
    content = message_content(payload)
    if truthy(payload.get("replace_original")) and response_url.original_ts:
        original = _original(ws, response_url)
        # A replacement is a whole new body: nothing of the old text, blocks or attachments lingers.
        for name in _REPLACED_FIELDS:
            original.pop(name, None)
        original.update({"blocks": [], **content})
    elif payload.get("response_type") == "in_channel":
        ws.post(response_url.channel_id, content, payload.get("thread_ts"))
    else:
        ws.add_ephemeral(response_url.user_id, response_url.channel_id, content, via="response_url")


def _original(ws: Workspace, response_url: ResponseUrl) -> dict:
    if response_url.original_is_ephemeral:
        ephemeral = ws.ephemeral(response_url.original_ts)
        if ephemeral is None:
            raise SlackError("message_not_found")
        return ephemeral
    return ws.message(response_url.channel_id, response_url.original_ts)


def _delete_original(ws: Workspace, response_url: ResponseUrl) -> None:
    original = _original(ws, response_url)
    if response_url.original_is_ephemeral:
        ws.ephemerals.remove(original)
    else:
        ws.messages[response_url.channel_id].remove(original)
