"""How the scheduler hands its dependencies to a persisted job, without putting them in the job store or in a global.

APScheduler 3's SQL job store pickles each job: its function as a textual reference ("bot.jobs:tick") and its
arguments. Deps holds engines, clients, locks and pacers, which neither pickle nor mean anything in another process.
So a job stores the marker DEPS where it wants them, and the executor of the scheduler that runs it (APScheduler's own
place for "how a job is run", one per scheduler) puts its Deps there, in a copy of the job made for that one run.
Two schedulers in one process (a test, a takeover) each run with their own; nothing is kept at module level."""

from __future__ import annotations

from datetime import datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job

from bot.deps import Deps

DEPS = "mentorbot:deps"  # the picklable stand-in a persisted job carries where the running scheduler's Deps go


class DepsExecutor(ThreadPoolExecutor):
    """Runs each due job with this scheduler's Deps in place of the DEPS marker in its arguments."""

    def __init__(self, deps: Deps, max_workers: int = 1) -> None:
        super().__init__(max_workers=max_workers)
        self.deps = deps

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        super()._do_submit_job(with_deps(job, self.deps), run_times)


def with_deps(job: Job, deps: Deps) -> Job:
    """A copy of `job` for one run, its DEPS markers replaced. Never the job itself: the scheduler stores that one
    again (with its next run time) once it is submitted, and the store must keep only the marker."""
    state = job.__getstate__()
    state["args"] = tuple(deps if _is_marker(arg) else arg for arg in job.args)
    state["kwargs"] = {name: deps if _is_marker(value) else value for name, value in job.kwargs.items()}
    bound = Job.__new__(Job)
    bound.__setstate__(state)
    bound._jobstore_alias = job._jobstore_alias
    return bound


def _is_marker(value: object) -> bool:
    return isinstance(value, str) and value == DEPS
