"""Emulated users acting on a real Bolt app served over HTTP: commands, clicks, modals and events."""

from __future__ import annotations

import re

import json
import threading
import time
from collections.abc import Iterator
from socketserver import ThreadingMixIn
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.emulator import EmulatedUser, SlackEmulator

TOKEN = "xoxb-acting-test"
SECRET = "acting-signing-secret"
ALICE = EmulatedUser(id="UALICE", name="alice", real_name="Alice Adams", email="alice@example.org")
BOB = EmulatedUser(id="UBOB", name="bob", real_name="Bob Brown", email="bob@example.org")


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def option(value: str, text: str) -> dict[str, Any]:
    return {"text": plain(text), "value": value}


PROFILE_MODAL: dict[str, Any] = {
    "type": "modal",
    "callback_id": "profile",
    "private_metadata": "cohort-7",
    "title": plain("Your profile"),
    "submit": plain("Save"),
    "blocks": [
        {"type": "input", "block_id": "name_block", "label": plain("Name"),
         "element": {"type": "plain_text_input", "action_id": "name"}},
        {"type": "input", "block_id": "level_block", "label": plain("Level"), "dispatch_action": True,
         "element": {"type": "static_select", "action_id": "level",
                     "options": [option("pgy1", "PGY-1"), option("pgy2", "PGY-2")]}},
        {"type": "input", "block_id": "topics_block", "label": plain("Topics"), "optional": True,
         "element": {"type": "multi_static_select", "action_id": "topics", "option_groups": [
             {"label": plain("Clinical"), "options": [option("icu", "ICU"), option("er", "Emergency")]},
             {"label": plain("Other"), "options": [option("research", "Research")]}]}},
        {"type": "input", "block_id": "start_block", "label": plain("Start"),
         "element": {"type": "datepicker", "action_id": "start", "initial_date": "2025-07-01"}},
        {"type": "input", "block_id": "mentor_block", "label": plain("Mentor"), "optional": True,
         "element": {"type": "users_select", "action_id": "mentor"}},
    ],
}


class FakeClock:
    """Real time plus a controllable offset, so tests can jump ahead without sleeping."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output to failures."""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def slack(clock: FakeClock) -> Iterator[SlackEmulator]:
    with SlackEmulator(bot_token=TOKEN, signing_secret=SECRET, clock=clock).start() as emulator:
        emulator.add_user(ALICE)
        emulator.add_user(BOB)
        yield emulator


@pytest.fixture
def client(slack: SlackEmulator) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.api_url)


