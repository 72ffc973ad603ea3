"""The outbox step of each tick: deliver what is due, pacing on Slack's 429s, within a time budget."""

from __future__ import annotations

import time
from datetime import datetime

from bot.deps import Deps
from bot.outbox import deliver_due
from bot.scheduler_ids import worker_id

TICK_BUDGET_SECONDS = 45.0  # leave room before the next tick


def deliver_outbox(deps: Deps, now: datetime) -> None:
    deadline = time.monotonic() + TICK_BUDGET_SECONDS
    while time.monotonic() < deadline:
        stats = deliver_due(sessions=deps.sessions, client=deps.slack, now=now, worker=worker_id())
        if stats.rate_limited_until is not None or stats.sent + stats.failed + stats.retried == 0:
            return
