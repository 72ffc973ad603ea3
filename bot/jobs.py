"""Scheduled work. Each step computes what is due from the database at `now`, so a step can run late,
twice or after a long outage and still do each piece of work once.

APScheduler calls `tick` by reference ("bot.jobs:tick"), its Deps put in by the running scheduler's executor
(bot/job_executor.py); tests and `mentorbot jobs run-due` call `run_due(deps, now)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.tenants import served_tenants
from storage.engine import transaction
from storage.tenancy import tenant_scope
from storage.queries.requests import forget_before

logger = logging.getLogger(__name__)

Step = Callable[[Deps, datetime], None]


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


EVERY_TENANT_AT_ONCE = frozenset({"outbox.deliver"})  # serves every tenant itself, each with its own token and pace


def run_due(deps: Deps, now: datetime) -> list[str]:
    """Run every step once at `now` for every tenant served (bot/tenants.py), each inside that tenant's
    `tenant_scope`; the outbox last, once, for all of them. A step failing for one tenant is logged and stops
    neither the other steps nor the other tenants."""
    tenants = served_tenants(sessions=deps.sessions, oauth=deps.settings.oauth_installs,
                             client_id=deps.settings.slack_client_id)
    failed: list[str] = []
    for tenant in tenants:
        with tenant_scope(tenant.id):
            for name, step in steps():
                if name not in EVERY_TENANT_AT_ONCE:
                    _run_step(deps, now, name, step, failed, f" for {tenant.name}" if len(tenants) > 1 else "")
    for name, step in steps():
        if name in EVERY_TENANT_AT_ONCE:
            _run_step(deps, now, name, step, failed, "")
    return failed


def _run_step(deps: Deps, now: datetime, name: str, step: Step, failed: list[str], whose: str) -> None:
    try:
        step(deps, now)
    except Exception:
        logger.exception("scheduled step %s failed%s; it will run again on the next tick", name, whose)
        if name not in failed:
            failed.append(name)


def tick(deps: Deps) -> list[str]:
    """The APScheduler entry point (persisted as "bot.jobs:tick" with the DEPS marker): every step due now; the
    names of those that failed."""
    return run_due(deps, deps.clock.now())