@pytest.fixture
def app(slack: SlackEmulator, client: WebClient) -> Iterator[App]:
    """A Bolt app served over real HTTP, wired to the emulator both ways."""
    bolt = App(token=TOKEN, signing_secret=SECRET, client=client, token_verification_enabled=False)
    server = make_server(
        "127.0.0.1", 0, SlackRequestHandler(bolt), server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    slack.app_url = f"http://127.0.0.1:{server.server_port}/slack/events"
    yield bolt
    server.shutdown()
    server.server_close()


def post_json(url: str, payload: dict[str, Any]) -> int:
    request = Request(url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
    try:
        with urlopen(request) as response:
            return response.status
    except HTTPError as error:
        return error.code


def open_profile_on_command(app: App) -> None:
    @app.command("/mentor")
    def open_profile(ack, body, client) -> None:  # type: ignore[no-untyped-def]
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=PROFILE_MODAL)


# slash commands


def test_slash_command_reaches_bolt_signed_with_slack_fields(slack: SlackEmulator, app: App) -> None:
    received: list[dict] = []

    @app.command("/mentor")
    def answer(ack, command) -> None:  # type: ignore[no-untyped-def]
        received.append(command)
        ack("Hello from mentorbot")

    result = slack.slash_command("UALICE", "/mentor", "status please")
    assert result.status == 200
    [command] = received
    assert (command["user_id"], command["user_name"], command["text"]) == ("UALICE", "alice", "status please")
    assert (command["channel_id"], command["channel_name"]) == (slack.dm_channel_id("UALICE"), "directmessage")
    assert command["response_url"].startswith(slack.api_url.removesuffix("api/") + "response/")
    assert command["trigger_id"] and command["team_id"] == "T0MENTOR" and command["api_app_id"]
    [ephemeral] = slack.ephemerals_to("UALICE")
    assert ephemeral["text"] == "Hello from mentorbot"


def test_wrong_secret_or_stale_timestamp_is_refused(slack: SlackEmulator, app: App) -> None:
    received: list[dict] = []
    app.command("/mentor")(lambda ack, command: (received.append(command), ack()))
    assert slack.slash_command("UALICE", "/mentor", signing_secret="not-the-secret").status == 401
    assert slack.slash_command("UALICE", "/mentor", timestamp=int(time.time()) - 600).status == 401
    assert slack.send_signed(b"{}", "application/json", extra_headers={"X-Slack-Signature": "v0=00"}).status == 401
    assert received == []
    assert slack.slash_command("UALICE", "/mentor").status == 200
    assert len(received) == 1


def test_in_channel_command_answer_is_posted_to_the_channel(slack: SlackEmulator, app: App) -> None:
    app.command("/mentor")(lambda ack: ack(response_type="in_channel", text="Everyone sees this"))
    slack.slash_command("UALICE", "/mentor", channel_id="CGENERAL")
    assert [m["text"] for m in slack.messages_in("CGENERAL")] == ["Everyone sees this"]
    assert slack.ephemerals_to("UALICE") == []


def test_response_url_allows_five_uses_then_expires(slack: SlackEmulator, app: App, clock: FakeClock) -> None:
    urls: list[str] = []
    app.command("/mentor")(lambda ack, command: (urls.append(command["response_url"]), ack()))
    slack.slash_command("UALICE", "/mentor")
    statuses = [post_json(urls[0], {"text": f"update {n}"}) for n in range(6)]
    assert statuses == [200] * 5 + [404]
    assert [e["text"] for e in slack.ephemerals_to("UALICE")] == [f"update {n}" for n in range(5)]
    assert slack.responses()[-1]["status"] == 404
    slack.slash_command("UALICE", "/mentor")
    clock.advance(31 * 60)
    assert post_json(urls[1], {"text": "too late"}) == 404


# clicks


def test_click_routes_block_actions_and_respond_replaces_the_message(slack: SlackEmulator, app: App) -> None:
    clicked: list[dict] = []

    @app.command("/mentor")
    def offer(ack, command, client) -> None:  # type: ignore[no-untyped-def]
        ack()
        buttons = [{"type": "button", "action_id": f"accept_match_{value}", "text": plain(name), "value": value}
                   for name, value in (("Bob", "m1"), ("Cara", "m2"))]
        client.chat_postMessage(channel=command["user_id"], text="Pick a mentor", blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": "Pick a mentor"}},
            {"type": "actions", "block_id": "offers", "elements": buttons}])

    @app.action(re.compile("^accept_match_"))
    def accept(ack, body, respond) -> None:  # type: ignore[no-untyped-def]
        ack()
        clicked.append(body)
        respond(replace_original=True, text=f"Accepted {body['actions'][0]['value']}")

    slack.slash_command("UALICE", "/mentor")
    [offer_message] = slack.wait_for(lambda: slack.messages_to("UALICE"))
    assert slack.click("UALICE", "accept_match_m2", value="m2").status == 200
    body = slack.wait_for(lambda: clicked and clicked[0])
    assert body["type"] == "block_actions" and body["user"]["id"] == "UALICE"
    assert body["container"] == {"type": "message", "message_ts": offer_message["ts"],
                                 "channel_id": slack.dm_channel_id("UALICE"), "is_ephemeral": False}
    [action] = body["actions"]
    assert (action["action_id"], action["block_id"], action["type"]) == ("accept_match_m2", "offers", "button")
    assert action["value"] == "m2"
    assert action["text"]["text"] == "Cara" and body["message"]["ts"] == offer_message["ts"] and body["trigger_id"]
    [replaced] = slack.wait_for(lambda: [m for m in slack.messages_to("UALICE") if m["text"] == "Accepted m2"])
    assert replaced["ts"] == offer_message["ts"] and replaced["blocks"] == []


def test_click_on_an_ephemeral_message(slack: SlackEmulator, app: App, client: WebClient) -> None:
    clicked: list[dict] = []
    app.action("dismiss")(lambda ack, body, respond: (ack(), clicked.append(body), respond(delete_original=True)))
    channel = slack.dm_channel_id("UALICE")
    button = {"type": "button", "action_id": "dismiss", "text": plain("Dismiss")}
    blocks = [{"type": "actions", "elements": [button]}]
    client.chat_postEphemeral(channel=channel, user="UALICE", text="tip", blocks=blocks)
    slack.click("UALICE", "dismiss")
    slack.wait_for(lambda: clicked and not slack.ephemerals_to("UALICE"))
    assert clicked[0]["container"]["is_ephemeral"] is True


