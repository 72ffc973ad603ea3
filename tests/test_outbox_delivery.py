"""The outbox sender: pacing to Slack's limits, Retry-After, in-doubt messages, the one-sender lease."""

import os
import socket
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from slack_sdk import WebClient
from sqlmodel import select

from bot.deps import Deps
from bot.emulator import EmulatedUser, SlackEmulator
from bot.outbox import METADATA_EVENT, deliver_due, post_direct
from bot.outbox_worker import LEASE_NAME, deliver_outbox, run_outbox
from bot.pacing import MethodLimit, SlackPacer
from storage.engine import transaction
from storage.queries.lease import try_acquire
from storage.queries.outbox import enqueue_message
from storage.tables import OutboxMessage
from tests.conftest import BOT_TOKEN, SIGNING_SECRET, Harness

PEOPLE = [f"U0PACE{n:03d}" for n in range(10)]


class FakeTime:
    """Seconds that pass only when someone sleeps: the sender's pacing and the emulator share it."""

    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def paced_slack(fake_time: FakeTime):
    with SlackEmulator(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, clock=fake_time.time).start() as slack:
        for user_id in PEOPLE:
            slack.add_user(EmulatedUser(id=user_id, name=user_id.lower()))
        yield slack


def paced_deps(harness: Harness, slack: SlackEmulator, fake_time: FakeTime, limits: dict[str, MethodLimit]) -> Deps:
    pacer = SlackPacer(limits, clock=fake_time.time, sleep=fake_time.sleep, defaults={})
    return replace(harness.deps, slack=WebClient(token=BOT_TOKEN, base_url=slack.api_url), pacer=pacer)


def enqueue(harness: Harness, recipients: list[str], prefix: str = "note") -> None:
    with transaction(harness.deps.sessions) as session:
        for recipient in recipients:
            enqueue_message(session=session, key=f"{prefix}:{recipient}", purpose="nudge", recipient=recipient,
                            payload={"text": f"Hello {recipient}"}, not_before=harness.clock.now(),
                            now=harness.clock.now())


def posts(slack: SlackEmulator):
    return slack.calls("chat.postMessage")


def test_pacing_to_slacks_limit_sends_as_fast_as_allowed_and_never_gets_a_429(
        harness: Harness, paced_slack: SlackEmulator, fake_time: FakeTime) -> None:
    paced_slack.set_rate_limit("chat.postMessage", 3)  # 3 a minute at Slack's end, and the same in the pacer
    deps = paced_deps(harness, paced_slack, fake_time, {"chat.postMessage": MethodLimit(3, 60)})
    enqueue(harness, PEOPLE)
    run_outbox(deps, harness.clock.now(), budget_seconds=None, until_idle=True)
    times = [call.at for call in posts(paced_slack)]
    assert [call.status for call in posts(paced_slack)] == [200] * 10
    assert all(later - earlier >= 60 for earlier, later in zip(times, times[3:]))  # never 4 within a minute
    assert times[-1] - times[0] <= 3 * 60 + 1  # the minimum the limit allows for 10 calls: 3 more windows
    assert all(len(paced_slack.messages_to(user)) == 1 for user in PEOPLE)


def test_no_request_goes_before_retry_after_has_passed(
        harness: Harness, paced_slack: SlackEmulator, fake_time: FakeTime) -> None:
    deps = paced_deps(harness, paced_slack, fake_time, {})
    enqueue(harness, PEOPLE[:4])
    paced_slack.fail_next("chat.postMessage", http_status=429, retry_after=30, count=2)
    run_outbox(deps, harness.clock.now(), budget_seconds=None, until_idle=True)
    calls = posts(paced_slack)
    assert [c.status for c in calls] == [429, 429, 200, 200, 200, 200]
    assert calls[1].at - calls[0].at >= 30 and calls[2].at - calls[1].at >= 30
    assert all(len(paced_slack.messages_to(user)) == 1 for user in PEOPLE[:4])
    with harness.deps.sessions() as session:
        assert {m.status for m in session.exec(select(OutboxMessage))} == {"sent"}


def test_a_message_a_dead_sender_posted_is_found_in_slack_and_not_sent_again(harness: Harness) -> None:
    user = "URES0001"
    enqueue(harness, [user])
    channel, ts = post_direct(harness.deps.slack, user, {"text": "Hello URES0001"}, f"note:{user}")
    with transaction(harness.deps.sessions) as session:  # the sender died between its post and recording it
        message = session.exec(select(OutboxMessage)).one()
        message.status, message.claimed_by, message.claimed_at = "sending", "elsewhere:1:dead00", harness.clock.now()
        session.add(message)
    deliver_outbox(harness.deps, harness.clock.now())
    assert len(harness.slack.messages_to(user)) == 1
    history = harness.slack.calls("conversations.history")
    assert history and history[0].params["include_all_metadata"] in (True, "1", "true")
    with harness.deps.sessions() as session:
        message = session.exec(select(OutboxMessage)).one()
        assert (message.status, message.channel, message.ts) == ("sent", channel, ts)


def test_a_message_a_dead_sender_claimed_but_never_posted_is_sent_once(harness: Harness) -> None:
    enqueue(harness, ["URES0001", "URES0002"])
    with transaction(harness.deps.sessions) as session:
        for message in session.exec(select(OutboxMessage)):
            message.status, message.claimed_by, message.claimed_at = "sending", "elsewhere:1:dead00", harness.clock.now()
            session.add(message)
    deliver_outbox(harness.deps, harness.clock.now())
    for user in ("URES0001", "URES0002"):
        (received,) = harness.slack.messages_to(user)
        assert received["metadata"] == {"event_type": METADATA_EVENT, "event_payload": {"key": f"note:{user}"}}


def dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(finished.stdout)


def hold_lease(harness: Harness, holder: str) -> None:
    with transaction(harness.deps.sessions) as session:
        assert try_acquire(session=session, name=LEASE_NAME, holder=holder, now=harness.clock.now(),
                           ttl=timedelta(hours=1))


def test_one_sender_at_a_time_and_a_dead_senders_lease_is_taken_over_at_once(harness: Harness) -> None:
    enqueue(harness, ["URES0001"])
    hold_lease(harness, f"{socket.gethostname()}:{os.getppid()}:alive0")  # a live process on this host
    assert run_outbox(harness.deps, harness.clock.now(), budget_seconds=5, until_idle=True) is None
    assert harness.slack.messages_to("URES0001") == []
    with transaction(harness.deps.sessions) as session:
        from storage.queries.lease import release
        release(session=session, name=LEASE_NAME, holder=f"{socket.gethostname()}:{os.getppid()}:alive0")
    hold_lease(harness, f"{socket.gethostname()}:{dead_pid()}:dead00")  # crashed an hour before its lease ends
    stats = run_outbox(harness.deps, harness.clock.now(), budget_seconds=5, until_idle=True)
    assert stats is not None and stats.sent == 1


def test_enqueue_and_deliver_due_keep_working_for_other_callers(harness: Harness) -> None:
    enqueue(harness, ["URES0002"])
    enqueue(harness, ["URES0002"])  # same key: still one message
    stats = deliver_due(sessions=harness.deps.sessions, client=harness.deps.slack, now=harness.clock.now(), worker="w")
    assert (stats.sent, stats.failed) == (1, 0)
    assert len(harness.slack.messages_to("URES0002")) == 1
    assert deliver_due(sessions=harness.deps.sessions, client=harness.deps.slack, now=harness.clock.now(),
                       worker="w").handled == 0
