"""Block Kit knowledge: where interactive elements live and how Slack reports their values."""

from __future__ import annotations

import copy
import secrets
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_ID_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class ElementKind:
    """How one element type reports its value: the state field, its initial_* field and its shape."""

    state_field: str
    initial_field: str | None
    shape: str  # "text", "option", "options", "scalar" or "list"


ELEMENT_KINDS: dict[str, ElementKind] = {
    "plain_text_input": ElementKind("value", "initial_value", "text"),
    "number_input": ElementKind("value", "initial_value", "text"),
    "email_text_input": ElementKind("value", "initial_value", "text"),
    "url_text_input": ElementKind("value", "initial_value", "text"),
    "static_select": ElementKind("selected_option", "initial_option", "option"),
    "external_select": ElementKind("selected_option", "initial_option", "option"),
    "radio_buttons": ElementKind("selected_option", "initial_option", "option"),
    "overflow": ElementKind("selected_option", None, "option"),
    "multi_static_select": ElementKind("selected_options", "initial_options", "options"),
    "multi_external_select": ElementKind("selected_options", "initial_options", "options"),
    "checkboxes": ElementKind("selected_options", "initial_options", "options"),
    "datepicker": ElementKind("selected_date", "initial_date", "scalar"),
    "timepicker": ElementKind("selected_time", "initial_time", "scalar"),
    "datetimepicker": ElementKind("selected_date_time", "initial_date_time", "scalar"),
    "users_select": ElementKind("selected_user", "initial_user", "scalar"),
    "conversations_select": ElementKind("selected_conversation", "initial_conversation", "scalar"),
    "channels_select": ElementKind("selected_channel", "initial_channel", "scalar"),
    "multi_users_select": ElementKind("selected_users", "initial_users", "list"),
    "multi_conversations_select": ElementKind("selected_conversations", "initial_conversations", "list"),
    "multi_channels_select": ElementKind("selected_channels", "initial_channels", "list"),
}

# Overflow menus only fire block_actions; Slack keeps no value for them in view.state.
_STATELESS = {"overflow"}


def generated_id() -> str:
    """Slack fills a missing block_id or action_id with a short random string."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(5))


def with_ids(blocks: list[dict] | None) -> list[dict]:
    """A copy of blocks where every block and interactive element has an id, as Slack stores them."""
    stored = copy.deepcopy(blocks or [])
    for block in stored:
        block.setdefault("block_id", generated_id())
        for element in block_elements(block):
            element.setdefault("action_id", generated_id())
    return stored


def block_elements(block: dict) -> list[dict]:
    """The interactive elements of a block: in actions blocks, section accessories and inputs."""
    if block.get("type") == "actions":
        return [e for e in block.get("elements", []) if isinstance(e, dict)]
    if block.get("type") == "section" and isinstance(block.get("accessory"), dict):
        accessory = block["accessory"]
        return [accessory] if accessory.get("type") in ELEMENT_KINDS or accessory.get("type") == "button" else []
    if block.get("type") == "input" and isinstance(block.get("element"), dict):
        return [block["element"]]
    return []


def clickable_elements(blocks: list[dict]) -> Iterator[tuple[dict, dict]]:
    """(block, element) pairs a user can act on: input elements only when the block dispatches actions."""
    for block in blocks:
        if block.get("type") == "input" and not block.get("dispatch_action"):
            continue
        for element in block_elements(block):
            yield block, element


def stateful_elements(blocks: list[dict]) -> Iterator[tuple[dict, dict]]:
    """(block, element) pairs whose values Slack reports in view.state.values."""
    for block in blocks:
        for element in block_elements(block):
            if element.get("type") in ELEMENT_KINDS and element.get("type") not in _STATELESS:
                yield block, element


def element_kind(element: dict) -> ElementKind:
    kind = ELEMENT_KINDS.get(element.get("type", ""))
    if kind is None:
        raise AssertionError(f"the emulator cannot set a value on a {element.get('type')!r} element")
    return kind


def initial_raw(element: dict) -> Any:
    """The element's pre-filled value in the simple form the emulator accepts (str or list[str])."""
    kind = ELEMENT_KINDS.get(element.get("type", ""))
    if kind is None or kind.initial_field is None or kind.initial_field not in element:
        return None
    initial = element[kind.initial_field]
    if kind.shape in ("option", "options"):
        return copy.deepcopy(initial)  # Slack reports initial options exactly as the app gave them
    return initial


def is_empty(raw: Any) -> bool:
    return raw is None or raw == "" or raw == []


def element_state(element: dict, raw: Any) -> dict[str, Any]:
    """Slack's report of one element's value, e.g. {"type": "static_select", "selected_option": {...}}."""
    kind = element_kind(element)
    return {"type": element["type"], kind.state_field: _state_value(element, kind, raw)}


def _state_value(element: dict, kind: ElementKind, raw: Any) -> Any:
    if kind.shape == "text":
        return None if raw is None else str(raw)
    if kind.shape == "option":
        return None if is_empty(raw) else _option(element, raw)
    if kind.shape == "options":
        return [_option(element, value) for value in _as_list(raw)]
    if kind.shape == "list":
        return [str(value) for value in _as_list(raw)]
    return raw


def _as_list(raw: Any) -> list[Any]:
    if raw is None:
        return []
    return list(raw) if isinstance(raw, (list, tuple, set)) else [raw]


def _option(element: dict, raw: Any) -> dict[str, Any]:
    """An option object as given (an initial option, or one the app served), or looked up by its value."""
    return copy.deepcopy(raw) if isinstance(raw, dict) else option_for(element, str(raw))


def is_external(element: dict) -> bool:
    return element.get("type", "").endswith("external_select")


def option_for(element: dict, value: str) -> dict[str, Any]:
    """The option object Slack reports for value, looked up in options or option_groups."""
    options = _all_options(element)
    for option in options:
        if option.get("value") == value:
            return copy.deepcopy(option)
    if is_external(element):
        raise AssertionError(f"{value!r} for external select {element.get('action_id')!r} must come from the app's "
                             "options (SlackEmulator resolves typed values through block_suggestion)")
    valid = [option.get("value") for option in options]
    raise AssertionError(f"{value!r} is not an option of {element.get('action_id')!r}; options are {valid}")


def _all_options(element: dict) -> list[dict]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def action_entry(block: dict, element: dict, raw: Any, action_ts: str) -> dict[str, Any]:
    """One entry of a block_actions payload's "actions" list."""
    entry: dict[str, Any] = {"action_id": element["action_id"], "block_id": block["block_id"]}
    if element.get("type") == "button":
        entry.update(type="button", text=copy.deepcopy(element.get("text")))
        for optional in ("value", "style", "url"):
            if optional in element:
                entry[optional] = element[optional]
    else:
        entry.update(element_state(element, raw))
    entry["action_ts"] = action_ts
    return entry


def describe_element(element: dict) -> str:
    """How an element is named in assertion messages: its action_id, plus the value for buttons."""
    if element.get("type") == "button" and "value" in element:
        return f"{element.get('action_id')}(value={element['value']!r})"
    return str(element.get("action_id"))
