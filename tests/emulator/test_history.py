"""conversations.history, message metadata and the shortened rate window, through slack_sdk's WebClient."""

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.emulator import EmulatedUser, SlackEmulator

TOKEN = "xoxb-emulator-test"


@pytest.fixture
def slack() -> Iterator[SlackEmulator]:
    with SlackEmulator(bot_token=TOKEN, signing_secret="secret").start() as emulator:
        emulator.add_user(EmulatedUser(id="UALICE", name="alice"))
        yield emulator


@pytest.fixture
def client(slack: SlackEmulator) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.api_url)


def post(client: WebClient, text: str, key: str | None = None) -> str:
    metadata = {"event_type": "test_event", "event_payload": {"key": key}} if key else None
    return client.chat_postMessage(channel="UALICE", text=text, metadata=metadata)["ts"]


def test_history_is_newest_first_and_shows_metadata_only_when_asked(client: WebClient, slack: SlackEmulator) -> None:
    first, second = post(client, "one", key="k1"), post(client, "two")
    channel = slack.dm_channel_id("UALICE")
    plain = client.conversations_history(channel=channel)["messages"]
    assert [m["ts"] for m in plain] == [second, first] and "metadata" not in plain[1]
    full = client.conversations_history(channel=channel, include_all_metadata=True)["messages"]
    assert full[1]["metadata"] == {"event_type": "test_event", "event_payload": {"key": "k1"}}


def test_oldest_latest_and_cursor_pages(client: WebClient, slack: SlackEmulator) -> None:
    stamps = [post(client, str(n)) for n in range(5)]
    channel = slack.dm_channel_id("UALICE")
    assert [m["text"] for m in client.conversations_history(channel=channel, oldest=stamps[2])["messages"]] == ["4", "3"]
    inclusive = client.conversations_history(channel=channel, oldest=stamps[2], inclusive=True)["messages"]
    assert [m["text"] for m in inclusive] == ["4", "3", "2"]
    page = client.conversations_history(channel=channel, limit=2)
    assert [m["text"] for m in page["messages"]] == ["4", "3"] and page["has_more"]
    rest = client.conversations_history(channel=channel, limit=10, cursor=page["response_metadata"]["next_cursor"])
    assert [m["text"] for m in rest["messages"]] == ["2", "1", "0"] and not rest["has_more"]


def test_history_errors_are_slacks(client: WebClient, slack: SlackEmulator) -> None:
    with pytest.raises(SlackApiError) as missing:
        client.conversations_history(channel="D0NOPE")
    assert missing.value.response["error"] == "channel_not_found"
    post(client, "x")
    with pytest.raises(SlackApiError) as bad_cursor:
        client.conversations_history(channel=slack.dm_channel_id("UALICE"), cursor="not-a-cursor")
    assert bad_cursor.value.response["error"] == "invalid_cursor"
    with pytest.raises(SlackApiError) as bad_metadata:
        client.chat_postMessage(channel="UALICE", text="x", metadata={"event_type": "only a type"})
    assert bad_metadata.value.response["error"] == "invalid_metadata_format"


def test_a_shortened_rate_window_replays_slacks_per_minute_limits_faster() -> None:
    now = [1000.0]
    with SlackEmulator(bot_token=TOKEN, signing_secret="s", clock=lambda: now[0], rate_window_seconds=0.5,
                       rate_limits={"users.info": 2}).start() as slack:
        slack.add_user(EmulatedUser(id="UALICE", name="alice"))
        client = WebClient(token=TOKEN, base_url=slack.api_url)
        client.users_info(user="UALICE")
        client.users_info(user="UALICE")
        with pytest.raises(SlackApiError) as limited:
            client.users_info(user="UALICE")
        assert limited.value.response.status_code == 429
        now[0] += 0.5
        assert client.users_info(user="UALICE")["ok"]
