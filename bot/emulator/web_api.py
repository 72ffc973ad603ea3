"""Runs one Web API call the way Slack does: auth, rate limits, injected failures, then the method."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.emulator import api_chat, api_directory, api_files, api_history, api_views, functions, oauth
from bot.emulator.api_common import ApiMethod
from bot.emulator.models import SlackError
from bot.emulator.scopes import needed_scope
from bot.emulator.workspace import InjectedFailure, Workspace
from bot.emulator.workspaces import Workspaces

METHODS: dict[str, ApiMethod] = {
    **api_directory.METHODS,
    **api_chat.METHODS,
    **api_views.METHODS,
    **api_files.METHODS,
    **api_history.METHODS,
    **functions.METHODS,
}

# Form-encoded callers send these structured arguments as JSON strings.
JSON_STRING_ARGS = ("blocks", "view", "attachments", "files", "metadata", "outputs")


@dataclass
class ApiAnswer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def decode_json_args(args: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(args)
    for name in JSON_STRING_ARGS:
        if isinstance(decoded.get(name), str):
            try:
                decoded[name] = json.loads(decoded[name])
            except ValueError:
                pass  # left as a string, so the method reports it as malformed
    return decoded


def call_method(workspaces: Workspaces, method: str, args: dict[str, Any], bearer_token: str | None) -> ApiAnswer:
    """Answer and record one call in the workspace its token belongs to; args are the request's arguments
    including any token argument."""
    params = decode_json_args(args)
    form_token = params.pop("token", None)
    token = bearer_token or form_token
    with workspaces.lock:
        ws = workspaces.for_call(method, params, token)
        ws.deliver_scheduled()
        answer = _answer(ws, method, params, token)
        ws.record(method, params, answer.body, answer.status)
        if method == "oauth.v2.access":
            workspaces.share_org_wide_token(ws, answer.body)
    return answer


def _answer(ws: Workspace, method: str, params: dict[str, Any], token: str | None) -> ApiAnswer:
    if method == "apps.connections.open":
        return _open_socket(ws, token)
    if method == "oauth.v2.access":  # authenticated by the client id and secret, never a token
        try:
            return ApiAnswer(200, {"ok": True, **oauth.oauth_v2_access(ws, params)})
        except SlackError as error:
            return ApiAnswer(200, error.body())
    handler = METHODS.get(method)
    if handler is None:
        return ApiAnswer(404, {"ok": False, "error": "unknown_method"})
    if not token:
        return ApiAnswer(200, {"ok": False, "error": "not_authed"})
    problem = functions.token_problem(ws, method, params, token)
    if problem is not None:
        return ApiAnswer(200, {"ok": False, "error": problem})
    if ws.revoked:
        return ApiAnswer(200, {"ok": False, "error": ws.revoked})
    granted = {"x-oauth-scopes": ",".join(sorted(ws.scopes))}
    needed = needed_scope(method, params)
    if needed is not None and needed not in ws.scopes:
        return ApiAnswer(200, {"ok": False, "error": "missing_scope", "needed": needed,
                               "provided": ",".join(sorted(ws.scopes))}, granted)
    retry_after = ws.retry_after_if_limited(method)
    if retry_after is not None:
        return ApiAnswer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})
    failure = ws.take_failure(method)
    if failure is not None and not failure.after_doing:
        return _injected(failure)
    try:
        done = ApiAnswer(200, {"ok": True, **handler(ws, params)}, granted)
    except SlackError as error:
        done = ApiAnswer(200, error.body(), granted)
    return done if failure is None else _injected(failure)


def _open_socket(ws: Workspace, token: str | None) -> ApiAnswer:
    """apps.connections.open takes the app-level token, never the bot token."""
    if ws.socket_mode is None:
        return ApiAnswer(200, {"ok": False, "error": "invalid_auth"})
    try:
        return ApiAnswer(200, {"ok": True, **ws.socket_mode.open_connection(token)})
    except SlackError as error:
        return ApiAnswer(200, error.body())


def _injected(failure: InjectedFailure) -> ApiAnswer:
    if failure.http_status == 429:
        retry_after = str(failure.retry_after or 1)
        return ApiAnswer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": retry_after})
    default_error = "service_unavailable" if failure.http_status == 503 else "internal_error"
    return ApiAnswer(failure.http_status, {"ok": False, "error": failure.error or default_error})
