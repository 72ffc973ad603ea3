"""Block Kit as strictly as Slack checks it: every rule that makes Slack refuse a message or a view.

slack-sdk's own models (`Block.parse(...).to_dict()`, which validates every nested object) cover
most length and count limits. What they do not check is written here: ids unique within a block
or a surface, option text and value limits, option counts of checkboxes and radio buttons,
`initial_option(s)` that must equal an offered option, `is_decimal_allowed` on number inputs,
input blocks outside modals and Home, and non-empty text objects. Each problem is reported the way
Slack reports it in `response_metadata.messages`: `[ERROR] <rule> [json-pointer:/blocks/2/...]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

MESSAGE_BLOCK_LIMIT = 50
SURFACE_BLOCK_LIMIT = 100  # modals and the Home tab
ID_LIMIT = 255
SECTION_FIELD_LIMIT = 2000
SECTION_FIELD_COUNT = 10
OPTION_TEXT_LIMIT = 75
OPTION_VALUE_LIMIT = 150
BUTTON_VALUE_LIMIT = 2000
LABEL_LIMIT = 2000
MESSAGE_TEXT_LIMIT = 40_000

OPTION_COUNT_LIMITS = {
    "static_select": 100, "multi_static_select": 100, "checkboxes": 10, "radio_buttons": 10, "overflow": 5,
}
SELECTS = {"static_select", "external_select", "users_select", "conversations_select", "channels_select"}
MULTI_SELECTS = {"multi_" + kind for kind in SELECTS}
CHOICE_ELEMENTS = {"checkboxes", "radio_buttons"}
PICKERS = {"datepicker", "timepicker", "datetimepicker"}
TEXT_INPUTS = {"plain_text_input", "number_input", "email_text_input", "url_text_input", "rich_text_input"}

# Which element types each container accepts (Slack's "available in" lists).
ACTION_ELEMENTS = {"button", "overflow", "workflow_button", *SELECTS, *MULTI_SELECTS, *CHOICE_ELEMENTS, *PICKERS}
ACCESSORY_ELEMENTS = ACTION_ELEMENTS | {"image"}
INPUT_ELEMENTS = {*SELECTS, *MULTI_SELECTS, *CHOICE_ELEMENTS, *PICKERS, *TEXT_INPUTS, "file_input"}
BLOCK_TYPES = {"section", "divider", "image", "actions", "context", "input", "header", "rich_text", "video",
               "file", "markdown"}
SURFACES_WITH_INPUTS = {"modal", "home"}


def _error(rule: str, pointer: str) -> str:
    return f"[ERROR] {rule} [json-pointer:{pointer}]"


def check_blocks(blocks: Any, surface: str, pointer: str = "/blocks") -> list[str]:
    """Every reason Slack would refuse these blocks on surface ("message", "modal" or "home")."""
    if not isinstance(blocks, list):
        return [_error("must be an array", pointer)]
    limit = MESSAGE_BLOCK_LIMIT if surface == "message" else SURFACE_BLOCK_LIMIT
    problems: list[str] = []
    if len(blocks) > limit:
        problems.append(_error(f"no more than {limit} items allowed", pointer))
    seen_block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        here = f"{pointer}/{index}"
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            problems.append(_error("unsupported or missing block type", f"{here}/type"))
            continue
        problems += _check_block(block, surface, here)
        block_id = block.get("block_id")
        if block_id is not None:
            if block_id in seen_block_ids:
                problems.append(_error(f"block_id {block_id!r} already exists", f"{here}/block_id"))
            seen_block_ids.add(block_id)
    return problems


def _check_block(block: dict, surface: str, here: str) -> list[str]:
    problems = _sdk_problems(block, here)
    if block["type"] == "input" and surface not in SURFACES_WITH_INPUTS:
        problems.append(_error("input blocks are only allowed in modals and the Home tab", f"{here}/type"))
    if "block_id" in block and not _is_short_id(block["block_id"]):
        problems.append(_error(f"block_id must be a string of 1 to {ID_LIMIT} characters", f"{here}/block_id"))
    problems += _check_texts(block, here)
    problems += _check_layout(block, here)
    seen_action_ids: set[str] = set()
    for element, where in _elements(block, here):
        problems += _check_element(element, where)
        action_id = element.get("action_id")
        if action_id is not None:
            if action_id in seen_action_ids:
                problems.append(_error(f"action_id {action_id!r} already exists in this block", f"{where}/action_id"))
            seen_action_ids.add(action_id)
    return problems


def _sdk_problems(block: dict, here: str) -> list[str]:
    """What slack-sdk's models refuse (they validate every nested object while serialising)."""
    try:
        parsed = Block.parse(block)
        if parsed is not None:
            parsed.to_dict()
    except SlackObjectFormationError as error:
        return [_error(str(error), here)]
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        return [_error(f"malformed block: {error}", here)]
    return []


