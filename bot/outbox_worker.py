"""Sending the outbox: one sender at a time, paced, until the work is done, the budget is spent or it is stopped.

The sender holds the "outbox" lease. With one sender, this process's pacing is the whole app's pacing, and
any message left "sending" by someone else was left by a dead or displaced sender: it is in doubt and gets
checked in Slack before anything is resent (bot/outbox.py). A sender posts only while its lease is safely
unexpired by its own clock. A lease whose holder is no longer running on this host is taken over at once,
so a restart after a crash resumes immediately; a holder on another host loses it after LEASE_TTL.
The scheduler's tick runs this for up to TICK_BUDGET_SECONDS; `mentorbot outbox work` runs it continuously.
"""

from __future__ import annotations

import logging
import math
import os
import secrets
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import DBAPIError

from bot.deps import Deps
from bot.outbox import DeliveryStats, Moment, deliver_due, settle_in_doubt
from bot.outbox_tenants import TenantSender, seed_pacers, tenant_senders
from bot.pacing import SlackPacer
from bot.scheduler_ids import worker_id
from storage.engine import SessionFactory, transaction
from storage.queries.lease import current_holder, release, try_acquire
from storage.queries.outbox import next_due_at
from storage.tenancy import tenant_scope

logger = logging.getLogger(__name__)

LEASE_NAME = "outbox"
LEASE_TTL = timedelta(seconds=20)
RENEW_EVERY_SECONDS = 5.0
SAFETY_SECONDS = 5.0  # stop posting this long before the lease could expire in another process's eyes
TICK_BUDGET_SECONDS = 45.0  # leave room before the next tick
IDLE_POLL_SECONDS = 1.0  # how soon a continuous sender notices new work
PROGRESS_EVERY_SECONDS = 3.0
BATCH_SIZE = 20  # the most messages left in doubt if the sender dies mid-batch
BATCH_SECONDS = 2.0  # claim about this much sending at a time: a cancel stops the rest within it

Progress = Callable[[datetime], None]


