"""One translation of an input model's ValidationError into a modal's inline errors (`response_action: errors`).

Slack shows an error under the input block whose block_id it names, and refuses the whole answer when a key names
no input block of the submitted view; so each problem goes to its form field (the block ids in handlers/ids.py)
when the view has that block, and otherwise to `fallback`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from pydantic import ValidationError

from bot.input_errors import by_field


def modal_errors(error: ValidationError, view: Mapping[str, Any], fields: Collection[str], *, fallback: str,
                 renamed: Mapping[str, str] | None = None) -> dict[str, str]:
    """Block id -> what is wrong there; `renamed` maps a model field to its block id where the two differ."""
    assert fallback in fields, f"{fallback} is not one of the form's fields"  # not text: a programming error
    shown = {block.get("block_id") for block in view.get("blocks", []) if block.get("type") == "input"}
    return by_field(error, renamed=renamed, known=[field for field in fields if field in shown], fallback=fallback)