def _is_short_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= ID_LIMIT


def _elements(block: dict, here: str) -> Iterator[tuple[dict, str]]:
    """(element, json pointer) for each interactive element, checking the container accepts its type."""
    kind = block["type"]
    if kind == "actions":
        for index, element in enumerate(block.get("elements") or []):
            yield _typed(element, ACTION_ELEMENTS), f"{here}/elements/{index}"
    elif kind == "section" and isinstance(block.get("accessory"), dict):
        yield _typed(block["accessory"], ACCESSORY_ELEMENTS), f"{here}/accessory"
    elif kind == "input" and isinstance(block.get("element"), dict):
        yield _typed(block["element"], INPUT_ELEMENTS), f"{here}/element"


def _typed(element: Any, allowed: set[str]) -> dict:
    if not isinstance(element, dict):
        return {"type": None, "_unsupported": True}
    return element if element.get("type") in allowed else {**element, "_unsupported": True}


def _check_layout(block: dict, here: str) -> list[str]:
    problems: list[str] = []
    if block["type"] == "section":
        fields = block.get("fields") or []
        if not block.get("text") and not fields:
            problems.append(_error("a section needs text or fields", here))
        if len(fields) > SECTION_FIELD_COUNT:
            problems.append(_error(f"no more than {SECTION_FIELD_COUNT} fields allowed", f"{here}/fields"))
        for index, field in enumerate(fields):
            if isinstance(field, dict) and len(str(field.get("text", ""))) > SECTION_FIELD_LIMIT:
                problems.append(_error(f"must be less than {SECTION_FIELD_LIMIT + 1} characters",
                                       f"{here}/fields/{index}/text"))
    if block["type"] == "input":
        if not isinstance(block.get("element"), dict):
            problems.append(_error("missing required field: element", here))
        label = block.get("label")
        if not isinstance(label, dict) or label.get("type") != "plain_text":
            problems.append(_error("label must be a plain_text object", f"{here}/label"))
        elif len(label.get("text", "")) > LABEL_LIMIT:
            problems.append(_error(f"must be less than {LABEL_LIMIT + 1} characters", f"{here}/label/text"))
    if block["type"] == "actions" and not block.get("elements"):
        problems.append(_error("must provide at least one element", f"{here}/elements"))
    return problems


def _check_element(element: dict, where: str) -> list[str]:
    if element.get("_unsupported"):
        return [_error(f"unsupported element type {element.get('type')!r} here", f"{where}/type")]
    problems: list[str] = []
    kind = element["type"]
    if kind != "image" and "action_id" in element and not _is_short_id(element["action_id"]):
        problems.append(_error(f"action_id must be a string of 1 to {ID_LIMIT} characters", f"{where}/action_id"))
    if kind == "button" and len(str(element.get("value", ""))) > BUTTON_VALUE_LIMIT:
        problems.append(_error(f"must be less than {BUTTON_VALUE_LIMIT + 1} characters", f"{where}/value"))
    if kind == "number_input" and not isinstance(element.get("is_decimal_allowed"), bool):
        problems.append(_error("missing required field: is_decimal_allowed", where))
    if kind == "plain_text_input":
        problems += _check_text_input_lengths(element, where)
    problems += _check_options(element, where)
    return problems


TEXT_INPUT_LIMIT = 3000  # plain_text_input: max_length 1-3000, min_length 0-3000; what a person can type


def _check_text_input_lengths(element: dict, where: str) -> list[str]:
    problems = []
    for name, low in (("max_length", 1), ("min_length", 0)):
        value = element.get(name)
        if value is not None and not (isinstance(value, int) and low <= value <= TEXT_INPUT_LIMIT):
            problems.append(_error(f"must be between {low} and {TEXT_INPUT_LIMIT}", f"{where}/{name}"))
    return problems


