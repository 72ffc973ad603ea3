"""Render what Slack users saw (messages, modals, Home tabs) as readable plain text."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from bot.i18n import _

INDENT = "    "


def _text_of(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return str(obj or "")


Names = dict[str, str]  # Slack id -> name, to show mentions as Slack clients do


def _strip_mrkdwn(text: str, names: Names) -> str:
    text = re.sub(r"<@(\w+)>", lambda mention: "@" + names.get(mention.group(1), mention.group(1)), text)
    text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", text)  # bold and italics read fine as plain text
    text = re.sub(r"(?<![\w_])_([^_\n]+)_(?![\w_])", r"\1", text)
    text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2 (\1)", text)
    return text


def _element_label(element: dict[str, Any]) -> str:
    kind = element.get("type", "")
    if kind == "button":
        return f"[{_text_of(element.get('text'))}]"
    if kind in ("static_select", "multi_static_select", "radio_buttons", "checkboxes"):
        options = [_text_of(option.get("text")) for option in element.get("options", [])]
        return "(" + " / ".join(options[:8]) + (" …" if len(options) > 8 else "") + ")"
    return f"<{kind}>"


def render_block(block: dict[str, Any], names: Names) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        return [f"== {_text_of(block.get('text'))} =="]
    if kind == "divider":
        return ["-" * 40]
    if kind == "section":
        lines = _strip_mrkdwn(_text_of(block.get("text")), names).splitlines() or [""]
        fields = [_strip_mrkdwn(_text_of(field), names) for field in block.get("fields", [])]
        accessory = block.get("accessory")
        suffix = [_element_label(accessory)] if accessory else []
        return lines + fields + suffix
    if kind == "context":
        return [_strip_mrkdwn(" ".join(_text_of(element) for element in block.get("elements", [])), names)]
    if kind == "actions":
        return [" ".join(_element_label(element) for element in block.get("elements", []))]
    if kind == "input":
        return [_("{label}: {field}").format(label=_text_of(block.get("label")),
                                             field=_element_label(block.get("element", {})))]
    if kind == "image":
        return [_("[image: {description}]").format(description=block.get("alt_text", ""))]
    return [f"<{kind}>"]


def render_surface(blocks: list[dict[str, Any]] | None, fallback: str = "", names: Names | None = None,
                   width: int = 96) -> str:
    names = names or {}
    lines = [line for block in (blocks or []) for line in render_block(block, names)] or [_strip_mrkdwn(fallback, names)]
    wrapped = [textwrap.fill(line, width, subsequent_indent=INDENT) if line else "" for line in lines]
    return textwrap.indent("\n".join(wrapped), INDENT)
