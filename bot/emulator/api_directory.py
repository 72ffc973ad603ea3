"""auth.*, users.* and conversations.* Web API methods."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.emulator.api_common import ApiMethod, truthy
from bot.emulator.models import Channel, EmulatedUser, SlackError
from bot.emulator.workspace import BOT_ID, BOT_USER_ID, TEAM_DOMAIN, Workspace

MAX_CONVERSATION_USERS = 8

# Slack labels zones with their long names; zoneinfo only knows abbreviations.
_ZONE_LABELS = {
    "PST": "Pacific Standard Time", "PDT": "Pacific Daylight Time",
    "MST": "Mountain Standard Time", "MDT": "Mountain Daylight Time",
    "CST": "Central Standard Time", "CDT": "Central Daylight Time",
    "EST": "Eastern Standard Time", "EDT": "Eastern Daylight Time",
    "AST": "Atlantic Standard Time", "ADT": "Atlantic Daylight Time",
    "NST": "Newfoundland Standard Time", "NDT": "Newfoundland Daylight Time",
    "GMT": "Greenwich Mean Time", "BST": "British Summer Time", "UTC": "Coordinated Universal Time",
    "CET": "Central European Time", "CEST": "Central European Summer Time",
    "EET": "Eastern European Time", "EEST": "Eastern European Summer Time",
}


def auth_test(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": f"https://{TEAM_DOMAIN}.slack.com/",
        "team": ws.team_name,
        "user": "mentorbot",
        "team_id": ws.team_id,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "is_enterprise_install": ws.enterprise_install,
        **({"enterprise_id": ws.enterprise_id} if ws.enterprise_id else {}),
    }


def user_object(ws: Workspace, user: EmulatedUser) -> dict[str, Any]:
    """A users.info "user" object; tz_label and tz_offset hold for the emulator's current time."""
    local_now = datetime.fromtimestamp(ws.now(), ZoneInfo(user.tz))
    abbreviation = local_now.tzname() or user.tz
    offset = local_now.utcoffset()
    profile: dict[str, Any] = {
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.name,
        "display_name_normalized": user.name,
        "team": ws.team_id,
    }
    if user.email is not None:
        profile["email"] = user.email
    return {
        "id": user.id,
        "team_id": ws.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "real_name": user.real_name,
        "tz": user.tz,
        "tz_label": _ZONE_LABELS.get(abbreviation, abbreviation),
        "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
        "profile": profile,
        "is_admin": False,
        "is_owner": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
    }


def users_info(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """As Slack does: the user's locale only with include_locale=true (never in users.list or lookupByEmail)."""
    user = ws.user(args.get("user"))
    described = user_object(ws, user)
    if truthy(args.get("include_locale")):
        described["locale"] = user.locale
    return {"user": described}


def users_lookup_by_email(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    wanted = str(args.get("email") or "").lower()
    for user in ws.users.values():
        if user.email and user.email.lower() == wanted:
            return {"user": user_object(ws, user)}
    raise SlackError("users_not_found")


def users_list(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    members = [user_object(ws, user) for user in ws.users.values()]
    return {"members": members, "cache_ts": int(ws.now()), "response_metadata": {"next_cursor": ""}}


def conversations_open(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    if args.get("channel"):
        channel = ws.channel(args["channel"])
        if channel.kind not in {"im", "mpim"}:
            raise SlackError("method_not_supported_for_channel_type")
        return _opened(channel, already_open=True, full=truthy(args.get("return_im")))
    user_ids = _requested_users(ws, args.get("users"))
    channel_count = len(ws.channels)
    if len(user_ids) == 1:
        channel = ws.im_channel(user_ids[0])
    else:
        channel = ws.mpim_channel(user_ids)
    return _opened(channel, already_open=len(ws.channels) == channel_count, full=truthy(args.get("return_im")))


def _requested_users(ws: Workspace, users: Any) -> list[str]:
    raw = users if isinstance(users, list) else str(users or "").split(",")
    # The bot is always part of its own conversations, so naming it changes nothing.
    user_ids = [u.strip() for u in raw if u and u.strip() and u.strip() != BOT_USER_ID]
    if not user_ids:
        raise SlackError("users_list_not_supplied")
    if len(user_ids) > MAX_CONVERSATION_USERS:
        raise SlackError("too_many_users")
    for user_id in user_ids:
        ws.active_user(user_id)
    return list(dict.fromkeys(user_ids))


def _opened(channel: Channel, *, already_open: bool, full: bool) -> dict[str, Any]:
    answer: dict[str, Any] = {"channel": _channel_object(channel) if full else {"id": channel.id}}
    if already_open:
        answer.update(no_op=True, already_open=True)
    return answer


def _channel_object(channel: Channel) -> dict[str, Any]:
    described: dict[str, Any] = {
        "id": channel.id,
        "created": channel.created,
        "is_im": channel.kind == "im",
        "is_mpim": channel.kind == "mpim",
        "is_org_shared": False,
        "is_open": True,
        "last_read": "0000000000.000000",
        "latest": None,
        "unread_count": 0,
        "unread_count_display": 0,
        "priority": 0,
    }
    if channel.kind == "im":
        described["user"] = next(iter(channel.members))
    else:
        described["name"] = channel.name
    return described


METHODS: dict[str, ApiMethod] = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.lookupByEmail": users_lookup_by_email,
    "users.list": users_list,
    "conversations.open": conversations_open,
}
