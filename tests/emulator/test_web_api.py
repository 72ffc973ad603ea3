"""The emulator's Web API, driven through slack_sdk's WebClient as the app drives it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.emulator import EmulatedUser, SlackEmulator, load_users

TOKEN = "xoxb-emulator-test"
SECRET = "emulator-signing-secret"
ALICE = EmulatedUser(id="UALICE", name="alice", real_name="Alice Adams", email="alice@example.org")
BOB = EmulatedUser(id="UBOB", name="bob", real_name="Bob Brown", email="bob@example.org", tz="Europe/London")
CARA = EmulatedUser(id="UCARA", name="cara", real_name="Cara Cole", email="cara@example.org", tz="Asia/Kolkata")


class FakeClock:
    """Real time plus a controllable offset, so tests can jump ahead without sleeping."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def slack(clock: FakeClock) -> Iterator[SlackEmulator]:
    with SlackEmulator(bot_token=TOKEN, signing_secret=SECRET, clock=clock).start() as emulator:
        for user in (ALICE, BOB, CARA):
            emulator.add_user(user)
        yield emulator


@pytest.fixture
def client(slack: SlackEmulator) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.api_url)


def slack_error(call: Callable[[], object]) -> SlackApiError:
    with pytest.raises(SlackApiError) as raised:
        call()
    return raised.value


def error_code(call: Callable[[], object]) -> str:
    return slack_error(call).response["error"]


def test_api_url_ends_with_api_slash(slack: SlackEmulator) -> None:
    assert slack.api_url.startswith("http://127.0.0.1:")
    assert slack.api_url.endswith("/api/")


def test_auth_test_names_the_bot(client: WebClient) -> None:
    answer = client.auth_test()
    assert answer["user_id"] == "U0MENTORBOT"
    assert answer["team_id"] == "T0MENTOR"
    assert answer["bot_id"]


def test_missing_token_is_not_authed(slack: SlackEmulator) -> None:
    error = slack_error(lambda: WebClient(base_url=slack.api_url).auth_test())
    assert error.response["error"] == "not_authed"


def test_wrong_token_is_invalid_auth(slack: SlackEmulator) -> None:
    impostor = WebClient(token="xoxb-wrong", base_url=slack.api_url)
    error = slack_error(lambda: impostor.chat_postMessage(channel="UALICE", text="hi"))
    assert error.response["error"] == "invalid_auth"
    assert slack.messages_to("UALICE") == []
    assert slack.calls("chat.postMessage")[0].response == {"ok": False, "error": "invalid_auth"}


def test_token_may_come_as_a_form_argument(slack: SlackEmulator) -> None:
    body = urlencode({"token": TOKEN, "channel": "UALICE", "text": "hi", "blocks": json.dumps([{"type": "divider"}])})
    with urlopen(Request(slack.api_url + "chat.postMessage", data=body.encode())) as response:
        assert json.load(response)["ok"] is True
    call = slack.calls("chat.postMessage")[0]
    assert call.params["blocks"] == [{"type": "divider"}]
    assert "token" not in call.params


def test_unknown_method_is_404(client: WebClient) -> None:
    error = slack_error(lambda: client.api_call("mentor.doesNotExist"))
    assert error.response.status_code == 404
    assert error.response["error"] == "unknown_method"


def test_rate_limit_answers_429_until_a_slot_frees(slack: SlackEmulator, client: WebClient, clock: FakeClock) -> None:
    slack.set_rate_limit("chat.postMessage", 2)
    client.chat_postMessage(channel="UALICE", text="one")
    clock.advance(10)
    client.chat_postMessage(channel="UALICE", text="two")
    clock.advance(5)
    error = slack_error(lambda: client.chat_postMessage(channel="UALICE", text="three"))
    assert error.response.status_code == 429
    assert error.response["error"] == "ratelimited"
    assert error.response.headers["Retry-After"] == "45"
    assert [m["text"] for m in slack.messages_to("UALICE")] == ["one", "two"]
    assert [c.status for c in slack.calls("chat.postMessage")] == [200, 200, 429]
    clock.advance(46)
    client.chat_postMessage(channel="UALICE", text="three")
    assert [m["text"] for m in slack.messages_to("UALICE")] == ["one", "two", "three"]


def test_rate_limits_apply_per_method(slack: SlackEmulator, client: WebClient) -> None:
    slack.set_rate_limit("users.info", 1)
    client.users_info(user="UALICE")
    client.chat_postMessage(channel="UALICE", text="not limited")
    assert slack_error(lambda: client.users_info(user="UALICE")).response.status_code == 429
    slack.set_rate_limit("users.info", None)
    assert client.users_info(user="UALICE")["ok"]


