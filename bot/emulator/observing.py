"""What happened: the calls the app made, what Slack refused, what each person now sees, and waiting for it."""

from __future__ import annotations

import copy
import inspect
import time
from collections.abc import Callable
from typing import Any

from bot.emulator.models import Call
from bot.emulator.steering import Steering
from bot.emulator.workspace import BOT_USER_ID

POLL_SECONDS = 0.01


class Observing(Steering):
    """Read what happened (copies: a test cannot change the workspace by reading it)."""

    def calls(self, method: str | None = None) -> list[Call]:
        with self._ws.lock:
            return [copy.deepcopy(c) for c in self._ws.calls if method is None or c.method == method]

    def refusals(self) -> list[dict]:
        """Every payload Slack would have refused or not shown: {"surface", "error", "messages"}."""
        with self._ws.lock:
            return copy.deepcopy(self._ws.refusals)

    def take_refusals(self) -> list[dict]:
        """The refusals so far, forgotten once taken (for tests that provoke them on purpose)."""
        with self._ws.lock:
            taken, self._ws.refusals = self._ws.refusals, []
            return taken

    def reset_calls(self) -> None:
        with self._ws.lock:
            self._ws.calls.clear()

    def messages_to(self, user_id: str) -> list[dict]:
        """Messages in the bot's DM with user_id, oldest first, with updates applied."""
        with self._ws.lock:
            return self.messages_in(self._ws.im_channel(user_id).id)

    def messages_in(self, channel_id: str) -> list[dict]:
        with self._ws.lock:
            self._ws.deliver_scheduled()
            return copy.deepcopy(self._ws.messages.get(channel_id, []))

    def ephemerals_to(self, user_id: str) -> list[dict]:
        """Ephemeral messages shown to user_id: chat.postEphemeral, response_url and command answers."""
        with self._ws.lock:
            return copy.deepcopy([e for e in self._ws.ephemerals if e["user"] == user_id])

    def responses(self) -> list[dict]:
        """Every body POSTed to a response_url, with its "token" and the HTTP "status" it got."""
        with self._ws.lock:
            return copy.deepcopy(self._ws.response_log)

    def home_view(self, user_id: str) -> dict | None:
        with self._ws.lock:
            return copy.deepcopy(self._ws.home_views.get(user_id))

    def open_modal(self, user_id: str) -> dict | None:
        with self._ws.lock:
            stack = self._ws.modal_stacks.get(user_id)
            return copy.deepcopy(stack[-1]) if stack else None

    def files(self) -> list[dict]:
        with self._ws.lock:
            return [
                {
                    "id": upload.id,
                    "title": upload.title,
                    "filename": upload.filename,
                    "channel_id": upload.channel_id,
                    "initial_comment": upload.initial_comment,
                    "content": upload.content,
                    "user": BOT_USER_ID,
                }
                for upload in self._ws.uploads.values()
                if upload.completed
            ]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Poll predicate (real time, every 10 ms) until it returns something truthy, and return that."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise AssertionError(f"timed out waiting for {_describe(predicate)}")
            time.sleep(POLL_SECONDS)


def _describe(predicate: Callable[[], Any]) -> str:
    try:
        return inspect.getsource(predicate).strip()
    except (OSError, TypeError):
        return getattr(predicate, "__name__", repr(predicate))
