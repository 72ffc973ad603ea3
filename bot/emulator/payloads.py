"""The request bodies Slack sends to an app, built from the emulated workspace (lock held by the caller)."""

from __future__ import annotations

import copy
import secrets
from typing import Any

from bot.emulator.models import Channel, EmulatedUser
from bot.emulator.workspace import APP_ID, ENTERPRISE_NAME, BOT_USER_ID, TEAM_DOMAIN, VERIFICATION_TOKEN, Workspace


def user_reference(ws: Workspace, user: EmulatedUser) -> dict[str, Any]:
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": ws.team_id}


def team_reference(ws: Workspace) -> dict[str, Any]:
    team: dict[str, Any] = {"id": ws.team_id, "domain": TEAM_DOMAIN}
    if ws.enterprise_id:
        team["enterprise_id"] = ws.enterprise_id
    return team


def enterprise_reference(ws: Workspace) -> dict[str, Any] | None:
    return {"id": ws.enterprise_id, "name": ENTERPRISE_NAME} if ws.enterprise_id else None


def channel_name(channel: Channel) -> str:
    return "directmessage" if channel.kind == "im" else channel.name


def slash_command_fields(ws: Workspace, user: EmulatedUser, channel: Channel, command: str, text: str) -> dict:
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": ws.team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel.id,
        "channel_name": channel_name(channel),
        "user_id": user.id,
        "user_name": user.name,
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "true" if ws.enterprise_install else "false",
        **({"enterprise_id": ws.enterprise_id, "enterprise_name": ENTERPRISE_NAME} if ws.enterprise_id else {}),
        "response_url": ws.issue_response_url(user.id, channel.id),
        "trigger_id": ws.issue_trigger(user.id),
    }


def _interaction(ws: Workspace, kind: str, user: EmulatedUser) -> dict[str, Any]:
    """Fields every interactivity payload carries."""
    return {
        "type": kind,
        "team": team_reference(ws),
        "user": user_reference(ws, user),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "is_enterprise_install": ws.enterprise_install,
        "enterprise": enterprise_reference(ws),
    }


def view_block_actions(ws: Workspace, user: EmulatedUser, view: dict, actions: list[dict]) -> dict[str, Any]:
    return {
        **_interaction(ws, "block_actions", user),
        "container": {"type": "view", "view_id": view["id"]},
        "trigger_id": ws.issue_trigger(user.id),
        "view": copy.deepcopy(view),
        "actions": actions,
    }


def message_block_actions(
    ws: Workspace, user: EmulatedUser, message: dict, *, is_ephemeral: bool, state: dict, actions: list[dict]
) -> dict[str, Any]:
    channel = ws.channels[message["channel"]]
    payload = {
        **_interaction(ws, "block_actions", user),
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel.id,
            "is_ephemeral": is_ephemeral,
        },
        "trigger_id": ws.issue_trigger(user.id),
        "channel": {"id": channel.id, "name": channel_name(channel)},
        "state": state,
        "response_url": ws.issue_response_url(user.id, channel.id, message["ts"], is_ephemeral),
        "actions": actions,
    }
    if not is_ephemeral:
        # Slack does not echo ephemeral messages back; only shared messages come with the payload.
        payload["message"] = {key: copy.deepcopy(value) for key, value in message.items() if key != "channel"}
    return payload


def block_suggestion(ws: Workspace, user: EmulatedUser, view: dict, block_id: str, action_id: str,
                     typed: str) -> dict[str, Any]:
    """What Slack sends while a person types into an external select of a modal."""
    return {
        **_interaction(ws, "block_suggestion", user),
        "container": {"type": "view", "view_id": view["id"]},
        "view": copy.deepcopy(view),
        "block_id": block_id,
        "action_id": action_id,
        "value": typed,
    }


def view_submission(ws: Workspace, user: EmulatedUser, view: dict) -> dict[str, Any]:
    return {
        **_interaction(ws, "view_submission", user),
        "trigger_id": ws.issue_trigger(user.id),
        "view": copy.deepcopy(view),
        "response_urls": [],
    }


def view_closed(ws: Workspace, user: EmulatedUser, view: dict, *, is_cleared: bool) -> dict[str, Any]:
    return {**_interaction(ws, "view_closed", user), "view": copy.deepcopy(view), "is_cleared": is_cleared}


def event_callback(ws: Workspace, event: dict[str, Any], event_id: str | None) -> dict[str, Any]:
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": ws.team_id,
        "context_team_id": ws.team_id,
        "enterprise_id": ws.enterprise_id,
        "context_enterprise_id": ws.enterprise_id,
        "api_app_id": APP_ID,
        "event": {"event_ts": ws.next_ts(), **event},
        "type": "event_callback",
        "event_id": event_id or ws.next_id("Ev"),
        "event_time": int(ws.now()),
        "authorizations": [
            {
                "enterprise_id": ws.enterprise_id,
                "team_id": ws.team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": ws.enterprise_install,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-" + secrets.token_urlsafe(24),
    }
