"""Modal inputs: builders for input blocks and a reader for `view.state.values`, one per element type."""

from __future__ import annotations

from datetime import date
from typing import Any

from handlers import ids
from handlers.blocks.common import Block, clip, plain

MENU_OPTION_LIMIT = 100  # Slack's limit for a static menu
EXTERNAL_WHEN_LONG = {"static_select": "external_select", "multi_static_select": "multi_external_select"}


def option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(label, 75), "value": value}


def options(choices: dict[str, str] | list[str]) -> list[dict[str, Any]]:
    pairs = choices.items() if isinstance(choices, dict) else ((c, c) for c in choices)
    return [option(str(value), label) for value, label in pairs][:MENU_OPTION_LIMIT]


def input_block(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False,
                hint: str | None = None) -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label, 2000),
                    "element": {**element, "action_id": ids.INPUT_VALUE}, "optional": optional}
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def text_input(initial: str = "", *, multiline: bool = False, max_length: int = 3000,
               placeholder: str = "") -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "multiline": multiline, "max_length": max_length}
    if initial:
        element["initial_value"] = clip(initial, max_length)
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return element


def number_input(initial: int | None, minimum: int, maximum: int) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "number_input", "is_decimal_allowed": False,
                               "min_value": str(minimum), "max_value": str(maximum)}
    if initial is not None:
        element["initial_value"] = str(initial)
    return element


def choice_input(kind: str, choices: dict[str, str] | list[str], selected: list[str] | str | None = None) -> dict[str, Any]:
    """static_select / radio_buttons (one) or checkboxes / multi_static_select (many), pre-selected.

    A menu with more choices than Slack shows (100) becomes an external select: the app serves the choices as
    the person types (handlers/options), and nothing already chosen is cut off.
    """
    labels = choices if isinstance(choices, dict) else {choice: choice for choice in choices}
    chosen = [selected] if isinstance(selected, str) else list(selected or [])
    if kind in EXTERNAL_WHEN_LONG and len(labels) > MENU_OPTION_LIMIT:
        element: dict[str, Any] = {"type": EXTERNAL_WHEN_LONG[kind], "min_query_length": 0}
        initial = [option(value, labels[value]) for value in chosen if value in labels]
    else:
        element = {"type": kind, "options": options(labels)}
        initial = [o for o in element["options"] if o["value"] in chosen]
    if initial and kind in ("checkboxes", "multi_static_select"):
        element["initial_options"] = initial
    elif initial:
        element["initial_option"] = initial[0]
    return element


def date_input(initial: date | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "datepicker"}
    if initial:
        element["initial_date"] = initial.isoformat()
    return element


def read_input(values: dict[str, Any], block_id: str) -> Any:
    """The submitted value of one input: str, list[str], or None when empty or absent."""
    state = values.get(block_id, {}).get(ids.INPUT_VALUE)
    if not state:
        return None
    kind = state.get("type")
    if kind in ("plain_text_input", "number_input", "url_text_input", "email_text_input"):
        return state.get("value")
    if kind in ("static_select", "radio_buttons", "external_select"):
        return (state.get("selected_option") or {}).get("value")
    if kind in ("checkboxes", "multi_static_select", "multi_external_select"):
        return [o["value"] for o in state.get("selected_options") or []]
    if kind == "datepicker":
        return state.get("selected_date")
    if kind == "timepicker":
        return state.get("selected_time")
    if kind == "users_select":
        return state.get("selected_user")
    if kind == "multi_users_select":
        return state.get("selected_users") or []
    return None
