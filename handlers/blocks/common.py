"""Small Block Kit pieces shared by the builders, with Slack's size limits applied."""

from __future__ import annotations

from typing import Any

from bot.i18n import _
from bot.mrkdwn import escape_mrkdwn as escape_mrkdwn  # re-exported for the builders

SECTION_TEXT_LIMIT = 3000
HEADER_TEXT_LIMIT = 150
MESSAGE_BLOCK_LIMIT = 50
SURFACE_BLOCK_LIMIT = 100  # modals and the Home tab
MODAL_TITLE_LIMIT = 24

Block = dict[str, Any]


def clip(text: str, limit: int) -> str:
    text = str(text)  # a lazy translation (bot/i18n) becomes its text in the language being rendered
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": clip(text, SECTION_TEXT_LIMIT)}


def plain(text: str, limit: int = SECTION_TEXT_LIMIT) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def section(text: str, **extra: Any) -> Block:
    return {"type": "section", "text": mrkdwn(text), **extra}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_TEXT_LIMIT)}


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str = "", style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "text": plain(text, 75), "action_id": action_id}
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    return element


def confirmed(element: dict[str, Any], title: str, text: str, yes: str | None = None) -> dict[str, Any]:
    """A button that asks "are you sure?" first (Slack's confirmation dialog), for anything hard to undo."""
    return {**element, "confirm": {"title": plain(title, 100), "text": plain(text, 300),
                                   "confirm": plain(yes or _("Yes"), 30), "deny": plain(_("No"), 30)}}


def actions(block_id: str, *elements: dict[str, Any]) -> Block:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


def message(text: str, blocks: list[Block]) -> dict[str, Any]:
    """A message payload: `text` is the notification/fallback, blocks capped at Slack's limit."""
    return {"text": clip(text, SECTION_TEXT_LIMIT), "blocks": blocks[:MESSAGE_BLOCK_LIMIT]}
