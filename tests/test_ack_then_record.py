"""A click is acknowledged before its delivery is recorded, and a click delivered twice is still handled once."""

from __future__ import annotations

import contextvars
import threading
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltRequest
from slack_sdk import WebClient

from bot.context_executor import AckFirstExecutor, set_acknowledged
from handlers.errors import guarded
from handlers.middleware import skip_duplicates
from tests.conftest import BOT_TOKEN, SIGNING_SECRET, Harness
from tests.test_reliability import click_body


def counting_app(harness: Harness, executor: Executor | None = None) -> tuple[App, list[Any]]:
    """A Bolt app with mentorbot's duplicate check whose only click listener notes what the ack said when it ran on."""
    app = App(signing_secret=SIGNING_SECRET, client=WebClient(token=BOT_TOKEN, base_url=harness.slack.api_url),
              token_verification_enabled=False, request_verification_enabled=False, listener_executor=executor)
    app.use(skip_duplicates(harness.deps))
    handled: list[Any] = []
    done = threading.Event()

    def on_click(ack: Any) -> None:
        ack()
        handled.append(ack.response.status)  # the ack was answered before the listener's own work
        done.set()

    app.action("count_me")(guarded(on_click))
    app.done = done  # type: ignore[attr-defined]
    return app, handled


def deliver(app: App, body: bytes, retry: bool = False) -> Any:
    headers = {"content-type": ["application/x-www-form-urlencoded"], **({"x-slack-retry-num": ["1"]} if retry else {})}
    return app.dispatch(BoltRequest(body=body.decode(), headers=headers))


def test_a_click_delivered_twice_runs_its_listener_once_after_acking_both(harness: Harness) -> None:
    app, handled = counting_app(harness)
    body = click_body("UCLICKER", "count_me", "1", "904.1.dup")
    first = deliver(app, body)
    app.done.wait(5)  # type: ignore[attr-defined]
    second = deliver(app, body, retry=True)
    assert (first.status, first.body, second.status, second.body) == (200, "", 200, "")
    app.listener_runner.listener_executor.shutdown(wait=True)
    assert handled == [200]


def test_another_click_is_handled(harness: Harness) -> None:
    app, handled = counting_app(harness)
    deliver(app, click_body("UCLICKER", "count_me", "1", "905.1.a"))
    app.done.wait(5)  # type: ignore[attr-defined]
    app.done.clear()  # type: ignore[attr-defined]
    deliver(app, click_body("UCLICKER", "count_me", "1", "905.1.b"))
    app.done.wait(5)  # type: ignore[attr-defined]
    assert handled == [200, 200]




def test_a_click_is_answered_before_its_listener_gets_a_thread(harness: Harness) -> None:
    """Under load the work after acks queues up: a click's ack must not wait for a listener thread to come free."""
    busy, release = threading.Event(), threading.Event()
    executor = AckFirstExecutor(answering=1, after_ack=1)

    def hold_the_thread() -> None:
        busy.set()
        release.wait(10)

    executor._after_ack.submit(hold_the_thread)  # the only after-ack thread is taken
    busy.wait(5)
    app, handled = counting_app(harness, executor)
    answer = deliver(app, click_body("UCLICKER", "count_me", "1", "906.1.busy"))
    assert (answer.status, answer.body, handled) == (200, "", [])  # answered; the listener has not run yet
    release.set()
    app.done.wait(5)  # type: ignore[attr-defined]
    assert handled == [200]
    executor.shutdown(wait=True)


def test_an_answer_never_waits_behind_work_after_acks() -> None:
    """Commands and modal submissions (still to be answered) run while clicks' and events' work fills its pool."""
    release, ran = threading.Event(), threading.Event()
    executor = AckFirstExecutor(answering=1, after_ack=1)

    def after_ack_work() -> None:
        set_acknowledged(True)
        executor.submit(release.wait, 10)  # a click's listener: queued behind nothing but other acknowledged work
        executor.submit(release.wait, 10)

    clicks = threading.Thread(target=contextvars.Context().run, args=(after_ack_work,))
    clicks.start()
    clicks.join()
    contextvars.Context().run(executor.submit, ran.set)  # a command's listener, from a request not yet answered
    try:
        assert ran.wait(5)
    finally:
        release.set()
        executor.shutdown(wait=True)


def test_work_after_acks_beyond_the_backlog_is_held_then_still_done() -> None:
    """A full backlog holds the next answered request only for a while: its work is queued anyway, never dropped."""
    release, done = threading.Event(), threading.Event()
    executor = AckFirstExecutor(answering=1, after_ack=1, backlog=0, hold_seconds=0)

    def clicks() -> None:
        set_acknowledged(True)
        executor.submit(release.wait, 10)  # takes the only place
        executor.submit(done.set)  # no room: held for hold_seconds, then queued

    contextvars.Context().run(clicks)
    release.set()
    try:
        assert done.wait(5)
    finally:
        executor.shutdown(wait=True)
