"""The scheduler process: persistent jobs, one leader at a time, takeover when the leader stops."""

import pickle
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from bot import jobs
from bot.clock import SystemClock
from bot.deps import Deps
from bot.job_executor import DEPS
from bot.scheduler import TICK_JOB_ID, SchedulerRunner, build_scheduler, scheduled_jobs
from storage.engine import make_engine
from tests.conftest import Harness


def start(runner: SchedulerRunner) -> threading.Thread:
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    return thread


def test_one_leader_persists_the_tick_job_and_a_second_takes_over_after_it_stops(harness: Harness) -> None:
    deps = replace(harness.deps, clock=SystemClock())
    first = SchedulerRunner(deps, tick_seconds=3600, renew_seconds=0.05, lease_ttl=timedelta(seconds=2))
    second = SchedulerRunner(deps, tick_seconds=3600, renew_seconds=0.05, lease_ttl=timedelta(seconds=2))
    second.holder += ":second"
    first_thread = start(first)
    assert first.is_leader.wait(5)
    second_thread = start(second)
    assert not second.is_leader.wait(0.5)  # the lease is held: no second scheduler on the same job store
    engine = make_engine(harness.settings.database_url)
    (job,) = scheduled_jobs(engine)
    assert job[0] == TICK_JOB_ID and job[2] is not None
    first.stop()
    first_thread.join(5)
    assert second.is_leader.wait(5)  # takes over and re-registers the same job (replace_existing)
    assert [j[0] for j in scheduled_jobs(engine)] == [TICK_JOB_ID]
    second.stop()
    second_thread.join(5)
    assert [j[0] for j in scheduled_jobs(engine)] == [TICK_JOB_ID]  # persisted across the restart
    engine.dispose()


def test_a_dead_leaders_lease_expires_and_is_taken_over(harness: Harness) -> None:
    from storage.engine import transaction
    from storage.queries.lease import current_holder, try_acquire

    now = harness.clock.now()
    with transaction(harness.deps.sessions) as session:
        assert try_acquire(session=session, name="scheduler", holder="dead", now=now, ttl=timedelta(seconds=30))
    with transaction(harness.deps.sessions) as session:
        assert not try_acquire(session=session, name="scheduler", holder="alive", now=now + timedelta(seconds=29),
                               ttl=timedelta(seconds=30))
    with transaction(harness.deps.sessions) as session:
        assert try_acquire(session=session, name="scheduler", holder="alive", now=now + timedelta(seconds=31),
                           ttl=timedelta(seconds=30))
    with harness.deps.sessions() as session:
        assert current_holder(session=session, name="scheduler", now=now + timedelta(seconds=32)) == "alive"


def test_scheduled_work_waits_out_a_database_outage(harness: Harness, tmp_path) -> None:
    from bot.jobs import run_due
    from storage.engine import session_factory

    down = make_engine(f"sqlite:///{tmp_path}/no/such/dir/db.sqlite")
    deps = replace(harness.deps, engine=down, sessions=session_factory(down))
    runner = SchedulerRunner(deps, tick_seconds=3600, renew_seconds=0.05)
    assert runner._renew() is False  # not the leader while the database is away; no crash
    failed = run_due(deps, harness.clock.now())
    assert "checkins.send" in failed  # each step failed on its own and will run again next tick
    up = SchedulerRunner(harness.deps, tick_seconds=3600, renew_seconds=0.05)
    assert up._renew() is True  # once it answers again, scheduling resumes


def test_the_persisted_tick_runs_with_its_own_schedulers_deps_and_the_store_keeps_only_the_marker(
        harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """No module-level Deps: the job store holds "bot.jobs:tick" and the DEPS marker (both pickle); the executor of
    the scheduler running it puts that scheduler's Deps in, for that run only."""
    given: list[Deps] = []
    monkeypatch.setattr(jobs, "run_due", lambda deps, now: given.append(deps) or [])
    deps = replace(harness.deps, clock=SystemClock())
    scheduler = build_scheduler(deps, tick_seconds=3600)
    events: list[JobExecutionEvent] = []
    ran = threading.Event()
    scheduler.add_listener(lambda event: (events.append(event), ran.set()), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.start()
    try:
        scheduler.modify_job(TICK_JOB_ID, next_run_time=datetime.now(UTC))  # due now, not in an hour
        assert ran.wait(10)
    finally:
        scheduler.shutdown(wait=True)
    assert [event.exception for event in events] == [None]
    assert len(given) == 1 and given[0] is deps
    store = SQLAlchemyJobStore(engine=harness.deps.engine)
    store.start(BackgroundScheduler(timezone=UTC), "default")
    (job,) = store.get_all_jobs()
    assert (job.func_ref, job.args) == ("bot.jobs:tick", (DEPS,))  # stored again after the run: still the marker
    pickle.dumps(job.__getstate__())
