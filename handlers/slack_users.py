"""Who a Slack user is, from `users.info`: name, email, timezone and language (asked for: Slack leaves the
locale out unless `include_locale` is set)."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError

from bot.profiles import SlackIdentity
from bot.slack_api import identity_from_user


def slack_identity(client: Any, user_id: str, default_timezone: str) -> SlackIdentity:
    """users.info, falling back to the program's timezone when Slack does not answer."""
    try:
        return identity_from_user(client.users_info(user=user_id, include_locale=True)["user"], default_timezone)
    except SlackApiError:
        return SlackIdentity(user_id, user_id, None, default_timezone)
