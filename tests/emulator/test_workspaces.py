"""Several workspaces on one emulator, and an Enterprise Grid organisation holding two of them: each workspace's
token reaches only its own people and channels, what users do carries their own team and organisation, and an
org-wide install's token serves every workspace of the organisation and no other."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs
from urllib.request import Request, urlopen

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.emulator import EmulatedUser, SlackEmulator
from bot.emulator.oauth import OAuthApp

SECRET = "workspaces-signing-secret"
ORG = "E0HEALTH"
ANA = EmulatedUser(id="UANA", name="ana", real_name="Ana North")
BEN = EmulatedUser(id="UBEN", name="ben", real_name="Ben South")
CAT = EmulatedUser(id="UCAT", name="cat", real_name="Cat West")
REDIRECT = "http://127.0.0.1:9/slack/oauth_redirect"


class Recorder(ThreadingHTTPServer):
    """Stands for the app: answers 200 and keeps what Slack sent."""

    daemon_threads = True

    def __init__(self) -> None:
        self.bodies: list[dict] = []

        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    recorder.bodies.append(json.loads(raw))
                else:
                    fields = {key: values[0] for key, values in parse_qs(raw).items()}
                    recorder.bodies.append(json.loads(fields["payload"]) if "payload" in fields else fields)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def slack(recorder: Recorder) -> Iterator[SlackEmulator]:
    with SlackEmulator(bot_token="xoxb-north", signing_secret=SECRET, team_id="T0NORTH").start() as emulator:
        emulator.app_url = f"http://127.0.0.1:{recorder.server_address[1]}/slack/events"
        emulator.add_user(ANA)
        yield emulator


def test_each_token_reaches_only_its_own_workspace(slack: SlackEmulator) -> None:
    south = slack.add_workspace("T0SOUTH", bot_token="xoxb-south", team_name="South Hospital")
    south.add_user(BEN)
    north_client = WebClient(token="xoxb-north", base_url=slack.api_url)
    south_client = WebClient(token="xoxb-south", base_url=slack.api_url)

    assert north_client.auth_test()["team_id"] == "T0NORTH"
    assert (south_client.auth_test()["team_id"], south_client.auth_test()["team"]) == ("T0SOUTH", "South Hospital")
    assert south_client.chat_postMessage(channel=BEN.id, text="hello Ben")["ok"] is True
    assert [m["text"] for m in south.messages_to(BEN.id)] == ["hello Ben"]

    for call, error in ((lambda: north_client.users_info(user=BEN.id), "user_not_found"),
                        (lambda: north_client.chat_postMessage(channel=south.dm_channel_id(BEN.id), text="x"),
                         "channel_not_found"),
                        (lambda: south_client.conversations_open(users=ANA.id), "user_not_found")):
        with pytest.raises(SlackApiError) as refused:
            call()
        assert refused.value.response["error"] == error
    assert {call.method for call in south.calls()} == {"auth.test", "chat.postMessage", "conversations.open"}
    assert "users.info" not in {call.method for call in south.calls()}  # the north token's call stayed in north


def test_two_workspaces_never_share_an_id(slack: SlackEmulator) -> None:
    south = slack.add_workspace("T0SOUTH", bot_token="xoxb-south")
    south.add_user(BEN)

    assert slack.dm_channel_id(ANA.id) != south.dm_channel_id(BEN.id)
    with pytest.raises(ValueError):
        slack.add_workspace("T0SOUTH", bot_token="xoxb-other")


def test_what_users_do_carries_their_own_team_and_organisation(slack: SlackEmulator, recorder: Recorder) -> None:
    slack.in_enterprise(ORG)
    south = slack.add_workspace("T0SOUTH", bot_token="xoxb-south", enterprise_id=ORG)
    east = slack.add_workspace("T0EAST", bot_token="xoxb-east")
    south.add_user(BEN)
    east.add_user(CAT)

    slack.slash_command(ANA.id, "/mentor", "help")
    south.slash_command(BEN.id, "/mentor", "help")
    east.open_home(CAT.id)

    north_command, south_command, east_event = recorder.bodies
    assert (north_command["team_id"], north_command["enterprise_id"], north_command["user_id"]) == \
        ("T0NORTH", ORG, ANA.id)
    assert (south_command["team_id"], south_command["enterprise_id"], south_command["user_id"]) == \
        ("T0SOUTH", ORG, BEN.id)
    assert (east_event["team_id"], east_event["enterprise_id"], east_event["event"]["user"]) == ("T0EAST", None, CAT.id)
    assert east_event["authorizations"][0]["team_id"] == "T0EAST"


def test_a_response_url_answers_in_the_workspace_it_came_from(slack: SlackEmulator, recorder: Recorder) -> None:
    south = slack.add_workspace("T0SOUTH", bot_token="xoxb-south")
    south.add_user(BEN)

    south.slash_command(BEN.id, "/mentor", "help")
    response_url = recorder.bodies[-1]["response_url"]
    with urlopen(Request(response_url, data=json.dumps({"text": "only for Ben"}).encode(),
                         headers={"Content-Type": "application/json"})) as answer:
        assert answer.status == 200

    assert [e["text"] for e in south.ephemerals_to(BEN.id)] == ["only for Ben"]
    assert slack.responses() == [] and len(south.responses()) == 1


def test_an_org_wide_install_serves_every_workspace_of_the_organisation_and_no_other(slack: SlackEmulator) -> None:
    slack.enable_oauth(OAuthApp("1.2", "shh", (REDIRECT,), org_deploy=True))
    slack.in_enterprise(ORG)
    south = slack.add_workspace("T0SOUTH", bot_token="xoxb-unused", enterprise_id=ORG)
    east = slack.add_workspace("T0EAST", bot_token="xoxb-unused-too")
    south.add_user(BEN)
    east.add_user(CAT)
    link = f"{slack.authorize_url}?client_id=1.2&scope=chat:write,im:write,users:read&state=s&redirect_uri={REDIRECT}"
    code = slack.authorize_with(ANA.id, link, org_wide=True).split("code=")[1].split("&")[0]

    installed = WebClient(base_url=slack.api_url).oauth_v2_access(client_id="1.2", client_secret="shh", code=code,
                                                                 redirect_uri=REDIRECT)

    assert installed["is_enterprise_install"] is True and installed["enterprise"]["id"] == ORG
    org_client = WebClient(token=installed["access_token"], base_url=slack.api_url)
    assert org_client.chat_postMessage(channel=ANA.id, text="north")["ok"] is True
    assert org_client.chat_postMessage(channel=BEN.id, text="south")["ok"] is True
    assert [m["text"] for m in slack.messages_to(ANA.id)] == ["north"]
    assert [m["text"] for m in south.messages_to(BEN.id)] == ["south"]
    with pytest.raises(SlackApiError) as outside:
        org_client.chat_postMessage(channel=CAT.id, text="east is another organisation")
    assert outside.value.response["error"] == "channel_not_found"
    assert east.messages_to(CAT.id) == []
    with pytest.raises(SlackApiError) as static:
        WebClient(token="xoxb-unused", base_url=slack.api_url).auth_test()  # a distributable app: installs only
    assert static.value.response["error"] == "invalid_auth"
