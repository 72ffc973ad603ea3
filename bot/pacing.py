"""Pacing Slack Web API calls per method, so a worker sends as fast as Slack allows and no faster.

Slack states its limits per method as calls per minute ("Tier 3: 50+ per minute", chat.postMessage about
one a second). The pacer keeps, per method, when each recent call *completed*, and lets a call start only
while fewer than `calls` completed within the last `per_seconds`: counting from completion keeps the calls
at least a window apart at Slack's end too, however long each request took to get there.
A 429 blocks its method until Retry-After has passed and lowers that method's allowance by a fifth
(another process may be spending the same budget); each call made a quiet window later wins one back.
Waiting is always a sleep, never a spin.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # slack_sdk loads its whole Web client; processes that only read limits (settings) skip it
    from slack_sdk.errors import SlackApiError

DEFAULT_WINDOW_SECONDS = 60.0
BACKOFF_FACTOR = 0.8
SLEEP_SLICE_SECONDS = 0.01  # the shortest pause when an in-flight call holds the last slot


@dataclass(frozen=True)
class MethodLimit:
    calls: int
    per_seconds: float = DEFAULT_WINDOW_SECONDS

    def __str__(self) -> str:
        return f"{self.calls}/{self.per_seconds:g}s"


# Slack's documented limits for the methods the outbox uses (per app, per workspace).
DEFAULT_LIMITS: dict[str, MethodLimit] = {
    "chat.postMessage": MethodLimit(60),  # "posting messages: 1 per second" (special tier)
    "conversations.open": MethodLimit(50),  # Tier 3
    "conversations.history": MethodLimit(50),  # Tier 3 for internal apps
    "chat.update": MethodLimit(50),  # Tier 3
    "users.info": MethodLimit(100),  # Tier 4
    "files.getUploadURLExternal": MethodLimit(100),  # Tier 4
    "files.completeUploadExternal": MethodLimit(100),  # Tier 4
    "files.info": MethodLimit(100),  # Tier 4
}


class RateLimitsError(ValueError):
    """A rate-limit setting that cannot be read; the message names the part."""


def parse_rate_limits(text: str) -> dict[str, MethodLimit]:
    """Read "chat.postMessage=120/60, conversations.open=50" (calls per seconds; seconds default to 60)."""
    limits: dict[str, MethodLimit] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        method, _, rate = part.partition("=")
        calls, _, seconds = rate.partition("/")
        try:
            limit = MethodLimit(int(calls), float(seconds) if seconds else DEFAULT_WINDOW_SECONDS)
        except ValueError:
            raise RateLimitsError(f"{part!r} is not METHOD=CALLS[/SECONDS], e.g. chat.postMessage=60/60") from None
        if "." not in method.strip() or limit.calls < 1 or limit.per_seconds <= 0:
            raise RateLimitsError(f"{part!r} needs a Web API method name and positive numbers")
        limits[method.strip()] = limit
    return limits


def retry_after_seconds(error: SlackApiError) -> float | None:
    """Seconds to wait from a 429 answer (Retry-After, at least 1), or None if the error is not a 429."""
    response = error.response
    if getattr(response, "status_code", None) != 429:
        return None
    try:
        return max(1.0, float(response.headers.get("Retry-After", 1)))
    except (TypeError, ValueError):
        return 1.0


@dataclass
class _MethodState:
    limit: MethodLimit | None
    allowance: int
    completed: deque[float] = field(default_factory=deque)
    in_flight: int = 0
    blocked_until: float = 0.0
    last_limited: float = float("-inf")


class SlackPacer:
    """Per-method pacing shared by everything one process sends through the Web API."""

    def __init__(self, limits: Mapping[str, MethodLimit] | None = None, *,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 defaults: Mapping[str, MethodLimit] = DEFAULT_LIMITS) -> None:
        self.limits = {**defaults, **(limits or {})}  # defaults={} paces nothing but still honours 429s
        self.clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._states: dict[str, _MethodState] = {}
        self.seeded = False

    def sibling(self) -> SlackPacer:
        """A pacer with the same limits and clock and nothing spent: another workspace's budget."""
        return SlackPacer(self.limits, clock=self.clock, sleep=self._sleep, defaults={})

    def seed(self, method: str, seconds_ago: list[float]) -> None:
        """Count calls another process completed this many seconds ago (a restarted sender continues where the dead
        one stopped instead of spending a whole window's budget at once and provoking 429s)."""
        with self._lock:
            state, now = self._state(method), self.clock()
            done = sorted([*state.completed, *(now - max(0.0, ago) for ago in seconds_ago)])
            state.completed = deque(done)
            self.seeded = True

    def _state(self, method: str) -> _MethodState:
        state = self._states.get(method)
        if state is None:
            limit = self.limits.get(method)
            state = self._states[method] = _MethodState(limit, limit.calls if limit else 0)
        return state

    def wait_seconds(self, method: str) -> float:
        """How long a call of `method` would have to wait now (0: it may go at once)."""
        with self._lock:
            return self._wait_locked(self._state(method), self.clock())

    def _wait_locked(self, state: _MethodState, now: float) -> float:
        blocked = max(0.0, state.blocked_until - now)
        if state.limit is None:
            return blocked
        window = state.limit.per_seconds
        while state.completed and state.completed[0] <= now - window:
            state.completed.popleft()
        excess = len(state.completed) + state.in_flight - state.allowance
        if excess < 0:
            return blocked
        if excess >= len(state.completed):  # only calls still in flight hold the slots
            return max(blocked, SLEEP_SLICE_SECONDS)
        return max(blocked, state.completed[excess] + window - now)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._sleep(seconds)

    @contextmanager
    def call(self, method: str) -> Iterator[None]:
        """Wait for a slot, run the body (one Web API call), and learn from a 429 if it raises one."""
        from slack_sdk.errors import SlackApiError

        self._acquire(method)
        counted = True
        try:
            yield
        except SlackApiError as error:
            retry_after = retry_after_seconds(error)
            if retry_after is not None:
                counted = False  # Slack does not count a refused call against the limit
                self.rate_limited(method, retry_after)
            raise
        finally:
            self._finish(method, counted)

    def _acquire(self, method: str) -> None:
        while True:
            with self._lock:
                state = self._state(method)
                wait = self._wait_locked(state, self.clock())
                if wait <= 0:
                    state.in_flight += 1
                    return
            self._sleep(wait)

    def _finish(self, method: str, counted: bool) -> None:
        with self._lock:
            state, now = self._state(method), self.clock()
            state.in_flight -= 1
            if not counted or state.limit is None:
                return
            state.completed.append(now)
            quiet = now - state.last_limited >= state.limit.per_seconds
            if quiet and state.allowance < state.limit.calls:
                state.allowance += 1

    def rate_limited(self, method: str, retry_after: float) -> None:
        """Slack answered 429: call `method` again only after Retry-After, and a little less often."""
        with self._lock:
            state, now = self._state(method), self.clock()
            state.blocked_until = max(state.blocked_until, now + retry_after)
            state.last_limited = now
            if state.limit is not None:
                state.allowance = max(1, int(state.allowance * BACKOFF_FACTOR))
