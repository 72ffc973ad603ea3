"""Workflow Builder custom steps: Slack runs a step by sending `function_executed` with a token for that run; the
app ends it with `functions.completeSuccess` (the manifest's required outputs) or `functions.completeError`.

Strict: the step must be declared in the manifest, the inputs the workflow passes are the declared ones (required
ones present), a run completes once, completing needs the run's own token (or the bot's), and every required
output is present."""

from __future__ import annotations

import secrets
from datetime import date
from dataclasses import dataclass, field
from typing import Any

from bot.emulator import oauth
from bot.emulator.models import SlackError
from bot.emulator.workspace import APP_ID, Workspace


@dataclass
class FunctionRun:
    execution_id: str
    callback_id: str
    token: str
    inputs: dict[str, Any]
    outcome: str | None = None  # "completed" or "failed"
    outputs: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def start_run(ws: Workspace, callback_id: str, inputs: dict[str, Any]) -> tuple[FunctionRun, dict[str, Any]]:
    """A workflow reaches the step: the run and the `function_executed` event Slack sends."""
    definition = ws.functions.get(callback_id)
    if definition is None:
        raise AssertionError(f"{callback_id!r} is not a function in the manifest")
    declared = _properties(definition, "input_parameters")
    unknown = set(inputs) - set(declared)
    missing = set(_required(definition, "input_parameters")) - set(inputs)
    if unknown or missing:
        raise AssertionError(f"inputs for {callback_id}: unknown {sorted(unknown)}, missing {sorted(missing)}")
    wrong = type_problems(inputs, declared)
    if wrong:
        raise AssertionError(f"inputs for {callback_id} Workflow Builder would not pass: {wrong}")
    run = FunctionRun(ws.next_id("Fx"), callback_id, f"xwfp-{secrets.token_hex(16)}", dict(inputs))
    ws.function_runs[run.execution_id] = run
    event = {
        "type": "function_executed",
        "function": {
            "id": ws.next_id("Fn"), "callback_id": callback_id, "title": definition.get("title", ""),
            "description": definition.get("description", ""), "type": "app", "app_id": APP_ID,
            "input_parameters": _parameters(declared, definition, "input_parameters"),
            "output_parameters": _parameters(_properties(definition, "output_parameters"), definition,
                                             "output_parameters"),
            "date_created": int(ws.now()), "date_updated": int(ws.now()), "date_deleted": 0,
        },
        "inputs": dict(inputs),
        "function_execution_id": run.execution_id,
        "workflow_execution_id": ws.next_id("Wx"),
        "bot_access_token": run.token,
    }
    return run, event


def token_problem(ws: Workspace, method: str, params: dict[str, Any], token: str) -> str | None:
    """A run's token works until the run completes; any other token is checked as an installation's."""
    for run in ws.function_runs.values():
        if run.token == token:
            return "invalid_auth" if run.outcome is not None else None
    if ws.bot_token == token and ws.oauth is not None:
        return "invalid_auth"
    return oauth.token_problem(ws, token)


def complete_success(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    run = _open_run(ws, args)
    outputs = args.get("outputs")
    if not isinstance(outputs, dict):
        raise SlackError("invalid_arguments", messages=["outputs must be an object"])
    definition = ws.functions[run.callback_id]
    missing = set(_required(definition, "output_parameters")) - set(outputs)
    unknown = set(outputs) - set(_properties(definition, "output_parameters"))
    if missing or unknown:
        raise SlackError("invalid_arguments",
                         messages=[f"missing outputs {sorted(missing)}, unknown outputs {sorted(unknown)}"])
    wrong = type_problems(outputs, _properties(definition, "output_parameters"))
    if wrong:
        raise SlackError("invalid_arguments", messages=wrong)
    run.outcome, run.outputs = "completed", dict(outputs)
    return {}


def complete_error(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    run = _open_run(ws, args)
    error = args.get("error")
    if not isinstance(error, str) or not error.strip():
        raise SlackError("invalid_arguments", messages=["error must be a non-empty string"])
    run.outcome, run.error = "failed", error
    return {}


def type_problems(values: dict[str, Any], declared: dict[str, dict]) -> list[str]:
    """Each value against its parameter's type (and enum): what Workflow Builder passes and Slack accepts back."""
    problems = []
    for name, value in values.items():
        spec = declared.get(name) or {}
        kind, choices = spec.get("type"), spec.get("enum")
        if value is None:
            continue
        good = {
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
            "slack#/types/user_id": isinstance(value, str) and value[:1] in ("U", "W") and value.isalnum(),
            "slack#/types/date": isinstance(value, str) and _is_date(value),
        }.get(str(kind), True)
        if not good or (choices is not None and value not in choices):
            problems.append(f"{name}: {value!r} is not a {kind}{f' in {choices}' if choices else ''}")
    return problems


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _open_run(ws: Workspace, args: dict[str, Any]) -> FunctionRun:
    run = ws.function_runs.get(str(args.get("function_execution_id") or ""))
    if run is None:
        raise SlackError("function_execution_not_found")
    if run.outcome is not None:
        raise SlackError("function_execution_already_completed")
    return run


def _properties(definition: dict, key: str) -> dict[str, dict]:
    return dict((definition.get(key) or {}).get("properties") or {})


def _required(definition: dict, key: str) -> list[str]:
    return list((definition.get(key) or {}).get("required") or [])


def _parameters(properties: dict[str, dict], definition: dict, key: str) -> list[dict[str, Any]]:
    required = set(_required(definition, key))
    return [{"name": name, "type": spec.get("type"), "title": spec.get("title", name),
             "description": spec.get("description", ""), "is_required": name in required}
            for name, spec in properties.items()]


METHODS = {
    "functions.completeSuccess": complete_success,
    "functions.completeError": complete_error,
}
