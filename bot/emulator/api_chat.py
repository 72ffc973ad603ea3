"""chat.* Web API methods."""

from __future__ import annotations

import copy
from typing import Any

from bot.emulator.api_common import ApiMethod, as_int, message_content, public_message
from bot.emulator.models import ScheduledMessage, SlackError
from bot.emulator.workspace import BOT_ID, Workspace

MAX_SCHEDULE_AHEAD_SECONDS = 120 * 24 * 3600


def message_metadata(args: dict[str, Any]) -> dict[str, Any]:
    """{"metadata": {...}} when the call carries Slack message metadata (event_type + event_payload), else {}."""
    metadata = args.get("metadata")
    if metadata is None:
        return {}
    if not (isinstance(metadata, dict) and isinstance(metadata.get("event_type"), str)
            and isinstance(metadata.get("event_payload"), dict)):
        raise SlackError("invalid_metadata_format")
    return {"metadata": {"event_type": metadata["event_type"], "event_payload": copy.deepcopy(metadata["event_payload"])}}


def post_message(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = ws.channel_or_user(args.get("channel"))
    message = ws.post(channel.id, {**message_content(args), **message_metadata(args)}, args.get("thread_ts"))
    return {"channel": channel.id, "ts": message["ts"], "message": public_message(message)}


def post_ephemeral(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = ws.channel_or_user(args.get("channel"))
    user_id = args.get("user")
    if user_id not in channel.members:
        raise SlackError("user_not_in_channel")
    content = message_content(args)
    if args.get("thread_ts"):
        content["thread_ts"] = args["thread_ts"]
    ephemeral = ws.add_ephemeral(user_id, channel.id, content, via="chat.postEphemeral")
    return {"message_ts": ephemeral["ts"]}


def update(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = ws.channel(args.get("channel"))
    message = ws.message(channel.id, args.get("ts"))
    # Fields the call leaves out keep their old values, as Slack does for blocks and attachments.
    changes: dict[str, Any] = {key: args[key] for key in ("text", "blocks", "attachments") if key in args}
    message.update(message_content({**message, **changes}))
    message["edited"] = {"user": message["user"], "ts": ws.next_ts()}
    return {"channel": channel.id, "ts": message["ts"], "text": message["text"], "message": public_message(message)}


def delete(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = ws.channel(args.get("channel"))
    message = ws.message(channel.id, args.get("ts"))
    ws.messages[channel.id].remove(message)
    return {"channel": channel.id, "ts": message["ts"]}


def schedule_message(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = ws.channel_or_user(args.get("channel"))
    post_at = as_int(args.get("post_at"), "invalid_time")
    if post_at <= ws.now():
        raise SlackError("time_in_past")
    if post_at > ws.now() + MAX_SCHEDULE_AHEAD_SECONDS:
        raise SlackError("time_too_far")
    fields = message_content(args)
    if args.get("thread_ts"):
        fields["thread_ts"] = args["thread_ts"]
    scheduled = ScheduledMessage(ws.next_id("Q"), channel.id, post_at, fields)
    ws.scheduled.append(scheduled)
    message = {"type": "delayed_message", "subtype": "bot_message", "bot_id": BOT_ID, **fields}
    return {"channel": channel.id, "scheduled_message_id": scheduled.id, "post_at": post_at, "message": message}


def delete_scheduled_message(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = ws.channel_or_user(args.get("channel"))
    for scheduled in ws.scheduled:
        if scheduled.id == args.get("scheduled_message_id") and scheduled.channel_id == channel.id:
            ws.scheduled.remove(scheduled)
            return {}
    raise SlackError("invalid_scheduled_message_id")


METHODS: dict[str, ApiMethod] = {
    "chat.postMessage": post_message,
    "chat.postEphemeral": post_ephemeral,
    "chat.update": update,
    "chat.delete": delete,
    "chat.scheduleMessage": schedule_message,
    "chat.deleteScheduledMessage": delete_scheduled_message,
}
