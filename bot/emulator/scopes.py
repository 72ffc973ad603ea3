"""OAuth scopes as Slack enforces them: each Web API method needs a scope, and every answer names the scopes the
token was granted (the `x-oauth-scopes` header) so an app can check its own installation."""

from __future__ import annotations

from typing import Any

# What this workspace grants unless a test says otherwise: everything mentorbot's manifest asks for.
DEFAULT_SCOPES = frozenset({"commands", "chat:write", "im:write", "im:history", "mpim:write", "mpim:history", "users:read",
                            "users:read.email", "files:write", "files:read"})

# Slack's documented bot scope for each method the emulator implements (methods absent here need none).
METHOD_SCOPES: dict[str, str] = {
    "chat.postMessage": "chat:write", "chat.postEphemeral": "chat:write", "chat.update": "chat:write",
    "chat.delete": "chat:write", "chat.scheduleMessage": "chat:write", "chat.deleteScheduledMessage": "chat:write",
    "users.info": "users:read", "users.list": "users:read", "users.lookupByEmail": "users:read.email",
    "files.getUploadURLExternal": "files:write", "files.completeUploadExternal": "files:write",
    "files.info": "files:read",
}


HISTORY_SCOPES = {"D": "im:history", "G": "mpim:history", "C": "channels:history"}


def needed_scope(method: str, params: dict[str, Any]) -> str | None:
    """The scope a call needs; opening a group DM (several users) needs mpim:write, one person im:write."""
    if method == "conversations.open":
        users = str(params.get("users") or "")
        return "mpim:write" if "," in users else "im:write"
    if method == "conversations.history":  # by the kind of conversation: a DM, a group DM, a channel
        return HISTORY_SCOPES.get(str(params.get("channel") or "")[:1], "channels:history")
    return METHOD_SCOPES.get(method)
