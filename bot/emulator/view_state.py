"""Builds view.state.values the way Slack reports what a user entered."""

from __future__ import annotations

import copy
from typing import Any

from bot.emulator.blocks import element_kind, element_state, initial_raw, is_empty, stateful_elements

Key = tuple[str, str]  # (block_id, action_id)


def build_state(
    blocks: list[dict],
    entered: dict[str, dict[str, dict]],
    overrides: dict[Key, Any] | None = None,
    *,
    enforce_required: bool = False,
) -> dict[str, Any]:
    """state for blocks: overrides first, then what the user entered earlier, then initial values.

    entered is a previous state["values"]. With enforce_required, an empty required input raises
    AssertionError, because Slack's client refuses to submit such a form.
    """
    values: dict[str, dict[str, dict]] = {}
    for block, element in stateful_elements(blocks):
        key = (block["block_id"], element["action_id"])
        entry = _entry(element, key, entered, overrides or {})
        empty = is_empty(entry[element_kind(element).state_field])
        if enforce_required and empty and block.get("type") == "input" and not block.get("optional"):
            raise AssertionError(f"input block {key[0]!r} ({_label(block)}) is required but has no value")
        if enforce_required:
            _refuse_too_long(block, element, entry)
        if block.get("type") == "input" or not empty:
            values.setdefault(key[0], {})[key[1]] = entry
    return {"values": values}


TEXT_INPUT_LIMIT = 3000  # Slack's client lets nobody type more into a plain_text_input


def _refuse_too_long(block: dict, element: dict, entry: dict) -> None:
    """Slack's client will not submit more than a text input's max_length (3,000 at most): the app never sees it."""
    if element.get("type") != "plain_text_input":
        return
    limit = min(int(element.get("max_length") or TEXT_INPUT_LIMIT), TEXT_INPUT_LIMIT)
    if len(entry.get("value") or "") > limit:
        raise AssertionError(f"input block {block['block_id']!r} ({_label(block)}) holds more than its "
                             f"{limit} characters; Slack's client does not submit it")


def _entry(element: dict, key: Key, entered: dict[str, dict[str, dict]], overrides: dict[Key, Any]) -> dict:
    if key in overrides:
        return element_state(element, overrides[key])
    previous = entered.get(key[0], {}).get(key[1])
    if previous is not None:
        return copy.deepcopy(previous)
    return element_state(element, initial_raw(element))


def _label(block: dict) -> str:
    label = block.get("label")
    return repr(label.get("text")) if isinstance(label, dict) else "no label"


def resolve_value_keys(blocks: list[dict], values: dict[str, Any]) -> dict[Key, Any]:
    """Map the caller's keys (block_id, or an unambiguous action_id) to (block_id, action_id)."""
    candidates = list(stateful_elements(blocks))
    resolved: dict[Key, Any] = {}
    for name, raw in values.items():
        matches = [(b, e) for b, e in candidates if b["block_id"] == name]
        if len(matches) != 1:
            matches = [(b, e) for b, e in candidates if e["action_id"] == name]
        if len(matches) != 1:
            block_ids = sorted({b["block_id"] for b, _ in candidates})
            action_ids = sorted({e["action_id"] for _, e in candidates})
            raise AssertionError(
                f"{name!r} names no single input of this view; block_ids: {block_ids}, action_ids: {action_ids}"
            )
        block, element = matches[0]
        resolved[(block["block_id"], element["action_id"])] = raw
    return resolved
