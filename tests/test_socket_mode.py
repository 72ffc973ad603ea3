"""Socket Mode end to end: the app dials the emulator's WebSocket, requests arrive as envelopes and are acked,
health is served locally, no signing secret is needed, and SIGTERM stops the process gracefully."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from bot.emulator import SlackEmulator
from bot.server import prepare
from bot.settings import Settings, load_settings
from bot.socket_server import SocketModeServer
from tests.conftest import BOT_TOKEN, COORDINATOR, SIGNING_SECRET, WORKSPACE
from tests.test_processes import ROOT, free_port, wait_for_port

APP_TOKEN = "xapp-1-A0MENTORBOT-test"
RESIDENT = "URES0001"


@pytest.fixture
def socket_slack() -> Iterator[SlackEmulator]:
    with SlackEmulator(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, app_token=APP_TOKEN).start() as slack:
        for user in WORKSPACE:
            slack.add_user(user)
        yield slack
        assert slack.refusals() == []


def health(url: str) -> tuple[int, dict]:
    try:
        with urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_app_works_over_socket_mode_without_a_signing_secret(socket_slack: SlackEmulator, database_url: str) -> None:
    settings = load_settings(Settings, slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, database_url=database_url,
                             slack_api_url=socket_slack.api_url, coordinators=COORDINATOR)
    assert settings.slack_signing_secret is None
    server = SocketModeServer(settings, prepare(settings), health_port=0).start_in_background()
    try:
        socket_slack.wait_for_socket_connection()
        socket_slack.wait_for(lambda: server.is_connected())
        assert health(server.health_url) == (200, {"ok": True, "database": "up", "socket_mode": "connected",
                                                   "slack_refused_messages": 0})
        help_answer = socket_slack.slash_command(RESIDENT, "/mentor", "help")  # answered in the envelope's ack
        assert "/mentor join" in json.dumps(help_answer.json)
        assert "/mentor join" in json.dumps(socket_slack.ephemerals_to(RESIDENT))
        socket_slack.slash_command(RESIDENT, "/mentor", "join")
        socket_slack.wait_for(lambda: socket_slack.open_modal(RESIDENT))
        submitted = socket_slack.submit_view(RESIDENT, {
            "roles": ["mentee"], "program": "Internal Medicine", "stage": "PGY-1", "kinds_wanted": ["career"],
            "meeting_mode": "virtual", "cadence": "30", "capacity": "0"})
        assert submitted.status == 200 and socket_slack.open_modal(RESIDENT) is None
        socket_slack.wait_for(lambda: socket_slack.home_view(RESIDENT))
        assert socket_slack.open_home(RESIDENT).status == 200  # events arrive over the socket too
    finally:
        server.stop()
    assert not server.is_connected()


@pytest.mark.slow
def test_mentorbot_socket_serves_health_and_stops_cleanly_on_sigterm(
    socket_slack: SlackEmulator, database_url: str
) -> None:
    port = free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": socket_slack.api_url,
           "DATABASE_URL": database_url, "MENTORBOT_COORDINATORS": COORDINATOR}
    env.pop("SLACK_SIGNING_SECRET", None)
    process = subprocess.Popen([sys.executable, "-m", "bot.cli_main", "socket", "--health-port", str(port)], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(port, process)
        socket_slack.wait_for_socket_connection(timeout=30)
        # the app counts itself connected once it has read Slack's hello, a moment after the emulator does
        socket_slack.wait_for(lambda: health(f"http://127.0.0.1:{port}/healthz")[1]["socket_mode"] == "connected")
        answer = socket_slack.slash_command(RESIDENT, "/mentor", "join")
        process.send_signal(signal.SIGTERM)
        assert answer.status == 200
        assert process.wait(15) == 0
        assert socket_slack.calls("views.open")  # the work after the ack was finished, not dropped
        assert "stopped cleanly" in process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
