"""A thread pool whose tasks run in a copy of the submitting thread's context variables.

Bolt runs a listener on its listener executor after the middleware ran on the request's thread; the request's
tenant (storage/tenancy.py, a context variable set by the middleware) must travel with it, or the listener's queries
would run in the default tenant."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class ContextExecutor(ThreadPoolExecutor):
    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        context = contextvars.copy_context()
        return super().submit(context.run, fn, *args, **kwargs)
