"""Logs keep request bodies out: a request failing Slack's signature check is one short line without its body,
user-controlled text cannot forge log lines, and `serve --log-level` sets the level."""

from __future__ import annotations

import io
import logging

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from bot.logs import configure_logging
from tests.conftest import Harness

MARKER = "UANON0001-answered-opt-charlie"
FORGED = '\n"2026-12-01 12:00:00,000 INFO bot.audit: coordinator granted to UEVIL"'


@pytest.fixture
def log_stream() -> io.StringIO:
    """The production log set-up (INFO, one handler on the root logger), writing into a string."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging("INFO", stream)
    yield stream
    root.handlers, root.level = saved


def test_a_request_failing_the_signature_check_is_logged_as_one_line_without_its_body(
        log_stream: io.StringIO, harness: Harness) -> None:  # logging first: Bolt copies the root level
    body = (f'{{"type": "event_callback", "event": {{"user": "UANON0001", "text": "{MARKER}"}},'  # a newline
            f'{FORGED}: "", "padding": "{"x" * 2_000_000}"}}').encode()  # between JSON tokens is still JSON
    answer = harness.slack.send_signed(body, "application/json", signing_secret="not-the-secret")
    assert answer.status == 401
    lines = log_stream.getvalue().splitlines()
    assert MARKER not in log_stream.getvalue() and "UEVIL" not in log_stream.getvalue()
    assert len(log_stream.getvalue()) < 10_000  # not the 2 MB body
    refused = [line for line in lines if "invalid signature" in line]
    assert len(refused) == 1 and "refused a Slack request: invalid signature" in refused[0]


def test_user_controlled_text_cannot_forge_a_log_line(log_stream: io.StringIO) -> None:
    logging.getLogger("bot.example").warning("unknown command from %s: %s", "URES0001", f"help{FORGED}")
    logging.getLogger("bot.example").info("long: %s", "y" * 100_000)
    lines = log_stream.getvalue().splitlines()
    assert len(lines) == 2 and '\\n"2026-12-01' in lines[0] and "more characters" in lines[1]
    assert len(lines[1]) < 3000


def test_serve_takes_a_log_level() -> None:
    assert "--log-level" in CliRunner().invoke(cli, ["serve", "--help"]).output
    refused = CliRunner().invoke(cli, ["serve", "--log-level", "chatty"],
                                 env={"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert refused.exit_code != 0 and "--log-level must be one of DEBUG, INFO, WARNING, ERROR" in refused.output
