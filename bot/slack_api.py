"""Slack Web API access for jobs and the CLI: a WebClient that waits out 429s and retries 5xx."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.profiles import SlackIdentity


class ServerErrorRetryHandler(RetryHandler):
    """Retry 500/502/503/504 with backoff (slack-sdk's built-in one only retries 500 and 503)."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        return response is not None and response.status_code in (500, 502, 503, 504)


def resilient_client(token: str, base_url: str, max_retries: int = 5) -> WebClient:
    return make_resilient(WebClient(token=token, base_url=base_url, timeout=10), max_retries)


def make_resilient(client: WebClient, max_retries: int = 5) -> WebClient:
    """Retry connection errors, 429s and 5xx answers (the client keeps its own token source)."""
    client.timeout = 10
    client.retry_handlers = [
        ConnectionErrorRetryHandler(max_retry_count=max_retries),
        RateLimitErrorRetryHandler(max_retry_count=max_retries),
        ServerErrorRetryHandler(max_retry_count=max_retries),
    ]
    return client


def identity_from_user(user: dict[str, Any], default_timezone: str) -> SlackIdentity:
    profile = user.get("profile", {})
    name = profile.get("real_name") or user.get("real_name") or profile.get("display_name") or user.get("name", "")
    return SlackIdentity(user["id"], name, profile.get("email"), user.get("tz") or default_timezone,
                         user.get("locale") or None)


class SlackDirectory:
    """Finds active Slack users by id (users.info) or email (users.lookupByEmail)."""

    def __init__(self, client: WebClient, default_timezone: str) -> None:
        self.client, self.default_timezone = client, default_timezone

    def find_by_id(self, user_id: str) -> SlackIdentity | None:
        return self._lookup(self.client.users_info, user=user_id, include_locale=True)

    def find_by_email(self, email: str) -> SlackIdentity | None:
        return self._lookup(self.client.users_lookupByEmail, email=email)

    def _lookup(self, method: Any, **args: str | bool) -> SlackIdentity | None:
        try:
            user = method(**args)["user"]
        except SlackApiError as exc:
            if exc.response.get("error") in ("user_not_found", "users_not_found"):
                return None
            raise
        return None if user.get("deleted") else identity_from_user(user, self.default_timezone)
