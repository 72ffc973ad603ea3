"""views.* Web API methods: modals (a stack per user) and App Home views."""

from __future__ import annotations

import copy
from typing import Any

from bot.emulator.api_common import ApiMethod
from bot.emulator.block_kit import check_view
from bot.emulator.blocks import block_elements, with_ids
from bot.emulator.models import SlackError
from bot.emulator.workspace import APP_ID, BOT_ID, Workspace

MAX_MODAL_STACK = 3


def validate_view(view: Any, view_type: str) -> dict:
    """The view if Slack would accept it as a view of view_type, else SlackError invalid_arguments."""
    problems = check_view(view, view_type)
    if problems:
        raise SlackError("invalid_arguments", messages=problems)
    return view


def stored_view(ws: Workspace, view: dict, *, view_id: str, root_view_id: str, previous_view_id: str | None) -> dict:
    """The view as Slack keeps and returns it: ids, hash, empty state and defaults filled in."""
    return {
        "id": view_id,
        "team_id": ws.team_id,
        "type": view["type"],
        "title": copy.deepcopy(view.get("title")),
        "submit": copy.deepcopy(view.get("submit")),
        "close": copy.deepcopy(view.get("close")),
        "blocks": with_ids(view["blocks"]),
        "private_metadata": view.get("private_metadata") or "",
        "callback_id": view.get("callback_id") or "",
        "external_id": view.get("external_id") or "",
        "state": {"values": {}},
        "hash": ws.new_hash(),
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "root_view_id": root_view_id,
        "previous_view_id": previous_view_id,
        "app_id": APP_ID,
        "app_installed_team_id": ws.team_id,
        "bot_id": BOT_ID,
    }


def replaced_view(ws: Workspace, old: dict, new: dict) -> dict:
    """new in old's place: same id and stack position; typed values survive where the input still exists."""
    replacement = stored_view(
        ws, new, view_id=old["id"], root_view_id=old["root_view_id"], previous_view_id=old["previous_view_id"]
    )
    surviving = {(b["block_id"], e["action_id"]) for b in replacement["blocks"] for e in block_elements(b)}
    kept: dict[str, dict] = {}
    for block_id, actions in old["state"]["values"].items():
        still_there = {a: value for a, value in actions.items() if (block_id, a) in surviving}
        if still_there:
            kept[block_id] = still_there
    replacement["state"]["values"] = kept
    return replacement


def views_open(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    view = validate_view(args.get("view"), "modal")
    user_id = ws.redeem_trigger(args.get("trigger_id"))
    view_id = ws.next_id("V")
    opened = stored_view(ws, view, view_id=view_id, root_view_id=view_id, previous_view_id=None)
    ws.modal_stacks[user_id] = [opened]
    return {"view": copy.deepcopy(opened)}


def views_push(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    view = validate_view(args.get("view"), "modal")
    user_id = ws.redeem_trigger(args.get("trigger_id"))
    return {"view": copy.deepcopy(push_view(ws, user_id, view))}


def push_view(ws: Workspace, user_id: str, view: dict) -> dict:
    """Put a validated view on top of the user's modal stack (Slack allows three views deep)."""
    stack = ws.modal_stacks.setdefault(user_id, [])
    if len(stack) >= MAX_MODAL_STACK:
        raise SlackError("push_limit_reached")
    view_id = ws.next_id("V")
    root_id, previous_id = (stack[0]["id"], stack[-1]["id"]) if stack else (view_id, None)
    pushed = stored_view(ws, view, view_id=view_id, root_view_id=root_id, previous_view_id=previous_id)
    stack.append(pushed)
    return pushed


def views_update(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    if not args.get("view_id") and not args.get("external_id"):
        raise SlackError("invalid_arguments", messages=["missing required field: view_id"])
    user_id, old = ws.view_owner(args.get("view_id"), args.get("external_id"))
    if args.get("hash") and args["hash"] != old["hash"]:
        raise SlackError("hash_conflict")
    updated = replaced_view(ws, old, validate_view(args.get("view"), old["type"]))
    _put_in_place(ws, user_id, old, updated)
    return {"view": copy.deepcopy(updated)}


def _put_in_place(ws: Workspace, user_id: str, old: dict, new: dict) -> None:
    if ws.home_views.get(user_id) is old:
        ws.home_views[user_id] = new
        return
    stack = ws.modal_stacks[user_id]
    stack[stack.index(old)] = new


def views_publish(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    user_id = args.get("user_id")
    if user_id not in ws.users:
        raise SlackError("invalid_arguments", messages=["invalid `user_id`"])
    view = validate_view(args.get("view"), "home")
    current = ws.home_views.get(user_id)
    if current and args.get("hash") and args["hash"] != current["hash"]:
        raise SlackError("hash_conflict")
    view_id = current["id"] if current else ws.next_id("V")
    published = stored_view(ws, view, view_id=view_id, root_view_id=view_id, previous_view_id=None)
    ws.home_views[user_id] = published
    return {"view": copy.deepcopy(published)}


METHODS: dict[str, ApiMethod] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}


def check_submission_errors(view: dict, errors: Any) -> None:
    """`response_action: errors` must name input blocks of the submitted view, each with a message."""
    input_ids = {block["block_id"] for block in view["blocks"] if block.get("type") == "input"}
    if not isinstance(errors, dict) or not errors:
        raise SlackError("invalid_arguments", messages=["errors must be a non-empty object [json-pointer:/errors]"])
    for block_id, text in errors.items():
        if block_id not in input_ids:
            raise SlackError("invalid_arguments",
                             messages=[f"{block_id!r} is not an input block of this view [json-pointer:/errors]"])
        if not isinstance(text, str) or not text:
            raise SlackError("invalid_arguments", messages=[f"no message for {block_id!r} [json-pointer:/errors]"])
