"""The one scheduler process: APScheduler 3 with a persistent job store, run only by the lease holder.

APScheduler must not share a job store between running schedulers (jobs would run twice), so every
`mentorbot scheduler` process first takes the database lease; the others wait and take over when the
holder stops renewing it (crash, SIGKILL, network split), at most LEASE_TTL later.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from bot.deps import Deps
from bot.job_executor import DEPS, DepsExecutor
from bot.scheduler_ids import worker_id
from storage.engine import transaction
from storage.queries.lease import release, try_acquire

logger = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
LEASE_TTL = timedelta(seconds=30)
RENEW_EVERY_SECONDS = 10
TICK_JOB_ID = "mentorbot.tick"
TICK_SECONDS = 60
MISFIRE_GRACE_SECONDS = 6 * 3600  # after an outage the tick runs once (coalesced), not once per missed minute


def holder_id() -> str:
    return f"{worker_id()}:{threading.get_ident()}"


def build_scheduler(deps: Deps, tick_seconds: int = TICK_SECONDS) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=deps.engine)},
        executors={"default": DepsExecutor(deps)},  # the store keeps the DEPS marker; this executor puts `deps` there
        job_defaults={"coalesce": True, "misfire_grace_time": MISFIRE_GRACE_SECONDS, "max_instances": 1},
        timezone=UTC,
    )
    scheduler.add_job("bot.jobs:tick", args=(DEPS,), trigger=IntervalTrigger(seconds=tick_seconds), id=TICK_JOB_ID,
                      name="run every due step", replace_existing=True)
    return scheduler


class SchedulerRunner:
    """Waits for the lease, runs the scheduler while it holds it, and stops cleanly when asked."""

    def __init__(self, deps: Deps, tick_seconds: int = TICK_SECONDS, renew_seconds: float = RENEW_EVERY_SECONDS,
                 lease_ttl: timedelta = LEASE_TTL) -> None:
        self.deps, self.tick_seconds, self.holder = deps, tick_seconds, holder_id()
        self.renew_seconds, self.lease_ttl = renew_seconds, lease_ttl
        self.stopping = threading.Event()
        self.is_leader = threading.Event()

    def _renew(self) -> bool:
        """Take or keep the lease; a database that does not answer means "not the leader" until it does."""
        try:
            with transaction(self.deps.sessions) as session:
                return try_acquire(session=session, name=LEASE_NAME, holder=self.holder, now=self.deps.clock.now(),
                                   ttl=self.lease_ttl)
        except DBAPIError:
            logger.warning("database unavailable: scheduled work waits until it answers again")
            return False

    def run(self) -> None:
        while not self.stopping.is_set():
            if self._renew():
                self._lead()
            else:
                self.stopping.wait(self.renew_seconds)

    def _lead(self) -> None:
        logger.info("scheduler lease taken by %s", self.holder)
        scheduler = build_scheduler(self.deps, self.tick_seconds)
        scheduler.start()
        self.is_leader.set()
        try:
            while not self.stopping.wait(self.renew_seconds):
                if not self._renew():
                    logger.warning("scheduler lease lost; stopping this scheduler")
                    break
        finally:
            self.is_leader.clear()
            scheduler.shutdown(wait=True)  # finish the running tick; unsent work stays in the database
            try:
                with transaction(self.deps.sessions) as session:
                    release(session=session, name=LEASE_NAME, holder=self.holder)
            except DBAPIError:
                pass  # the lease expires by itself

    def stop(self) -> None:
        self.stopping.set()


def scheduled_jobs(engine: Engine) -> list[tuple[str, str, datetime | None]]:
    """(id, name, next run time) of every persisted job, read straight from the job store."""
    store = SQLAlchemyJobStore(engine=engine)
    store.start(BackgroundScheduler(timezone=UTC), "default")
    return [(job.id, job.name, job.next_run_time) for job in store.get_all_jobs()]
