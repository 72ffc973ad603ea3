"""Argument handling shared by the Web API method implementations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.emulator.block_kit import MESSAGE_TEXT_LIMIT, check_blocks
from bot.emulator.blocks import with_ids
from bot.emulator.models import SlackError
from bot.emulator.workspace import Workspace

ApiMethod = Callable[[Workspace, dict[str, Any]], dict[str, Any]]


def truthy(value: Any) -> bool:
    """Form-encoded booleans arrive as strings such as "true" or "1"."""
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    return bool(value)


def required(args: dict[str, Any], name: str) -> Any:
    value = args.get(name)
    if value is None or value == "":
        raise SlackError("invalid_arguments", messages=[f"missing required field: {name}"])
    return value


def as_int(value: Any, error: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise SlackError(error) from None


def message_content(args: dict[str, Any]) -> dict[str, Any]:
    """text/blocks/attachments of a message, validated the way chat.* methods do."""
    text, blocks, attachments = args.get("text"), args.get("blocks"), args.get("attachments")
    if isinstance(text, str) and len(text) > MESSAGE_TEXT_LIMIT:
        raise SlackError("msg_too_long")
    content: dict[str, Any] = {"text": text or ""}
    if blocks is not None:
        content["blocks"] = _valid_blocks(blocks)
    if attachments is not None:
        if not isinstance(attachments, list):
            raise SlackError("invalid_attachments")
        content["attachments"] = attachments
    if not text and not content.get("blocks") and not attachments:
        raise SlackError("no_text")
    return content


def _valid_blocks(blocks: Any) -> list[dict]:
    if not isinstance(blocks, list):
        raise SlackError("invalid_blocks_format")
    problems = check_blocks(blocks, "message")
    if problems:
        raise SlackError("invalid_blocks", messages=problems)
    return with_ids(blocks)


def public_message(message: dict) -> dict:
    """A stored message as the Web API shows it (without the emulator's channel bookkeeping)."""
    return {key: value for key, value in message.items() if key != "channel"}
