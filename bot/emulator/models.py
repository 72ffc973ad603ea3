"""Value types shared by the emulator's modules and its users."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EmulatedUser:
    """A member of the emulated workspace."""

    id: str
    name: str
    real_name: str = ""
    email: str | None = None
    tz: str = "America/Edmonton"
    locale: str = "en-US"  # Slack's language setting for the person; users.info shows it only on request
    deleted: bool = False
    is_bot: bool = False


@dataclass
class Call:
    """One recorded Web API call, kept whether it succeeded or not."""

    method: str
    params: dict
    response: dict
    status: int
    at: float


@dataclass
class ActResult:
    """What the app answered to a request the emulator sent on a user's behalf.

    status is 0 when nothing was sent (closing a modal without notify_on_close).
    """

    status: int
    body: str
    json: dict | None


class SlackError(Exception):
    """An ok:false answer from a Web API method, with Slack's error code."""

    def __init__(self, code: str, *, messages: list[str] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.messages = messages or []

    def body(self) -> dict[str, Any]:
        answer: dict[str, Any] = {"ok": False, "error": self.code}
        if self.messages:
            answer["response_metadata"] = {"messages": self.messages}
        return answer


@dataclass
class Channel:
    """A conversation the bot can post to: an im, an mpim or a channel."""

    id: str
    kind: str  # "im", "mpim" or "channel"
    name: str
    members: set[str] = field(default_factory=set)
    created: int = 0


@dataclass
class Trigger:
    """A trigger_id handed to the app; Slack honours each once, for 3 seconds."""

    user_id: str
    issued_at: float
    used: bool = False


@dataclass
class ResponseUrl:
    """Where the app may answer an interaction; Slack allows 5 uses in 30 minutes."""

    token: str
    user_id: str
    channel_id: str
    issued_at: float
    original_ts: str | None = None
    original_is_ephemeral: bool = False
    uses_left: int = 5


@dataclass
class ScheduledMessage:
    id: str
    channel_id: str
    post_at: int
    fields: dict[str, Any]


@dataclass
class UploadedFile:
    """A file between files.getUploadURLExternal and files.completeUploadExternal."""

    id: str
    filename: str
    length: int
    content: bytes | None = None
    completed: bool = False
    title: str = ""
    channel_id: str | None = None
    initial_comment: str | None = None
    share_ts: str | None = None  # the message that shared it in channel_id
