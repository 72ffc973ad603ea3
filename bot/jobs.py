"""Scheduled work. Each step computes what is due from the database at `now`, so a step can run late,
twice or after a long outage and still do each piece of work once.

APScheduler calls `tick` by reference; tests and `mentorbot jobs run-due` call `run_due(deps, now)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.deps import Deps
from storage.engine import transaction
from storage.queries.requests import forget_before

logger = logging.getLogger(__name__)

Step = Callable[[Deps, datetime], None]
_runtime: dict[str, Deps] = {}  # the scheduler process's dependencies, set once by configure()


def steps() -> list[tuple[str, Step]]:
    """Every tick step, in order: decide what is due, then deliver the outbox last."""
    from bot import alerts, checkins, outbox_worker, retention, transitions
    from bot.agreements.prompts import send_due_prompts
    from bot.meeting_ratings import ask_for_ratings
    from bot.agreements.reminders import remind_unacknowledged
    from bot.broadcasts import advance_broadcasts
    from bot.matching import expiry
    from bot.surveys.rounds import run_survey_schedule

    return [
        ("matching.expire_consents", expiry.expire_due_consents),
        ("checkins.send", checkins.send_due_checkins),
        ("checkins.remind", checkins.send_due_reminders),
        ("agreements.remind", remind_unacknowledged),
        ("flash.follow_up", flash_follow_ups),
        ("circles.checkins", circle_checkins),
        ("agreements.prompts", send_due_prompts),
        ("meetings.ask_ratings", ask_for_ratings),
        ("alerts.raise", alerts.raise_alerts),
        ("alerts.weekly_digest", alerts.send_weekly_digests),
        ("transitions.prompt", transitions.prompt_transitions),
        ("retention.purge", retention.purge_step),
        ("requests.forget", forget_old_requests),
        ("surveys.tick", run_survey_schedule),
        ("broadcasts.advance", advance_broadcasts),
        ("outbox.deliver", outbox_worker.deliver_outbox),
    ]


def flash_follow_ups(deps: Deps, now: datetime) -> None:
    from bot.flash import send_flash_follow_ups

    with transaction(deps.sessions) as session:
        send_flash_follow_ups(session=session, notifier=deps.notifier.within(session, now), now=now)


def circle_checkins(deps: Deps, now: datetime) -> None:
    from storage.queries.circles import due_circle_ids

    with deps.sessions() as session:
        if not due_circle_ids(session=session, now=now):  # the formation's numpy loads only when a check-in is due
            return
    from bot.circles.service import send_circle_checkins

    with transaction(deps.sessions) as session:
        send_circle_checkins(session=session, notifier=deps.notifier.within(session, now), now=now)


def forget_old_requests(deps: Deps, now: datetime) -> None:
    """Delivery keys only matter while Slack might still retry (minutes); keep a day of them."""
    with transaction(deps.sessions) as session:
        forget_before(session=session, before=now - timedelta(days=1))


def run_due(deps: Deps, now: datetime) -> list[str]:
    """Run every step once at `now`; a failing step is logged and does not stop the others."""
    failed = []
    for name, step in steps():
        try:
            step(deps, now)
        except Exception:
            logger.exception("scheduled step %s failed; it will run again on the next tick", name)
            failed.append(name)
    return failed


def configure(deps: Deps) -> None:
    _runtime["deps"] = deps


def tick() -> None:
    """The APScheduler entry point (importable as bot.jobs:tick)."""
    deps = _runtime["deps"]
    run_due(deps, deps.clock.now())
