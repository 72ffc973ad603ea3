"""The emulated workspace's state: people, conversations, messages, views, triggers and uploads.

One re-entrant lock guards everything. Methods here expect the caller to hold it;
SlackEmulator and the HTTP handlers take it around each request.
"""

from __future__ import annotations

import copy
import math
import secrets
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.scopes import DEFAULT_SCOPES
from bot.emulator.models import (
    Call,
    Channel,
    EmulatedUser,
    ResponseUrl,
    ScheduledMessage,
    SlackError,
    Trigger,
    UploadedFile,
)

BOT_USER_ID = "U0MENTORBOT"
BOT_ID = "B0MENTORBOT"
APP_ID = "A0MENTORBOT"
TEAM_NAME = "Mentorbot Emulator"
TEAM_DOMAIN = "mentorbot-emulator"
ENTERPRISE_NAME = "Mentorbot Health Sciences"
VERIFICATION_TOKEN = "emulated-verification-token"

TRIGGER_LIFETIME_SECONDS = 3.0
RESPONSE_URL_LIFETIME_SECONDS = 30 * 60
RATE_WINDOW_SECONDS = 60.0

# Answers that mean the app sent something malformed, not that the recipient or workspace is unusual.
REFUSAL_ERRORS = frozenset({
    "invalid_blocks", "invalid_blocks_format", "invalid_arguments", "invalid_attachments", "msg_too_long",
    "no_text", "invalid_metadata_format", "invalid_payload",
})


@dataclass
class InjectedFailure:
    error: str | None
    http_status: int
    retry_after: int | None
    after_doing: bool = False  # the method did its work, then the answer failed (a 5xx after the fact)