def _process_gone(holder: str) -> bool:
    """Whether a lease holder ("host:pid:token") was a process on this host that no longer runs."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it runs, as someone else
    return False


class OutboxLease:
    """The right to send: taken, renewed while sending, released at the end."""

    def __init__(self, sessions: SessionFactory, pacer: SlackPacer) -> None:
        self.sessions, self.pacer = sessions, pacer
        self.holder = f"{worker_id()}:{secrets.token_hex(3)}"[-64:]
        self.valid_until = self.renewed_at = -math.inf

    def acquire(self, now: datetime) -> bool:
        with transaction(self.sessions) as session:
            holder = current_holder(session=session, name=LEASE_NAME, now=now)
            if holder is not None and holder != self.holder and _process_gone(holder):
                release(session=session, name=LEASE_NAME, holder=holder)
                session.flush()
            taken = try_acquire(session=session, name=LEASE_NAME, holder=self.holder, now=now, ttl=LEASE_TTL)
        started = self.pacer.clock()
        self.renewed_at = started
        self.valid_until = started + LEASE_TTL.total_seconds() - SAFETY_SECONDS if taken else -math.inf
        return taken

    def keep(self, now: datetime) -> bool:
        """Renew when due; True while the lease is safely ours."""
        if self.pacer.clock() - self.renewed_at >= RENEW_EVERY_SECONDS and self.valid_until > -math.inf:
            if not self.acquire(now):
                logger.warning("outbox lease lost by %s; another sender carries on", self.holder)
        return self.pacer.clock() < self.valid_until

    def release(self) -> None:
        with transaction(self.sessions) as session:
            release(session=session, name=LEASE_NAME, holder=self.holder)
        self.valid_until = -math.inf


def deliver_outbox(deps: Deps, now: datetime) -> None:
    """The tick step: send what is due, within TICK_BUDGET_SECONDS, unless another sender is at work."""
    from bot.broadcasts import advance_broadcasts

    run_outbox(deps, now, budget_seconds=TICK_BUDGET_SECONDS, until_idle=True,
               on_progress=lambda at: advance_broadcasts(deps, at))


def run_outbox(deps: Deps, now: datetime, *, budget_seconds: float | None, until_idle: bool,
               stop: threading.Event | None = None, on_progress: Progress | None = None,
               interactive_only: bool = False) -> DeliveryStats | None:
    """Send while there is work (or, unless until_idle, until stopped); None if another sender holds the lease.
    Within one process senders take turns (the interactive sender thread and a tick wait for each other)."""
    with deps.sender_lock:
        return _run_outbox(deps, now, budget_seconds=budget_seconds, until_idle=until_idle, stop=stop,
                           on_progress=on_progress, interactive_only=interactive_only)


def _run_outbox(deps: Deps, now: datetime, *, budget_seconds: float | None, until_idle: bool,
                stop: threading.Event | None, on_progress: Progress | None,
                interactive_only: bool) -> DeliveryStats | None:
    """One lease, every tenant in turn (bot/outbox_tenants.py): a round is one batch per tenant, each inside its
    tenant's scope with its own token and pacer, so one busy workspace neither starves nor slows another."""
    at = Moment(now, deps.pacer)
    senders = tenant_senders(deps, now)
    if not senders:
        return DeliveryStats()
    lease = OutboxLease(deps.sessions, deps.pacer)
    if not lease.acquire(at()):
        logger.info("another process is sending the outbox")
        return None
    seed_pacers(deps.sessions, senders, at())
    deadline = deps.pacer.clock() + budget_seconds if budget_seconds is not None else math.inf
    total = DeliveryStats()
    try:
        while not (stop and stop.is_set()) and deps.pacer.clock() < deadline and lease.keep(at()):
            done, pauses = _round_for_every_tenant(deps, senders, lease, at, interactive_only, on_progress)
            total.add(done)
            if done.handled:
                continue
            if interactive_only and done.rate_limited_until is None:
                break  # the rest is bulk, for the paced sender (the scheduler's tick or `outbox work`)
            waits = [pause for pause in pauses if pause is not None]
            pause = min(waits) if waits else None
            if pause is None and until_idle:
                break
            deps.pacer.sleep(min(IDLE_POLL_SECONDS if pause is None else pause, RENEW_EVERY_SECONDS,
                                 max(0.0, deadline - deps.pacer.clock())))
    finally:
        if on_progress:
            for sender in senders:
                with tenant_scope(sender.tenant.id):
                    _report(on_progress, at())
        lease.release()
    return total


def _round_for_every_tenant(deps: Deps, senders: list[TenantSender], lease: OutboxLease, at: Moment,
                            interactive_only: bool,
                            on_progress: Progress | None) -> tuple[DeliveryStats, list[float | None]]:
    """One batch per tenant, each in its scope; what was done, and each idle tenant's pause. A tenant whose sending
    fails leaves `senders` for the rest of this run."""
    done, pauses = DeliveryStats(), []
    for sender in list(senders):
        with tenant_scope(sender.tenant.id):
            handled = _tenant_round(deps, sender, lease, at, interactive_only)
            if handled is None:
                senders.remove(sender)
                continue
            due_report = sender.pacer.clock() - sender.reported >= PROGRESS_EVERY_SECONDS
            if on_progress and (not handled.handled or due_report):
                _report(on_progress, at())
                sender.reported = sender.pacer.clock()
            if not handled.handled:
                pauses.append(_pause(deps, lease, at, handled))
        done.add(handled)
    return done, pauses


def _tenant_round(deps: Deps, sender: TenantSender, lease: OutboxLease, at: Moment,
                  interactive_only: bool) -> DeliveryStats | None:
    """The current tenant's batch; None when its sending fails, so that it waits and the other programs go on."""
    try:
        return _one_round(deps, sender.pacer, lease, at, interactive_only)
    except DBAPIError:
        raise  # the database, not this tenant: the callers' outage handling
    except Exception:  # an unreadable or unrefreshable token
        logger.exception("outbox: sending for %s failed; its messages wait for the next run, the other programs' "
                         "go on", sender.tenant.name)
        return None