def test_fail_next_injects_errors_then_recovers(slack: SlackEmulator, client: WebClient) -> None:
    slack.fail_next("chat.postMessage", error="fatal_error")
    slack.fail_next("chat.postMessage", http_status=503)
    slack.fail_next("chat.postMessage", http_status=429, retry_after=7)
    assert error_code(lambda: client.chat_postMessage(channel="UALICE", text="x")) == "fatal_error"
    unavailable = slack_error(lambda: client.chat_postMessage(channel="UALICE", text="x")).response
    assert unavailable.status_code == 503
    limited = slack_error(lambda: client.chat_postMessage(channel="UALICE", text="x")).response
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "7")
    assert slack.messages_to("UALICE") == []
    client.chat_postMessage(channel="UALICE", text="finally")
    assert [m["text"] for m in slack.messages_to("UALICE")] == ["finally"]


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_message_errors(client: WebClient) -> None:
    assert error_code(lambda: client.chat_postMessage(channel="C404", text="x")) == "channel_not_found"
    assert error_code(lambda: client.chat_postMessage(channel="UALICE")) == "no_text"
    too_many = [{"type": "divider"}] * 51
    assert error_code(lambda: client.chat_postMessage(channel="UALICE", text="x", blocks=too_many)) == "invalid_blocks"


def test_post_message_to_user_lands_in_their_dm_with_increasing_ts(slack: SlackEmulator, client: WebClient) -> None:
    first = client.chat_postMessage(channel="UALICE", text="one")
    second = client.chat_postMessage(channel=slack.dm_channel_id("UALICE"), text="two", thread_ts=first["ts"])
    assert first["channel"] == second["channel"] == slack.dm_channel_id("UALICE")
    assert first["channel"].startswith("D")
    assert float(second["ts"]) > float(first["ts"])
    messages = slack.messages_to("UALICE")
    assert [(m["text"], m.get("thread_ts")) for m in messages] == [("one", None), ("two", first["ts"])]
    assert slack.messages_to("UBOB") == []


def test_chat_update_replaces_content_and_keeps_ts(slack: SlackEmulator, client: WebClient) -> None:
    draft = [{"type": "section", "text": {"type": "mrkdwn", "text": "draft"}}]
    posted = client.chat_postMessage(channel="UALICE", text="draft", blocks=draft)
    new_blocks = [{"type": "section", "block_id": "done", "text": {"type": "mrkdwn", "text": "final"}}]
    client.chat_update(channel=posted["channel"], ts=posted["ts"], text="final", blocks=new_blocks)
    [message] = slack.messages_to("UALICE")
    assert (message["ts"], message["text"], message["blocks"]) == (posted["ts"], "final", new_blocks)
    missing = slack_error(lambda: client.chat_update(channel=posted["channel"], ts="1.000001", text="x"))
    assert missing.response["error"] == "message_not_found"


def test_chat_delete_removes_the_message(slack: SlackEmulator, client: WebClient) -> None:
    posted = client.chat_postMessage(channel="UALICE", text="oops")
    client.chat_delete(channel=posted["channel"], ts=posted["ts"])
    assert slack.messages_to("UALICE") == []


def test_post_ephemeral_needs_a_channel_member(slack: SlackEmulator, client: WebClient) -> None:
    channel = slack.add_channel("residents", members=["UALICE"])
    answer = client.chat_postEphemeral(channel=channel, user="UALICE", text="psst")
    assert answer["message_ts"]
    [ephemeral] = slack.ephemerals_to("UALICE")
    assert (ephemeral["channel"], ephemeral["text"]) == (channel, "psst")
    error = slack_error(lambda: client.chat_postEphemeral(channel=channel, user="UBOB", text="psst"))
    assert error.response["error"] == "user_not_in_channel"


def test_schedule_message_validates_and_delivers_when_due(
    slack: SlackEmulator, client: WebClient, clock: FakeClock
) -> None:
    now = int(clock())
    def schedule_at(post_at: int) -> object:
        return client.chat_scheduleMessage(channel="UALICE", post_at=post_at, text="x")

    assert error_code(lambda: schedule_at(now - 5)) == "time_in_past"
    assert error_code(lambda: schedule_at(now + 121 * 24 * 3600)) == "time_too_far"
    scheduled = client.chat_scheduleMessage(channel="UALICE", post_at=now + 600, text="reminder")
    assert scheduled["scheduled_message_id"].startswith("Q")
    assert slack.messages_to("UALICE") == []
    clock.advance(601)
    assert [m["text"] for m in slack.messages_to("UALICE")] == ["reminder"]


