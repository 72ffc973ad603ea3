"""The scheduler process: persistent jobs, one leader at a time, takeover when the leader stops."""

import threading
from dataclasses import replace
from datetime import timedelta

from bot.clock import SystemClock
from bot.scheduler import TICK_JOB_ID, SchedulerRunner, scheduled_jobs
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