def test_click_names_what_the_user_can_see_when_nothing_matches(slack: SlackEmulator, client: WebClient) -> None:
    button = {"type": "button", "action_id": "accept_match", "text": plain("Yes"), "value": "m1"}
    client.chat_postMessage(channel="UALICE", text="offer", blocks=[{"type": "actions", "elements": [button]}])
    with pytest.raises(AssertionError, match=r"accept_match\(value='m1'\)"):
        slack.click("UALICE", "decline_match")
    with pytest.raises(AssertionError, match="UBOB sees no element"):
        slack.click("UBOB", "accept_match")


# modals


def test_submit_view_sends_slack_state_and_errors_keep_the_modal_open(slack: SlackEmulator, app: App) -> None:
    submitted: list[dict] = []
    open_profile_on_command(app)

    @app.view("profile")
    def save(ack, view) -> None:  # type: ignore[no-untyped-def]
        submitted.append(view)
        if view["state"]["values"]["name_block"]["name"]["value"] == "x":
            ack(response_action="errors", errors={"name_block": "Too short"})
        else:
            ack()

    slack.slash_command("UALICE", "/mentor")
    opened = slack.wait_for(lambda: slack.open_modal("UALICE"))
    rejected = slack.submit_view("UALICE", {"name_block": "x", "level": "pgy2", "topics": ["icu", "research"]})
    assert rejected.json == {"response_action": "errors", "errors": {"name_block": "Too short"}}
    assert slack.open_modal("UALICE")["id"] == opened["id"]
    values = submitted[0]["state"]["values"]
    assert values["level_block"]["level"] == {"type": "static_select", "selected_option": option("pgy2", "PGY-2")}
    picked_topics = [option("icu", "ICU"), option("research", "Research")]
    assert values["topics_block"]["topics"] == {"type": "multi_static_select", "selected_options": picked_topics}
    assert values["start_block"]["start"] == {"type": "datepicker", "selected_date": "2025-07-01"}
    assert values["mentor_block"]["mentor"] == {"type": "users_select", "selected_user": None}
    first = submitted[0]
    assert (first["id"], first["private_metadata"], first["callback_id"]) == (opened["id"], "cohort-7", "profile")
    assert slack.submit_view("UALICE", {"name_block": "Alice"}).status == 200
    assert submitted[1]["state"]["values"]["name_block"]["name"] == {"type": "plain_text_input", "value": "Alice"}
    assert submitted[1]["state"]["values"]["level_block"]["level"]["selected_option"]["value"] == "pgy2"
    assert slack.open_modal("UALICE") is None


def test_submit_view_refuses_missing_required_inputs_and_unknown_options(slack: SlackEmulator, app: App) -> None:
    submitted: list[dict] = []
    open_profile_on_command(app)
    app.view("profile")(lambda ack, view: (submitted.append(view), ack()))
    slack.slash_command("UALICE", "/mentor")
    slack.wait_for(lambda: slack.open_modal("UALICE"))
    with pytest.raises(AssertionError, match="level_block"):
        slack.submit_view("UALICE", {"name": "Alice"})
    with pytest.raises(AssertionError, match="pgy9"):
        slack.submit_view("UALICE", {"name": "Alice", "level": "pgy9"})
    with pytest.raises(AssertionError, match="no_such_block"):
        slack.submit_view("UALICE", {"no_such_block": "x"})
    with pytest.raises(AssertionError, match="does not submit"):  # typed past the input's max_length
        slack.submit_view("UALICE", {"name": "A" * 3001, "level": "pgy2"})
    assert submitted == []


def test_select_inside_a_modal_dispatches_and_is_kept_for_submission(slack: SlackEmulator, app: App) -> None:
    actions: list[dict] = []
    submitted: list[dict] = []
    open_profile_on_command(app)
    app.action("level")(lambda ack, body: (ack(), actions.append(body)))
    app.view("profile")(lambda ack, view: (submitted.append(view), ack()))
    slack.slash_command("UALICE", "/mentor")
    opened = slack.wait_for(lambda: slack.open_modal("UALICE"))
    slack.click("UALICE", "level", selected="pgy1")
    body = slack.wait_for(lambda: actions and actions[0])
    assert body["container"] == {"type": "view", "view_id": opened["id"]}
    assert body["actions"][0]["selected_option"]["value"] == "pgy1"
    assert body["view"]["state"]["values"]["level_block"]["level"]["selected_option"]["value"] == "pgy1"
    slack.submit_view("UALICE", {"name": "Alice"})
    assert submitted[0]["state"]["values"]["level_block"]["level"]["selected_option"]["text"]["text"] == "PGY-1"


