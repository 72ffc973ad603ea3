"""Each Block Kit rule the strict emulator applies, with an example Slack accepts and one it refuses."""

from __future__ import annotations

from typing import Any

import pytest

from bot.emulator.block_kit import check_blocks, check_view


def text(value: str, kind: str = "plain_text") -> dict[str, Any]:
    return {"type": kind, "text": value}


def option(label: str, value: str, kind: str = "plain_text") -> dict[str, Any]:
    return {"text": text(label, kind), "value": value}


def button(action_id: str, label: str = "Go", **extra: Any) -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "text": text(label), **extra}


def section(body: str = "hello", **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": text(body, "mrkdwn"), **extra}


def input_block(element: dict[str, Any], block_id: str = "field") -> dict[str, Any]:
    return {"type": "input", "block_id": block_id, "label": text("Label"), "element": element}


def select(kind: str, count: int, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "action_id": "pick", "options": [option(f"o{i}", f"v{i}") for i in range(count)], **extra}


def modal(blocks: list[dict], **extra: Any) -> dict[str, Any]:
    return {"type": "modal", "title": text("Title"), "submit": text("Save"), "blocks": blocks, **extra}


# (rule, accepted blocks, refused blocks, words of the refusal)
MESSAGE_RULES = [
    ("action_id unique within a block",
     [{"type": "actions", "elements": [button("a"), button("b")]}],
     [{"type": "actions", "elements": [button("a"), button("a")]}], "action_id 'a' already exists"),
    ("the same action_id in two blocks is fine",
     [{"type": "actions", "elements": [button("a")]}, {"type": "actions", "elements": [button("a")]}],
     [{"type": "actions", "elements": [button("a"), button("a")]}], "already exists in this block"),
    ("block_id unique within a message",
     [section(block_id="x"), section(block_id="y")], [section(block_id="x"), section(block_id="x")],
     "block_id 'x' already exists"),
    ("block_id at most 255 characters", [section(block_id="b" * 255)], [section(block_id="b" * 256)], "block_id"),
    ("at most 50 blocks in a message", [section()] * 50, [section()] * 51, "no more than 50 items"),
    ("section text at most 3000", [section("x" * 3000)], [section("x" * 3001)], "3000"),
    ("section fields at most 2000 each",
     [section(fields=[text("f" * 2000, "mrkdwn")])], [section(fields=[text("f" * 2001, "mrkdwn")])], "2001"),
    ("section fields at most 10",
     [section(fields=[text("f", "mrkdwn")] * 10)], [section(fields=[text("f", "mrkdwn")] * 11)], "10"),
    ("header at most 150", [{"type": "header", "text": text("h" * 150)}],
     [{"type": "header", "text": text("h" * 151)}], "150"),
    ("button text at most 75", [{"type": "actions", "elements": [button("a", "b" * 75)]}],
     [{"type": "actions", "elements": [button("a", "b" * 76)]}], "75"),
    ("button value at most 2000", [{"type": "actions", "elements": [button("a", value="v" * 2000)]}],
     [{"type": "actions", "elements": [button("a", value="v" * 2001)]}], "2001"),
    ("text objects are never empty", [section("x")], [section("")], "more than 0 characters"),
    ("static select at most 100 options", [section(accessory=select("static_select", 100))],
     [section(accessory=select("static_select", 101))], "100"),
    ("overflow at most 5 options", [section(accessory=select("overflow", 5))],
     [section(accessory=select("overflow", 6))], "5"),
    ("checkboxes at most 10 options", [section(accessory=select("checkboxes", 10))],
     [section(accessory=select("checkboxes", 11))], "no more than 10 items"),
    ("radio buttons at most 10 options", [section(accessory=select("radio_buttons", 10))],
     [section(accessory=select("radio_buttons", 11))], "no more than 10 items"),
    ("option text at most 75",
     [section(accessory={"type": "static_select", "action_id": "s", "options": [option("o" * 75, "v")]})],
     [section(accessory={"type": "static_select", "action_id": "s", "options": [option("o" * 76, "v")]})], "76"),
    ("option value at most 150",
     [section(accessory={"type": "static_select", "action_id": "s", "options": [option("o", "v" * 150)]})],
     [section(accessory={"type": "static_select", "action_id": "s", "options": [option("o", "v" * 151)]})], "150"),
    ("option values unique within a menu",
     [section(accessory={"type": "static_select", "action_id": "s", "options": [option("a", "1"), option("b", "2")]})],
     [section(accessory={"type": "static_select", "action_id": "s", "options": [option("a", "1"), option("b", "1")]})],
     "not unique"),
    ("menu options are plain_text",
     [section(accessory={"type": "static_select", "action_id": "s", "options": [option("a", "1")]})],
     [section(accessory={"type": "static_select", "action_id": "s", "options": [option("a", "1", "mrkdwn")]})],
     "plain_text"),
    ("initial_option equals an option, text included",
     [section(accessory=select("static_select", 3, initial_option=option("o1", "v1")))],
     [section(accessory=select("static_select", 3, initial_option=option("renamed", "v1")))], "initial_option"),
    ("initial_options equal options",
     [section(accessory=select("checkboxes", 3, initial_options=[option("o0", "v0")]))],
     [section(accessory=select("checkboxes", 3, initial_options=[option("o9", "v9")]))], "initial_options"),
    ("placeholder at most 150",
     [section(accessory=select("static_select", 2, placeholder=text("p" * 150)))],
     [section(accessory=select("static_select", 2, placeholder=text("p" * 151)))], "150"),
    ("context at most 10 elements", [{"type": "context", "elements": [text("c", "mrkdwn")] * 10}],
     [{"type": "context", "elements": [text("c", "mrkdwn")] * 11}], "10"),
    ("confirm dialog title at most 100",
     [{"type": "actions", "elements": [button("a", confirm={"title": text("t" * 100), "text": text("sure?"),
                                                             "confirm": text("Yes"), "deny": text("No")})]}],
     [{"type": "actions", "elements": [button("a", confirm={"title": text("t" * 101), "text": text("sure?"),
                                                             "confirm": text("Yes"), "deny": text("No")})]}], "100"),
    ("input blocks only in modals and Home", [section()],
     [input_block({"type": "plain_text_input", "action_id": "t"})], "only allowed in modals"),
    ("elements only where their container accepts them",
     [{"type": "actions", "elements": [button("a")]}],
     [{"type": "actions", "elements": [{"type": "plain_text_input", "action_id": "t"}]}], "unsupported element"),
    ("known block types only", [{"type": "divider"}], [{"type": "carousel_of_dreams"}], "unsupported"),
]


@pytest.mark.parametrize(("rule", "accepted", "refused", "words"), MESSAGE_RULES, ids=[r[0] for r in MESSAGE_RULES])
def test_message_rule(rule: str, accepted: list[dict], refused: list[dict], words: str) -> None:
    assert check_blocks(accepted, "message") == []
    problems = check_blocks(refused, "message")
    assert problems and any(words in p for p in problems), problems
    assert all(p.startswith("[ERROR] ") and "[json-pointer:/blocks" in p for p in problems)


VIEW_RULES = [
    ("title at most 24", modal([section()]), modal([section()], title=text("t" * 25)), "/view/title/text"),
    ("submit at most 24", modal([section()]), modal([section()], submit=text("s" * 25)), "/view/submit/text"),
    ("close at most 24", modal([section()], close=text("c" * 24)), modal([section()], close=text("c" * 25)),
     "/view/close/text"),
    ("a modal with inputs needs submit", modal([input_block({"type": "plain_text_input", "action_id": "t"})]),
     {"type": "modal", "title": text("T"), "blocks": [input_block({"type": "plain_text_input", "action_id": "t"})]},
     "must provide submit"),
    ("private_metadata at most 3000", modal([section()], private_metadata="m" * 3000),
     modal([section()], private_metadata="m" * 3001), "private_metadata"),
    ("at most 100 blocks in a modal", modal([section()] * 100), modal([section()] * 101), "no more than 100"),
    ("block_id unique within a view", modal([section(block_id="a"), section(block_id="b")]),
     modal([section(block_id="a"), section(block_id="a")]), "already exists"),
    ("number inputs say whether decimals are allowed",
     modal([input_block({"type": "number_input", "action_id": "n", "is_decimal_allowed": False})]),
     modal([input_block({"type": "number_input", "action_id": "n"})]), "is_decimal_allowed"),
    ("text inputs take at most 3000 characters",
     modal([input_block({"type": "plain_text_input", "action_id": "t", "max_length": 3000})]),
     modal([input_block({"type": "plain_text_input", "action_id": "t", "max_length": 3001})]), "max_length"),
    ("static select in an input at most 100 options", modal([input_block(select("multi_static_select", 100))]),
     modal([input_block(select("multi_static_select", 101))]), "100"),
    ("external selects may start with any option",
     modal([input_block({"type": "external_select", "action_id": "e", "initial_option": option("Any", "any")})]),
     modal([input_block({"type": "static_select", "action_id": "e", "options": [option("A", "a")],
                         "initial_option": option("Any", "any")})]), "initial_option"),
]


@pytest.mark.parametrize(("rule", "accepted", "refused", "where"), VIEW_RULES, ids=[r[0] for r in VIEW_RULES])
def test_view_rule(rule: str, accepted: dict, refused: dict, where: str) -> None:
    assert check_view(accepted, "modal") == []
    problems = check_view(refused, "modal")
    assert problems and any(where in p for p in problems), problems


def test_home_views_need_no_title_and_accept_inputs() -> None:
    home = {"type": "home", "blocks": [input_block({"type": "plain_text_input", "action_id": "t"})]}
    assert check_view(home, "home") == []
    assert check_view(home, "modal") == ["[ERROR] must be 'modal' [json-pointer:/view/type]"]



# The exact refusal (rule and JSON pointer) for each rule mentorbot's emulator writes itself: a pointer that
# names the wrong place sends whoever reads Slack's error to the wrong block.
EXACT_REFUSALS = {
    "action_id unique within a block":
        "[ERROR] action_id 'a' already exists in this block [json-pointer:/blocks/0/elements/1/action_id]",
    "block_id unique within a message": "[ERROR] block_id 'x' already exists [json-pointer:/blocks/1/block_id]",
    "block_id at most 255 characters":
        "[ERROR] block_id must be a string of 1 to 255 characters [json-pointer:/blocks/0/block_id]",
    "at most 50 blocks in a message": "[ERROR] no more than 50 items allowed [json-pointer:/blocks]",
    "section fields at most 2000 each": "[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]",
    "section fields at most 10": "[ERROR] no more than 10 fields allowed [json-pointer:/blocks/0/fields]",
    "button value at most 2000": "[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]",
    "text objects are never empty": "[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]",
    "static select at most 100 options":
        "[ERROR] no more than 100 items allowed [json-pointer:/blocks/0/accessory/options]",
    "overflow at most 5 options": "[ERROR] no more than 5 items allowed [json-pointer:/blocks/0/accessory/options]",
    "checkboxes at most 10 options": "[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/accessory/options]",
    "radio buttons at most 10 options":
        "[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/accessory/options]",
    "option text at most 75":
        "[ERROR] must be less than 76 characters [json-pointer:/blocks/0/accessory/options/0/text/text]",
    "option value at most 150":
        "[ERROR] value must be a string of 1 to 150 characters [json-pointer:/blocks/0/accessory/options/0/value]",
    "option values unique within a menu":
        "[ERROR] option value '1' is not unique [json-pointer:/blocks/0/accessory/options]",
    "menu options are plain_text":
        "[ERROR] option text must be plain_text in menus [json-pointer:/blocks/0/accessory/options/0/text]",
    "initial_option equals an option, text included":
        "[ERROR] initial_option must match one of the provided options exactly "
        "[json-pointer:/blocks/0/accessory/initial_option]",
    "initial_options equal options":
        "[ERROR] initial_options must match one of the provided options exactly "
        "[json-pointer:/blocks/0/accessory/initial_options]",
    "input blocks only in modals and Home":
        "[ERROR] input blocks are only allowed in modals and the Home tab [json-pointer:/blocks/0/type]",
    "elements only where their container accepts them":
        "[ERROR] unsupported element type 'plain_text_input' here [json-pointer:/blocks/0/elements/0/type]",
    "known block types only": "[ERROR] unsupported or missing block type [json-pointer:/blocks/0/type]",
}


@pytest.mark.parametrize("rule", sorted(EXACT_REFUSALS))
def test_each_own_rule_names_its_place_exactly(rule: str) -> None:
    refused = next(r[2] for r in MESSAGE_RULES if r[0] == rule)
    assert EXACT_REFUSALS[rule] in check_blocks(refused, "message")


# Rules the table above does not reach: (blocks, surface, the exact refusal)
MORE_REFUSALS = [
    ("blocks must be a list", {"type": "section"}, "message", "[ERROR] must be an array [json-pointer:/blocks]"),
    ("a block must be an object", ["section"], "message",
     "[ERROR] unsupported or missing block type [json-pointer:/blocks/0/type]"),
    ("a section needs text or fields", [{"type": "section"}], "message",
     "[ERROR] a section needs text or fields [json-pointer:/blocks/0]"),
    ("actions need an element", [{"type": "actions", "elements": []}], "message",
     "[ERROR] must provide at least one element [json-pointer:/blocks/0/elements]"),
    ("action_id at most 255", [{"type": "actions", "elements": [button("a" * 256)]}], "message",
     "[ERROR] action_id must be a string of 1 to 255 characters [json-pointer:/blocks/0/elements/0/action_id]"),
    ("an input needs an element", [{"type": "input", "block_id": "f", "label": text("L")}], "modal",
     "[ERROR] missing required field: element [json-pointer:/blocks/0]"),
    ("an input label is plain_text", [{"type": "input", "block_id": "f", "label": text("L", "mrkdwn"),
                                       "element": {"type": "plain_text_input", "action_id": "t"}}], "modal",
     "[ERROR] label must be a plain_text object [json-pointer:/blocks/0/label]"),
    ("an input label at most 2000", [{"type": "input", "block_id": "f", "label": text("L" * 2001),
                                      "element": {"type": "plain_text_input", "action_id": "t"}}], "modal",
     "[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/label/text]"),
    ("an option needs a text object", [section(accessory={"type": "static_select", "action_id": "s",
                                                          "options": [{"value": "v"}]})], "message",
     "[ERROR] an option needs a text object and a value [json-pointer:/blocks/0/accessory/options/0]"),
    ("an option value is never empty", [section(accessory={"type": "static_select", "action_id": "s",
                                                           "options": [option("A", "")]})], "message",
     "[ERROR] value must be a string of 1 to 150 characters [json-pointer:/blocks/0/accessory/options/0/value]"),
    ("option values unique across option groups",
     [section(accessory={"type": "static_select", "action_id": "s", "option_groups": [
         {"label": text("G1"), "options": [option("A", "1")]}, {"label": text("G2"), "options": [option("B", "1")]}]})],
     "message", "[ERROR] option value '1' is not unique [json-pointer:/blocks/0/accessory/options]"),
    ("initial_options must be a list", [section(accessory=select("checkboxes", 2, initial_options=option("o0", "v0")))],
     "message", "[ERROR] initial_options must match one of the provided options exactly "
                "[json-pointer:/blocks/0/accessory/initial_options]"),
    ("an accessory cannot be a text input", [section(accessory={"type": "plain_text_input", "action_id": "t"})],
     "message", "[ERROR] unsupported element type 'plain_text_input' here [json-pointer:/blocks/0/accessory/type]"),
    ("an input cannot hold a button", [input_block(button("b"))], "modal",
     "[ERROR] unsupported element type 'button' here [json-pointer:/blocks/0/element/type]"),
    ("an empty text object in a nested place", [{"type": "context", "elements": [text("", "mrkdwn")]}], "message",
     "[ERROR] must be more than 0 characters [json-pointer:/blocks/0/elements/0/text]"),
]


@pytest.mark.parametrize(("rule", "blocks", "surface", "refusal"), MORE_REFUSALS, ids=[r[0] for r in MORE_REFUSALS])
def test_more_refusals(rule: str, blocks: Any, surface: str, refusal: str) -> None:
    assert refusal in check_blocks(blocks, surface)


@pytest.mark.parametrize(("blocks", "surface"), [
    ([section(accessory={"type": "image", "image_url": "https://x.example/a.png", "alt_text": "a"})], "message"),
    ([input_block({"type": "number_input", "action_id": "n", "is_decimal_allowed": True})], "home"),
    ([section(accessory=select("checkboxes", 2, initial_options=[option("o0", "v0"), option("o1", "v1")]))], "message"),
    ([section(accessory={"type": "static_select", "action_id": "s", "option_groups": [
        {"label": text("G1"), "options": [option("A", "1")]}, {"label": text("G2"), "options": [option("B", "2")]}],
        "initial_option": option("B", "2")})], "message"),
    ([section(accessory=select("checkboxes", 2, options=[option("*bold*", "b", "mrkdwn")]))], "message"),
    ([section(fields=[text("a", "mrkdwn")])], "message"),
    ([{"type": "actions", "elements": [button("a"), {"type": "datepicker", "action_id": "d"}]}], "message"),
])
def test_what_slack_accepts_is_accepted(blocks: list, surface: str) -> None:
    assert check_blocks(blocks, surface) == []


@pytest.mark.parametrize(("view", "refusal"), [
    ("modal", "[ERROR] failed to match all allowed schemas [json-pointer:/view]"),
    ({"type": "modal", "blocks": []}, "[ERROR] missing required field: title [json-pointer:/view]"),
    (modal([], title=text("T", "mrkdwn")), "[ERROR] must be a plain_text object with text [json-pointer:/view/title]"),
    (modal([], submit={"type": "plain_text", "text": ""}),
     "[ERROR] must be a plain_text object with text [json-pointer:/view/submit]"),
    (modal([], callback_id="c" * 256), "[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]"),
    (modal([], external_id="e" * 256), "[ERROR] must be less than 256 characters [json-pointer:/view/external_id]"),
    (modal([section()] * 101), "[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"),
])
def test_view_refusals_exactly(view: Any, refusal: str) -> None:
    assert refusal in check_view(view, "modal")


def test_a_modal_at_its_limits_is_accepted() -> None:
    view = modal([section()] * 100, title=text("t" * 24), close=text("c" * 24), callback_id="c" * 255,
                 external_id="e" * 255, private_metadata="m" * 3000)
    assert check_view(view, "modal") == []
    assert check_view({"type": "home", "blocks": [section()] * 100}, "home") == []
    assert check_view({"type": "home", "blocks": [section()] * 101}, "home") == [
        "[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"]
