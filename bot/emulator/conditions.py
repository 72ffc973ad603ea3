"""Slack's behaviour under load and failure: rate limits, injected errors, 5xx and 429s, scheduled messages."""

from __future__ import annotations

from collections import deque

from bot.emulator.steering import Steering
from bot.emulator.workspace import InjectedFailure


class Conditions(Steering):
    """Make Slack slow, limited or failing, as it can be."""

    def set_rate_limit(self, method: str, per_minute: int | None) -> None:
        with self._ws.lock:
            if per_minute is None:
                self._ws.rate_limits.pop(method, None)
                self._ws.rate_windows.pop(method, None)
            else:
                self._ws.rate_limits[method] = per_minute

    def fail_next(
        self,
        method: str,
        *,
        error: str | None = None,
        http_status: int = 200,
        count: int = 1,
        retry_after: int | None = None,
        after_doing: bool = False,
    ) -> None:
        """Make the next count calls of method fail: ok:false with error, a 5xx, or a 429 with Retry-After.
        With after_doing, the call does its work first and only its answer fails (Slack did it; the app can't know)."""
        if http_status == 200 and error is None:
            raise ValueError("fail_next needs an error code or a non-200 http_status")
        with self._ws.lock:
            queued = self._ws.failures.setdefault(method, deque())
            queued.extend(InjectedFailure(error, http_status, retry_after, after_doing) for _ in range(count))

    def deliver_scheduled(self) -> None:
        """Post scheduled messages whose post_at has passed (also happens on every API call)."""
        with self._ws.lock:
            self._ws.deliver_scheduled()