def _check_options(element: dict, where: str) -> list[str]:
    kind = element["type"]
    options = element.get("options")
    groups = element.get("option_groups")
    offered = list(options or []) + [o for g in groups or [] if isinstance(g, dict) for o in g.get("options") or []]
    problems: list[str] = []
    limit = OPTION_COUNT_LIMITS.get(kind)
    if limit is not None and options is not None and len(options) > limit:
        problems.append(_error(f"no more than {limit} items allowed", f"{where}/options"))
    for index, option in enumerate(options or []):
        problems += _check_option(option, f"{where}/options/{index}", plain_only=kind not in CHOICE_ELEMENTS)
    seen_values: set[Any] = set()
    for option in offered:
        value = option.get("value") if isinstance(option, dict) else None
        if value in seen_values:
            problems.append(_error(f"option value {value!r} is not unique", f"{where}/options"))
        seen_values.add(value)
    if kind.endswith("external_select"):
        return problems  # external options come from the app on demand: any initial option is allowed
    for field in ("initial_option", "initial_options"):
        if field in element:
            chosen = element[field] if field == "initial_options" else [element[field]]
            if not isinstance(chosen, list) or any(_key(c) not in {_key(o) for o in offered} for c in chosen):
                problems.append(_error(f"{field} must match one of the provided options exactly", f"{where}/{field}"))
    return problems


def _check_option(option: Any, where: str, *, plain_only: bool) -> list[str]:
    if not isinstance(option, dict) or not isinstance(option.get("text"), dict):
        return [_error("an option needs a text object and a value", where)]
    problems: list[str] = []
    if plain_only and option["text"].get("type") != "plain_text":
        problems.append(_error("option text must be plain_text in menus", f"{where}/text"))
    if len(str(option["text"].get("text", ""))) > OPTION_TEXT_LIMIT:
        problems.append(_error(f"must be less than {OPTION_TEXT_LIMIT + 1} characters", f"{where}/text/text"))
    value = option.get("value")
    if not isinstance(value, str) or not value or len(value) > OPTION_VALUE_LIMIT:
        problems.append(_error(f"value must be a string of 1 to {OPTION_VALUE_LIMIT} characters", f"{where}/value"))
    return problems


def _key(option: Any) -> tuple[Any, ...]:
    """What makes two options the same for initial_option(s): Slack compares text and value."""
    if not isinstance(option, dict):
        return (None,)
    text = option.get("text")
    if not isinstance(text, dict):
        text = {}
    return text.get("type"), text.get("text"), option.get("value")


def _check_texts(node: Any, here: str) -> list[str]:
    """Every text object anywhere in node has a known type and 1 or more characters."""
    problems: list[str] = []
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn") and "text" in node:
            if not isinstance(node["text"], str) or not node["text"]:
                problems.append(_error("must be more than 0 characters", f"{here}/text"))
        for key, child in node.items():
            problems += _check_texts(child, f"{here}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            problems += _check_texts(child, f"{here}/{index}")
    return problems


VIEW_TEXT_LIMIT = 24  # modal title, submit and close
PRIVATE_METADATA_LIMIT = 3000


def check_view(view: Any, view_type: str) -> list[str]:
    """Every reason Slack would refuse view as a view of view_type ("modal" or "home")."""
    if not isinstance(view, dict):
        return [_error("failed to match all allowed schemas", "/view")]
    if view.get("type") != view_type:
        return [_error(f"must be '{view_type}'", "/view/type")]
    problems = check_blocks(view.get("blocks"), view_type, "/view/blocks")
    if len(str(view.get("private_metadata") or "")) > PRIVATE_METADATA_LIMIT:
        problems.append(_error(f"must be less than {PRIVATE_METADATA_LIMIT + 1} characters",
                               "/view/private_metadata"))
    for field in ("callback_id", "external_id"):
        if view.get(field) and not _is_short_id(view[field]):
            problems.append(_error(f"must be less than {ID_LIMIT + 1} characters", f"/view/{field}"))
    if view_type == "modal":
        problems += _check_modal_texts(view)
    return problems


def _check_modal_texts(view: dict) -> list[str]:
    problems: list[str] = []
    if not isinstance(view.get("title"), dict):
        problems.append(_error("missing required field: title", "/view"))
    for field in ("title", "submit", "close"):
        text = view.get(field)
        if text is None:
            continue
        if not isinstance(text, dict) or text.get("type") != "plain_text" or not text.get("text"):
            problems.append(_error("must be a plain_text object with text", f"/view/{field}"))
        elif len(text["text"]) > VIEW_TEXT_LIMIT:
            problems.append(_error(f"must be less than {VIEW_TEXT_LIMIT + 1} characters", f"/view/{field}/text"))
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        blocks = []
    if any(isinstance(b, dict) and b.get("type") == "input" for b in blocks) and not view.get("submit"):
        problems.append(_error("must provide submit if using input blocks", "/view/submit"))
    return problems

