"""SlackPacer: per-method sliding windows, Retry-After, adapting to 429s; with a clock that only moves on sleep."""

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.pacing import DEFAULT_LIMITS, MethodLimit, RateLimitsError, SlackPacer, parse_rate_limits


class FakeTime:
    def __init__(self) -> None:
        self.now, self.slept = 0.0, []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def pacer_with(time: FakeTime, **limits: MethodLimit) -> SlackPacer:
    return SlackPacer({name.replace("_", "."): limit for name, limit in limits.items()}, clock=time.time,
                      sleep=time.sleep, defaults={})


def call(pacer: SlackPacer, method: str, duration: float, time: FakeTime) -> float:
    with pacer.call(method):
        started = time.now
        time.now += duration
    return started


def too_many_requests(retry_after: str) -> SlackApiError:
    response = SlackResponse(client=None, http_verb="POST", api_url="u", req_args={}, data={"ok": False},
                             headers={"Retry-After": retry_after}, status_code=429)
    return SlackApiError("ratelimited", response)


def test_calls_wait_for_a_free_slot_counted_from_when_calls_completed() -> None:
    time = FakeTime()
    pacer = pacer_with(time, chat_postMessage=MethodLimit(3, 10))
    starts = [call(pacer, "chat.postMessage", 0.5, time) for _ in range(7)]
    assert starts[:3] == [0.0, 0.5, 1.0]  # a burst up to the limit
    assert starts[3] == pytest.approx(10.5)  # the first call completed at 0.5, so its slot frees at 10.5
    assert all(later - earlier >= 10 for earlier, later in zip(starts, starts[3:]))
    assert all(s > 0 for s in time.slept)  # it slept; it never spun


def test_methods_are_paced_separately_and_unknown_methods_not_at_all() -> None:
    time = FakeTime()
    pacer = pacer_with(time, conversations_open=MethodLimit(1, 60))
    call(pacer, "conversations.open", 0, time)
    assert pacer.wait_seconds("conversations.open") == 60
    assert pacer.wait_seconds("chat.postMessage") == 0


def test_a_429_blocks_its_method_for_retry_after_and_lowers_its_allowance_until_a_quiet_window() -> None:
    time = FakeTime()
    pacer = pacer_with(time, chat_postMessage=MethodLimit(10, 60))
    with pytest.raises(SlackApiError), pacer.call("chat.postMessage"):
        raise too_many_requests("30")
    assert pacer.wait_seconds("chat.postMessage") == 30
    time.now = 30
    starts = [call(pacer, "chat.postMessage", 0, time) for _ in range(9)]
    assert starts[:8] == [30.0] * 8 and starts[8] == pytest.approx(90)  # 8 a minute after the 429, not 10
    time.now = 200
    for _ in range(10):
        call(pacer, "chat.postMessage", 0, time)
    assert pacer.wait_seconds("chat.postMessage") > 0 and time.now == 200  # the full 10 again, a window later


def test_rate_limits_setting_is_read_or_refused_with_the_part_named() -> None:
    assert parse_rate_limits("chat.postMessage=120/30, conversations.open=50") == {
        "chat.postMessage": MethodLimit(120, 30), "conversations.open": MethodLimit(50, 60)}
    with pytest.raises(RateLimitsError, match="'chat.postMessage=fast'"):
        parse_rate_limits("chat.postMessage=fast")
    with pytest.raises(RateLimitsError, match="positive"):
        parse_rate_limits("chat.postMessage=0/60")
    assert SlackPacer().limits == DEFAULT_LIMITS
