"""Thread pools whose tasks run in a copy of the submitting thread's context variables.

Bolt runs a listener on its listener executor after the middleware ran on the request's thread; the request's
tenant (storage/tenancy.py, a context variable set by the middleware) must travel with it, or the listener's queries
would run in the default tenant."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

# Set on a request's thread once its answer to Slack is settled (an event, a click: handlers/middleware.py), so its
# listener holds only work after the ack. Each request runs in a context of its own (bot/app.py:create_wsgi_app).
_acknowledged: contextvars.ContextVar[bool] = contextvars.ContextVar("mentorbot_acknowledged", default=False)


def set_acknowledged(answered: bool) -> None:
    """Whether the current request is answered already: then its listener's work waits behind requests still to be
    answered (AckFirstExecutor)."""
    _acknowledged.set(answered)


class ContextExecutor(ThreadPoolExecutor):
    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        context = contextvars.copy_context()
        return super().submit(context.run, fn, *args, **kwargs)


class AckFirstExecutor(ContextExecutor):
    """Listeners in two pools: one for requests whose answer is still to come (a command's reply, a modal
    submission's errors: the person, and Slack's 3-second deadline, wait for it), one for work after an answer
    already sent (clicks, events), so an answer never waits behind that work.

    The work after answers is admitted while its backlog is short: with `backlog` tasks waiting for a thread, the
    next request's thread holds its HTTP answer (up to `hold_seconds`, well within Slack's 3 s) until one finishes.
    Without it, a load the work cannot keep up with is answered at full speed while what people see (the edited
    message, the published Home) falls further behind for as long as the load lasts; with it, people see results
    about as soon as the work can be done. A task is never dropped: after the hold it queues anyway.

    The queue is in memory: shutdown(wait=True) (SIGTERM) runs it out, a SIGKILL loses it. Slack does not resend an
    acknowledged click or event, and a lost one shows as a click with no effect (its message not edited), which the
    person repeats; keeping the queue in the database would put a write before every ack (README, Deployment)."""

    def __init__(self, answering: int, after_ack: int, thread_name_prefix: str = "", *, backlog: int | None = None,
                 hold_seconds: float = 1.0) -> None:
        super().__init__(max_workers=answering, thread_name_prefix=thread_name_prefix)
        self._after_ack = ContextExecutor(max_workers=after_ack, thread_name_prefix=f"{thread_name_prefix}-after-ack")
        self._room = threading.Semaphore(after_ack + (after_ack if backlog is None else backlog))
        self._hold_seconds = hold_seconds

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        if not _acknowledged.get():
            return super().submit(fn, *args, **kwargs)
        admitted = self._room.acquire(timeout=self._hold_seconds)

        def run() -> T:
            try:
                return fn(*args, **kwargs)
            finally:
                if admitted:
                    self._room.release()

        return self._after_ack.submit(run)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=wait, cancel_futures=cancel_futures)
        self._after_ack.shutdown(wait=wait, cancel_futures=cancel_futures)