def test_conversations_open_gives_stable_im_and_mpim_ids(client: WebClient, slack: SlackEmulator) -> None:
    im = client.conversations_open(users="UALICE")["channel"]["id"]
    again = client.conversations_open(users=["UALICE"])
    assert again["channel"]["id"] == im == slack.dm_channel_id("UALICE")
    assert again["already_open"] is True
    mpim = client.conversations_open(users="UALICE,UBOB")["channel"]["id"]
    assert client.conversations_open(users="UBOB,UALICE")["channel"]["id"] == mpim
    assert mpim not in {im, client.conversations_open(users="UALICE,UBOB,UCARA")["channel"]["id"]}
    full = client.conversations_open(users="UBOB", return_im=True)["channel"]
    assert (full["is_im"], full["user"]) == (True, "UBOB")


def test_conversations_open_refuses_unknown_and_deactivated_users(client: WebClient, slack: SlackEmulator) -> None:
    assert error_code(lambda: client.conversations_open(users="UNOBODY")) == "user_not_found"
    slack.set_user("UBOB", deleted=True)
    assert error_code(lambda: client.conversations_open(users="UBOB")) == "user_disabled"
    assert error_code(lambda: client.conversations_open(users="")) == "users_list_not_supplied"


def test_users_info_reports_profile_and_time_zone(client: WebClient) -> None:
    user = client.users_info(user="UCARA")["user"]
    assert (user["name"], user["real_name"], user["profile"]["email"]) == ("cara", "Cara Cole", "cara@example.org")
    assert (user["tz"], user["tz_offset"], user["deleted"]) == ("Asia/Kolkata", 19800, False)
    assert user["tz_label"]
    assert error_code(lambda: client.users_info(user="UNOBODY")) == "user_not_found"


def test_users_lookup_by_email(client: WebClient) -> None:
    assert client.users_lookupByEmail(email="BOB@example.org")["user"]["id"] == "UBOB"
    error = slack_error(lambda: client.users_lookupByEmail(email="ghost@example.org"))
    assert error.response["error"] == "users_not_found"


def test_views_publish_stores_home_and_checks_hash(slack: SlackEmulator, client: WebClient) -> None:
    home = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Welcome"}}]}
    first = client.views_publish(user_id="UALICE", view=home)["view"]
    assert slack.home_view("UALICE")["blocks"][0]["text"]["text"] == "Welcome"
    second = client.views_publish(user_id="UALICE", view=home, hash=first["hash"])["view"]
    assert second["id"] == first["id"]
    stale = slack_error(lambda: client.views_publish(user_id="UALICE", view=home, hash=first["hash"]))
    assert stale.response["error"] == "hash_conflict"
    assert error_code(lambda: client.views_update(view_id="VNOPE", view=home)) == "not_found"


def test_views_open_refuses_unknown_trigger(client: WebClient) -> None:
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": []}
    assert error_code(lambda: client.views_open(trigger_id="1.2.nope", view=modal)) == "invalid_trigger_id"


def test_file_upload_flow_shares_into_a_channel(slack: SlackEmulator, client: WebClient) -> None:
    channel = slack.dm_channel_id("UALICE")
    answer = client.files_upload_v2(
        channel=channel, content="a,b\n1,2\n", filename="pairs.csv", title="Pairs", initial_comment="Here you go"
    )
    assert answer["file"]["id"].startswith("F")
    [stored] = slack.files()
    assert (stored["title"], stored["filename"], stored["channel_id"]) == ("Pairs", "pairs.csv", channel)
    assert (stored["content"], stored["initial_comment"]) == (b"a,b\n1,2\n", "Here you go")
    [message] = slack.messages_to("UALICE")
    assert message["text"] == "Here you go"
    assert message["files"][0]["id"] == stored["id"]


def test_file_upload_errors(slack: SlackEmulator, client: WebClient) -> None:
    unfinished = client.files_getUploadURLExternal(filename="x.txt", length=3)
    error = slack_error(lambda: client.files_completeUploadExternal(files=[{"id": unfinished["file_id"]}]))
    assert error.response["error"] == "file_not_found"
    with urlopen(Request(unfinished["upload_url"], data=b"abc")) as response:
        assert response.read() == b"OK - 3"
    files = [{"id": unfinished["file_id"]}]
    assert error_code(lambda: client.files_completeUploadExternal(files=files, channel_id="C404")) == "invalid_channel"
    assert slack.files() == []


