"""conversations.history: a conversation's messages, newest first, with message metadata on request."""

from __future__ import annotations

import base64
import binascii
import copy
from typing import Any

from bot.emulator.api_common import ApiMethod, as_int, public_message, truthy
from bot.emulator.models import SlackError
from bot.emulator.workspace import Workspace

DEFAULT_LIMIT = 100
MAX_LIMIT = 999
CURSOR_PREFIX = "next_ts:"


def ts_micros(ts: Any, error: str) -> int:
    """A message ts such as "1700000000.000100" as whole microseconds (floats would lose the last digits)."""
    seconds, _, fraction = str(ts).partition(".")
    if not seconds.isdigit() or (fraction and not fraction.isdigit()):
        raise SlackError(error)
    return int(seconds) * 1_000_000 + int((fraction or "0")[:6].ljust(6, "0"))


def _cursor_ts(cursor: str) -> int:
    try:
        decoded = base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise SlackError("invalid_cursor") from None
    if not decoded.startswith(CURSOR_PREFIX):
        raise SlackError("invalid_cursor")
    return ts_micros(decoded.removeprefix(CURSOR_PREFIX), "invalid_cursor")


def _shown(message: dict, with_metadata: bool) -> dict:
    """Slack leaves message metadata out of history unless include_all_metadata is true."""
    shown = copy.deepcopy(public_message(message))
    if not with_metadata:
        shown.pop("metadata", None)
    return shown


def conversations_history(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = ws.channel(args.get("channel"))
    inclusive = truthy(args.get("inclusive"))
    oldest = ts_micros(args["oldest"], "invalid_ts_oldest") if args.get("oldest") else None
    latest = ts_micros(args["latest"], "invalid_ts_latest") if args.get("latest") else None
    if args.get("cursor"):
        latest, inclusive_latest = _cursor_ts(str(args["cursor"])), False
    else:
        inclusive_latest = inclusive
    limit = min(max(as_int(args.get("limit", DEFAULT_LIMIT), "invalid_limit"), 1), MAX_LIMIT)

    def in_range(message: dict) -> bool:
        ts = ts_micros(message["ts"], "invalid_ts")
        after_oldest = oldest is None or ts > oldest or (inclusive and ts == oldest)
        before_latest = latest is None or ts < latest or (inclusive_latest and ts == latest)
        return after_oldest and before_latest

    top_level = [m for m in ws.messages.get(channel.id, []) if m.get("thread_ts", m["ts"]) == m["ts"]]
    matching = sorted((m for m in top_level if in_range(m)), key=lambda m: ts_micros(m["ts"], "invalid_ts"),
                      reverse=True)
    page, has_more = matching[:limit], len(matching) > limit
    next_cursor = base64.b64encode(f"{CURSOR_PREFIX}{page[-1]['ts']}".encode()).decode() if has_more else ""
    with_metadata = truthy(args.get("include_all_metadata"))
    return {
        "messages": [_shown(message, with_metadata) for message in page],
        "has_more": has_more,
        "pin_count": 0,
        "response_metadata": {"next_cursor": next_cursor},
    }


METHODS: dict[str, ApiMethod] = {"conversations.history": conversations_history}