INTERACTIVE_BUDGET_SECONDS = 10.0
WAKE_POLL_SECONDS = 1.0


def send_interactive(deps: Deps, stop: threading.Event) -> None:
    """The server's sender thread: deliver interactive messages as soon as a transaction that queued one commits
    (deps.outbox_wake). Bulk and retries wait for the paced sender of the scheduler's tick or `outbox work`."""
    while not stop.is_set():
        if not deps.outbox_wake.wait(WAKE_POLL_SECONDS) or stop.is_set():
            continue
        deps.outbox_wake.clear()
        try:
            run_outbox(deps, deps.clock.now(), budget_seconds=INTERACTIVE_BUDGET_SECONDS, until_idle=True,
                       interactive_only=True)
        except Exception:
            logger.exception("interactive delivery failed; the paced sender retries what is left")


class InteractiveSender:
    """The sender thread a serving process runs next to its listeners."""

    def __init__(self, deps: Deps) -> None:
        self.deps, self._stop = deps, threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> InteractiveSender:
        self._thread = threading.Thread(target=send_interactive, args=(self.deps, self._stop),
                                        name="mentorbot-outbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.deps.outbox_wake.set()  # a waiting thread stops now, not at its next poll (a restart waits for it)
        if self._thread is not None:
            self._thread.join(timeout=INTERACTIVE_BUDGET_SECONDS + 5)


def send_queued(deps: Deps, *, interactive_only: bool = False) -> DeliveryStats | None:
    """For a command-line process that queued messages: deliver what is due before exiting (None: another sender
    holds the lease, and will deliver them). interactive_only: just the answers to what the user did, not bulk."""
    return run_outbox(deps, deps.clock.now(), budget_seconds=TICK_BUDGET_SECONDS, until_idle=True,
                      interactive_only=interactive_only)


def batch_size(pacer: SlackPacer) -> int:
    """About BATCH_SECONDS of sending at the paced rate (at most BATCH_SIZE, at least one message)."""
    rates = [limit.calls / limit.per_seconds for method, limit in pacer.limits.items()
             if method in ("chat.postMessage", "conversations.open")]
    return max(1, min(BATCH_SIZE, int(min(rates) * BATCH_SECONDS))) if rates else BATCH_SIZE


def _one_round(deps: Deps, pacer: SlackPacer, lease: OutboxLease, at: Moment,
               interactive_only: bool = False) -> DeliveryStats:
    """One batch of the current tenant's outbox, with its token (deps.slack asks per call) and its pacer."""
    def may_post() -> bool:
        return lease.keep(at())

    size = batch_size(pacer)
    done = settle_in_doubt(sessions=deps.sessions, client=deps.slack, now=at(), sender=lease.holder,
                           pacer=pacer, limit=size, may_post=may_post)
    done.add(deliver_due(sessions=deps.sessions, client=deps.slack, now=at(), worker=lease.holder,
                         limit=size, pacer=pacer, may_post=may_post, interactive_only=interactive_only))
    return done


def _pause(deps: Deps, lease: OutboxLease, at: Moment, done: DeliveryStats) -> float | None:
    """Seconds until something can be sent (a rate limit lifting, a message coming due); None if nothing is due now."""
    now = at()
    if done.rate_limited_until is not None:
        return max(0.0, (done.rate_limited_until - now).total_seconds())
    with deps.sessions() as session:
        due = next_due_at(session=session, sender=lease.holder)
    if due is None or due > now:
        return None
    return IDLE_POLL_SECONDS / 10  # due, yet nothing went: another process holds those rows; look again soon


def _report(on_progress: Progress, now: datetime) -> None:
    try:
        on_progress(now)
    except Exception:
        logger.exception("could not report outbox progress; sending continues")
