"""Real `mentorbot` processes: graceful SIGTERM (and, with the scheduler, takeover after SIGKILL)."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import BOT_TOKEN, COORDINATOR, SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_mentorbot(args: list[str], database_url: str, api_url: str) -> subprocess.Popen:
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": api_url, "DATABASE_URL": database_url, "MENTORBOT_COORDINATORS": COORDINATOR}
    return subprocess.Popen([sys.executable, "-m", "bot.cli_main", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"process exited early: {process.stdout.read()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("server did not start listening")


@pytest.mark.slow
def test_serve_finishes_in_flight_work_on_sigterm(emulator, database_url: str) -> None:
    port = free_port()
    server = start_mentorbot(["serve", "--host", "127.0.0.1", "--port", str(port)], database_url, emulator.api_url)
    try:
        wait_for_port(port, server)
        emulator.app_url = f"http://127.0.0.1:{port}/slack/events"
        answer = emulator.slash_command("URES0001", "/mentor", "join")
        server.send_signal(signal.SIGTERM)
        assert answer.status == 200
        assert server.wait(15) == 0
        assert emulator.calls("views.open")  # the work after the ack was finished, not dropped
        assert "stopped cleanly" in server.stdout.read()
    finally:
        if server.poll() is None:
            server.kill()