def test_an_upload_must_be_1_byte_to_1_gb_and_exactly_the_length_given(slack: SlackEmulator, client: WebClient) -> None:
    for length in (0, 1024 ** 3 + 1):
        assert error_code(lambda: client.files_getUploadURLExternal(filename="x.txt", length=length)) == "invalid_arguments"
    ticket = client.files_getUploadURLExternal(filename="x.txt", length=3)
    with pytest.raises(HTTPError) as refused:
        urlopen(Request(ticket["upload_url"], data=b"abcd"))
    assert refused.value.code == 400  # more (or fewer) bytes than declared: nothing stored
    files = [{"id": ticket["file_id"]}]
    assert error_code(lambda: client.files_completeUploadExternal(files=files, channel_id=slack.dm_channel_id("UALICE"))) \
        == "file_not_found"  # only an uploaded id can be completed


def test_files_info_knows_a_file_once_completed_and_where_it_is_shared(slack: SlackEmulator, client: WebClient) -> None:
    channel = slack.dm_channel_id("UALICE")
    ticket = client.files_getUploadURLExternal(filename="x.txt", length=3)
    urlopen(Request(ticket["upload_url"], data=b"abc")).close()
    assert error_code(lambda: client.files_info(file=ticket["file_id"])) == "file_not_found"  # uploaded, not completed
    client.files_completeUploadExternal(files=[{"id": ticket["file_id"]}], channel_id=channel)
    described = client.files_info(file=ticket["file_id"])["file"]
    [shared] = slack.messages_to("UALICE")
    assert described["ims"] == [channel] and described["channels"] == described["groups"] == []
    assert described["shares"] == {"private": {channel: [{"ts": shared["ts"]}]}}
    assert error_code(lambda: client.files_completeUploadExternal(files=[{"id": ticket["file_id"]}],
                                                                  channel_id=channel)) == "file_not_found"  # once
    slack.grant_scopes({"files:write", "im:write"})
    assert error_code(lambda: client.files_info(file=ticket["file_id"])) == "missing_scope"


def test_an_answer_can_be_lost_after_slack_did_the_work(slack: SlackEmulator, client: WebClient) -> None:
    slack.fail_next("chat.postMessage", http_status=503, after_doing=True)
    channel = slack.dm_channel_id("UALICE")
    assert error_code(lambda: client.chat_postMessage(channel=channel, text="hi")) == "service_unavailable"
    assert [m["text"] for m in slack.messages_to("UALICE")] == ["hi"]


def test_upload_url_accepts_multipart_like_curl(slack: SlackEmulator, client: WebClient) -> None:
    ticket = client.files_getUploadURLExternal(filename="notes.txt", length=5)
    boundary = "emulatorboundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="notes.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
    ).encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    with urlopen(Request(ticket["upload_url"], data=body, headers=headers)) as response:
        assert response.read() == b"OK - 5"
    client.files_completeUploadExternal(files=[{"id": ticket["file_id"], "title": "Notes"}])
    assert [(f["title"], f["content"], f["channel_id"]) for f in slack.files()] == [("Notes", b"hello", None)]


def test_query_string_arguments_work_for_get(slack: SlackEmulator) -> None:
    with urlopen(f"{slack.api_url}users.info?user=UBOB&token={TOKEN}") as response:
        assert json.load(response)["user"]["tz"] == "Europe/London"


def test_load_users_reads_inline_json() -> None:
    [user] = load_users('[{"id": "UX", "name": "x", "tz": "America/Toronto"}]')
    assert user == EmulatedUser(id="UX", name="x", tz="America/Toronto")


def test_a_method_without_its_scope_answers_missing_scope_and_every_answer_names_the_granted_scopes(
    slack: SlackEmulator, client: WebClient
) -> None:
    granted = client.auth_test().headers
    assert "chat:write" in granted["x-oauth-scopes"].split(",")
    slack.grant_scopes({"commands", "im:write"})
    error = slack_error(lambda: client.chat_postMessage(channel="UALICE", text="hi"))
    assert error.response["error"] == "missing_scope" and error.response["needed"] == "chat:write"
    assert error.response["provided"] == "commands,im:write"
    assert client.conversations_open(users="UALICE")["ok"]  # im:write: one person
    group = slack_error(lambda: client.conversations_open(users="UALICE,UBOB"))
    assert group.response["needed"] == "mpim:write"