def test_response_actions_update_push_and_clear(slack: SlackEmulator, app: App) -> None:
    step = {"type": "modal", "callback_id": "step", "title": plain("Step"), "submit": plain("Next"), "blocks": []}
    answers = iter([
        {"response_action": "update", "view": {**step, "title": plain("Updated")}},
        {"response_action": "push", "view": {**step, "title": plain("Pushed")}},
        {"response_action": "clear"},
    ])
    open_profile_on_command(app)
    app.view("profile")(lambda ack: ack(**next(answers)))
    app.view("step")(lambda ack: ack(**next(answers)))
    slack.slash_command("UALICE", "/mentor")
    opened = slack.wait_for(lambda: slack.open_modal("UALICE"))
    slack.submit_view("UALICE", {"name": "Alice", "level": "pgy1"})
    updated = slack.open_modal("UALICE")
    assert (updated["id"], updated["title"]["text"]) == (opened["id"], "Updated")
    slack.submit_view("UALICE")
    pushed = slack.open_modal("UALICE")
    assert pushed["title"]["text"] == "Pushed"
    assert (pushed["previous_view_id"], pushed["root_view_id"]) == (opened["id"], opened["id"])
    slack.submit_view("UALICE")
    assert slack.open_modal("UALICE") is None


def test_close_view_notifies_only_when_asked(slack: SlackEmulator, app: App, client: WebClient) -> None:
    closed: list[dict] = []
    triggers: list[str] = []
    app.command("/mentor")(lambda ack, body: (triggers.append(body["trigger_id"]), ack()))
    app.view_closed("profile")(lambda ack, body: (ack(), closed.append(body)))
    slack.slash_command("UALICE", "/mentor")
    client.views_open(trigger_id=triggers[0], view={**PROFILE_MODAL, "notify_on_close": True})
    assert slack.close_view("UALICE").status == 200
    assert closed[0]["type"] == "view_closed" and closed[0]["is_cleared"] is False
    slack.slash_command("UALICE", "/mentor")
    client.views_open(trigger_id=triggers[1], view=PROFILE_MODAL)
    assert slack.close_view("UALICE").status == 0
    assert len(closed) == 1 and slack.open_modal("UALICE") is None


def test_trigger_ids_expire_after_three_seconds_and_work_once(
    slack: SlackEmulator, app: App, client: WebClient, clock: FakeClock
) -> None:
    triggers: list[str] = []
    app.command("/mentor")(lambda ack, body: (triggers.append(body["trigger_id"]), ack()))
    slack.slash_command("UALICE", "/mentor")
    client.views_open(trigger_id=triggers[0], view=PROFILE_MODAL)
    with pytest.raises(SlackApiError, match="exchanged_trigger_id"):
        client.views_open(trigger_id=triggers[0], view=PROFILE_MODAL)
    slack.slash_command("UALICE", "/mentor")
    clock.advance(3.5)
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        client.views_open(trigger_id=triggers[1], view=PROFILE_MODAL)
    slack.slash_command("UALICE", "/mentor")
    long_title = {**PROFILE_MODAL, "title": plain("A title far longer than allowed")}
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_open(trigger_id=triggers[2], view=long_title)


# events