@dataclass
class Workspace:
    bot_token: str
    team_id: str
    clock: Callable[[], float]
    lock: threading.RLock = field(default_factory=threading.RLock)
    base_url: str = ""
    users: dict[str, EmulatedUser] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    messages: dict[str, list[dict]] = field(default_factory=dict)
    ephemerals: list[dict] = field(default_factory=list)
    modal_stacks: dict[str, list[dict]] = field(default_factory=dict)
    home_views: dict[str, dict] = field(default_factory=dict)
    triggers: dict[str, Trigger] = field(default_factory=dict)
    response_urls: dict[str, ResponseUrl] = field(default_factory=dict)
    response_log: list[dict] = field(default_factory=list)
    uploads: dict[str, UploadedFile] = field(default_factory=dict)
    scheduled: list[ScheduledMessage] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    # Every payload Slack would refuse or not show, wherever it came from (Web API, response_url, an ack body).
    refusals: list[dict] = field(default_factory=list)
    revoked: str | None = None  # the error every call gets once tokens are revoked or the app uninstalled
    socket_mode: Any = None  # a SocketModeEndpoint when the app may connect over Socket Mode
    scopes: frozenset[str] = DEFAULT_SCOPES  # what the bot token was granted
    oauth: Any = None  # an OAuthRegistry once the app is distributable (OAuth installs; bot/emulator/oauth.py)
    team_name: str = TEAM_NAME
    id_tag: str = "EMU"  # in every id this workspace makes (channels, views, files), so two workspaces never clash
    enterprise_id: str | None = None  # the Enterprise Grid organisation this workspace belongs to
    enterprise_install: bool = False  # the app is installed org-wide
    functions: dict[str, dict] = field(default_factory=dict)  # the manifest's custom functions by callback_id
    function_runs: dict[str, Any] = field(default_factory=dict)  # function_execution_id -> FunctionRun
    rate_limits: dict[str, int] = field(default_factory=dict)
    rate_windows: dict[str, deque[float]] = field(default_factory=dict)
    # Slack's limits are per minute; a shorter window replays them faster (benchmarks of long broadcasts).
    rate_window_seconds: float = RATE_WINDOW_SECONDS
    ims: dict[str, str] = field(default_factory=dict)  # user id -> their DM channel id (thousands of DMs stay cheap)
    failures: dict[str, deque[InjectedFailure]] = field(default_factory=dict)
    _serial: int = 0
    _last_ts_micros: int = 0

    # ids and time

    def now(self) -> float:
        return self.clock()

    def next_id(self, prefix: str) -> str:
        return f"{prefix}0{self.id_tag}{self._next_serial():05d}"

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def next_ts(self) -> str:
        """A message ts like "1700000000.000100": unique and increasing even if the clock stalls."""
        micros = max(int(self.now() * 1_000_000), self._last_ts_micros + 1)
        self._last_ts_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def new_hash(self) -> str:
        return f"{int(self.now())}.{secrets.token_hex(4)}"

    # people

    def user(self, user_id: str | None) -> EmulatedUser:
        user = self.users.get(user_id or "")
        if user is None:
            raise SlackError("user_not_found")
        return user

    def active_user(self, user_id: str) -> EmulatedUser:
        user = self.user(user_id)
        if user.deleted:
            raise SlackError("user_disabled")
        return user

    # conversations

    def im_channel(self, user_id: str) -> Channel:
        """The bot's DM with user_id, opened on first need and stable afterwards."""
        channel_id = self.ims.get(user_id)
        if channel_id is not None:
            return self.channels[channel_id]
        channel = self._add_channel("D", "im", user_id, {user_id})
        self.ims[user_id] = channel.id
        return channel

    def mpim_channel(self, user_ids: list[str]) -> Channel:
        members = set(user_ids)
        for channel in self.channels.values():
            if channel.kind == "mpim" and channel.members == members:
                return channel
        name = "mpdm-" + "--".join(sorted(members)) + "-1"
        return self._add_channel("G", "mpim", name, members)

    def public_channel(self, name: str, channel_id: str | None, members: set[str]) -> Channel:
        return self._add_channel("C", "channel", name, members, channel_id)

    def _add_channel(
        self, prefix: str, kind: str, name: str, members: set[str], channel_id: str | None = None
    ) -> Channel:
        channel = Channel(channel_id or self.next_id(prefix), kind, name, members, int(self.now()))
        self.channels[channel.id] = channel
        self.messages.setdefault(channel.id, [])
        return channel

    def channel(self, channel_id: str | None) -> Channel:
        channel = self.channels.get(channel_id or "")
        if channel is None:
            raise SlackError("channel_not_found")
        return channel

    def channel_or_user(self, target: str | None) -> Channel:
        """A channel id, or a user id standing for the app's DM with that user (as chat.postMessage allows)."""
        if target in self.users:
            return self.im_channel(target)
        return self.channel(target)

    def channels_of(self, user_id: str) -> Iterator[Channel]:
        return (channel for channel in self.channels.values() if user_id in channel.members)

    # messages

    def post(self, channel_id: str, content: dict[str, Any], thread_ts: str | None = None) -> dict:
        message = {
            "type": "message",
            "channel": channel_id,
            "ts": self.next_ts(),
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": self.team_id,
            "blocks": [],
            **content,
        }
        if thread_ts:
            message["thread_ts"] = thread_ts
        self.messages[channel_id].append(message)
        return message

    def message(self, channel_id: str, ts: str | None) -> dict:
        for message in self.messages.get(channel_id, []):
            if message["ts"] == ts:
                return message
        raise SlackError("message_not_found")

    def ephemeral(self, ts: str | None) -> dict | None:
        return next((e for e in self.ephemerals if e["ts"] == ts), None)

    def add_ephemeral(self, user_id: str, channel_id: str, content: dict[str, Any], via: str) -> dict:
        ephemeral = {"channel": channel_id, "ts": self.next_ts(), "user": user_id, "via": via, "blocks": [], **content}
        self.ephemerals.append(ephemeral)
        return ephemeral

    def deliver_scheduled(self) -> None:
        """Post every scheduled message whose time has come."""
        due = [s for s in self.scheduled if s.post_at <= self.now()]
        for scheduled in sorted(due, key=lambda s: s.post_at):
            self.scheduled.remove(scheduled)
            content = dict(scheduled.fields)
            thread_ts = content.pop("thread_ts", None)
            self.post(scheduled.channel_id, content, thread_ts)

    # views

    def view_owner(self, view_id: str | None = None, external_id: str | None = None) -> tuple[str, dict]:
        """(user_id, view) of the modal or Home view with that id, or SlackError not_found."""
        for user_id, view in self.all_views():
            if (view_id and view["id"] == view_id) or (external_id and view.get("external_id") == external_id):
                return user_id, view
        raise SlackError("not_found")

    def all_views(self) -> Iterator[tuple[str, dict]]:
        for user_id, stack in self.modal_stacks.items():
            for view in stack:
                yield user_id, view
        yield from self.home_views.items()

    # interaction tokens

    def issue_trigger(self, user_id: str) -> str:
        trigger_id = f"{self._next_serial()}.{int(self.now())}.{secrets.token_hex(16)}"
        self.triggers[trigger_id] = Trigger(user_id, self.now())
        return trigger_id

    def redeem_trigger(self, trigger_id: str | None) -> str:
        """The user a trigger_id belongs to; Slack refuses unknown, stale and reused triggers."""
        if not trigger_id:
            raise SlackError("invalid_arguments", messages=["missing required field: trigger_id"])
        trigger = self.triggers.get(trigger_id)
        if trigger is None:
            raise SlackError("invalid_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
        if self.now() - trigger.issued_at > TRIGGER_LIFETIME_SECONDS:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger.user_id

    def issue_response_url(
        self, user_id: str, channel_id: str, original_ts: str | None = None, original_is_ephemeral: bool = False
    ) -> str:
        token = secrets.token_urlsafe(18)
        self.response_urls[token] = ResponseUrl(
            token, user_id, channel_id, self.now(), original_ts, original_is_ephemeral
        )
        return f"{self.base_url}/response/{token}"

    def usable_response_url(self, token: str) -> ResponseUrl | None:
        response_url = self.response_urls.get(token)
        if response_url is None or response_url.uses_left <= 0:
            return None
        if self.now() - response_url.issued_at > RESPONSE_URL_LIFETIME_SECONDS:
            return None
        return response_url

    # limits and injected failures

    def retry_after_if_limited(self, method: str) -> int | None:
        """Seconds until a slot frees if method is over its limit; otherwise None (and the call takes a slot)."""
        limit = self.rate_limits.get(method)
        if limit is None:
            return None
        window = self.rate_windows.setdefault(method, deque())
        now = self.now()
        while window and window[0] <= now - self.rate_window_seconds:
            window.popleft()
        if len(window) >= limit:
            return max(1, math.ceil(window[0] + self.rate_window_seconds - now))
        window.append(now)
        return None

    def take_failure(self, method: str) -> InjectedFailure | None:
        queued = self.failures.get(method)
        return queued.popleft() if queued else None

    def record(self, method: str, params: dict, response: dict, status: int) -> None:
        self.calls.append(Call(method, copy.deepcopy(params), copy.deepcopy(response), status, self.now()))
        if response.get("error") in REFUSAL_ERRORS:
            self.refuse(method, response["error"], response.get("response_metadata", {}).get("messages", []))

    def refuse(self, surface: str, error: str, messages: list[str]) -> None:
        """Remember a payload Slack would refuse (or silently not show), for tests to assert on."""
        self.refusals.append({"surface": surface, "error": error, "messages": list(messages)})
