"""SlackPacer: per-method sliding windows, Retry-After, adapting to 429s; with a clock that only moves on sleep."""

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.pacing import DEFAULT_LIMITS, MethodLimit, RateLimitsError, SlackPacer, parse_rate_limits, retry_after_seconds


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


def test_empty_parts_are_skipped_and_the_smallest_positive_limits_accepted() -> None:
    assert parse_rate_limits("chat.postMessage=1/1, , conversations.open=1/0.5") == {
        "chat.postMessage": MethodLimit(1, 1), "conversations.open": MethodLimit(1, 0.5)}
    with pytest.raises(RateLimitsError, match="positive"):
        parse_rate_limits("chat.postMessage=1/0")
    with pytest.raises(RateLimitsError):
        parse_rate_limits("chat.postMessage=1/60=2")  # one '=' only: the method is what stands before it


@pytest.mark.parametrize(("header", "seconds"), [("30", 30.0), ("0", 1.0), ("0.2", 1.0), ("soon", 1.0), (None, 1.0)])
def test_retry_after_is_read_with_a_floor_of_one_second(header: str | None, seconds: float) -> None:
    headers = {} if header is None else {"Retry-After": header}
    response = SlackResponse(client=None, http_verb="POST", api_url="u", req_args={}, data={"ok": False},
                             headers=headers, status_code=429)
    assert retry_after_seconds(SlackApiError("ratelimited", response)) == seconds


def test_an_error_that_is_not_a_429_has_no_retry_after() -> None:
    response = SlackResponse(client=None, http_verb="POST", api_url="u", req_args={}, data={"ok": False},
                             headers={"Retry-After": "5"}, status_code=200)
    assert retry_after_seconds(SlackApiError("channel_not_found", response)) is None


def test_a_slot_frees_exactly_one_window_after_the_call_completed() -> None:
    time = FakeTime()
    pacer = pacer_with(time, conversations_open=MethodLimit(1, 60))
    call(pacer, "conversations.open", 0, time)
    time.now = 60
    assert pacer.wait_seconds("conversations.open") == 0


def test_calls_still_in_flight_hold_their_slots() -> None:
    time = FakeTime()
    pacer = pacer_with(time, conversations_open=MethodLimit(2, 60))
    with pacer.call("conversations.open"):
        assert pacer.wait_seconds("conversations.open") == 0  # one of two slots taken
        with pacer.call("conversations.open"):
            assert pacer.wait_seconds("conversations.open") > 0  # both held by calls not yet finished
        assert pacer.wait_seconds("conversations.open") == 60  # one finished at 0: free again at 60


def test_after_a_429_the_allowance_comes_back_one_call_at_a_time_once_a_window_is_quiet() -> None:
    time = FakeTime()
    pacer = pacer_with(time, chat_postMessage=MethodLimit(5, 60))
    time.now = 10
    with pytest.raises(SlackApiError), pacer.call("chat.postMessage"):
        raise too_many_requests("1")
    assert pacer._state("chat.postMessage").allowance == 4  # 5 x 0.8
    time.now = 69
    call(pacer, "chat.postMessage", 0, time)
    assert pacer._state("chat.postMessage").allowance == 4  # not yet a quiet window since the 429
    time.now = 70
    call(pacer, "chat.postMessage", 0, time)
    assert pacer._state("chat.postMessage").allowance == 5  # one back, never above the limit


def test_the_allowance_never_drops_below_one_call() -> None:
    time = FakeTime()
    pacer = pacer_with(time, chat_postMessage=MethodLimit(1, 60))
    with pytest.raises(SlackApiError), pacer.call("chat.postMessage"):
        raise too_many_requests("1")
    assert pacer._state("chat.postMessage").allowance == 1


def test_waits_shorter_than_a_second_are_waited_too() -> None:
    time = FakeTime()
    pacer = pacer_with(time, chat_postMessage=MethodLimit(1, 0.5))
    starts = [call(pacer, "chat.postMessage", 0, time) for _ in range(3)]
    assert starts == [0.0, 0.5, 1.0] and time.slept == [0.5, 0.5]


def test_sleeping_zero_or_less_does_not_sleep() -> None:
    time = FakeTime()
    pacer = pacer_with(time)
    pacer.sleep(0)
    pacer.sleep(-1)
    pacer.sleep(2)
    assert time.slept == [2]