def test_app_home_opened_arrives_with_retry_headers_and_home_is_clickable(slack: SlackEmulator, app: App) -> None:
    events: list[tuple[dict, dict]] = []
    clicked: list[dict] = []
    home = {"type": "home", "blocks": [{"type": "actions", "elements": [
        {"type": "button", "action_id": "edit_profile", "text": plain("Edit profile")}]}]}

    @app.event("app_home_opened")
    def show_home(event, body, client, request) -> None:  # type: ignore[no-untyped-def]
        events.append((body, request.headers))
        client.views_publish(user_id=event["user"], view=home)

    app.action("edit_profile")(lambda ack, body: (ack(), clicked.append(body)))
    assert slack.open_home("UALICE", retry_num=1, event_id="Ev0RETRY1").status == 200
    published = slack.wait_for(lambda: slack.home_view("UALICE"))
    body, headers = events[0]
    assert (body["type"], body["event_id"]) == ("event_callback", "Ev0RETRY1")
    assert (body["event"]["tab"], body["event"]["channel"]) == ("home", slack.dm_channel_id("UALICE"))
    assert (headers["x-slack-retry-num"], headers["x-slack-retry-reason"]) == (["1"], ["http_timeout"])
    slack.open_home("UALICE")
    slack.wait_for(lambda: len(events) == 2)
    assert events[1][0]["event"]["view"]["id"] == published["id"]
    assert events[1][0]["event_id"] != "Ev0RETRY1" and "x-slack-retry-num" not in events[1][1]
    slack.click("UALICE", "edit_profile")
    home_click = slack.wait_for(lambda: clicked and clicked[0])
    assert home_click["container"] == {"type": "view", "view_id": published["id"]}
    assert home_click["view"]["type"] == "home"


# refusals: whatever Slack would refuse or not show is recorded, with Slack's error and rule


def test_chat_post_message_with_duplicate_action_ids_is_refused_naming_the_rule(
    slack: SlackEmulator, client: WebClient
) -> None:
    blocks = [{"type": "actions", "block_id": "b", "elements": [
        {"type": "button", "action_id": "same", "text": plain("Yes"), "value": "1"},
        {"type": "button", "action_id": "same", "text": plain("No"), "value": "2"}]}]
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="UALICE", text="t", blocks=blocks)
    assert raised.value.response["error"] == "invalid_blocks"
    [rule] = raised.value.response["response_metadata"]["messages"]
    assert "action_id 'same' already exists in this block" in rule and "/blocks/0/elements/1/action_id" in rule
    assert slack.messages_to("UALICE") == []
    [refusal] = slack.take_refusals()
    assert (refusal["surface"], refusal["error"]) == ("chat.postMessage", "invalid_blocks")
    assert slack.refusals() == []


def test_too_long_message_text_is_refused(slack: SlackEmulator, client: WebClient) -> None:
    client.chat_postMessage(channel="UALICE", text="x" * 40_000)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="UALICE", text="x" * 40_001)
    assert raised.value.response["error"] == "msg_too_long"


def test_a_click_acked_with_a_body_is_recorded_as_not_shown(slack: SlackEmulator, app: App, client: WebClient) -> None:
    @app.action("go")
    def on_go(ack) -> None:  # type: ignore[no-untyped-def]
        ack(text="You will never see this")

    client.chat_postMessage(channel="UALICE", text="t", blocks=[
        {"type": "actions", "elements": [{"type": "button", "action_id": "go", "text": plain("Go")}]}])
    slack.click("UALICE", "go")
    [refusal] = slack.take_refusals()
    assert (refusal["surface"], refusal["error"]) == ("block_actions ack", "ignored_ack_body")
    assert slack.ephemerals_to("UALICE") == []


def test_modal_errors_must_name_an_input_block_of_the_view(slack: SlackEmulator, app: App) -> None:
    open_profile_on_command(app)

    @app.view("profile")
    def save(ack) -> None:  # type: ignore[no-untyped-def]
        ack(response_action="errors", errors={"no_such_block": "Too short"})

    slack.slash_command("UALICE", "/mentor")
    slack.wait_for(lambda: slack.open_modal("UALICE"))
    slack.submit_view("UALICE", {"name_block": "x", "level": "pgy2"})
    [refusal] = slack.take_refusals()
    assert refusal["error"] == "invalid_arguments" and "'no_such_block' is not an input block" in refusal["messages"][0]
    assert slack.open_modal("UALICE") is not None  # Slack keeps the modal open with a connection error


def test_command_ack_and_response_url_with_invalid_blocks_are_refused(slack: SlackEmulator, app: App) -> None:
    too_long_header = [{"type": "header", "text": plain("h" * 151)}]
    urls: list[str] = []

    @app.command("/mentor")
    def reply(ack, body) -> None:  # type: ignore[no-untyped-def]
        urls.append(body["response_url"])
        ack(text="t", blocks=too_long_header)

    slack.slash_command("UALICE", "/mentor")
    assert slack.ephemerals_to("UALICE") == []
    assert post_json(urls[0], {"text": "t", "blocks": too_long_header}) == 400
    assert [(r["surface"], r["error"]) for r in slack.take_refusals()] == [
        ("slash command ack", "invalid_blocks"), ("response_url", "invalid_blocks")]
