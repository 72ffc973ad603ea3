"""A payload Slack refuses is loud: logged at ERROR with Slack's rule, listed, and shown by /healthz."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.request import urlopen

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import cli
from bot.outbox_worker import deliver_outbox
from storage.engine import transaction
from storage.queries.outbox import enqueue_message
from storage.tables import OutboxMessage
from tests.conftest import BOT_TOKEN, SIGNING_SECRET, Harness

SAME_ID_TWICE = [{"type": "actions", "block_id": "b", "elements": [
    {"type": "button", "action_id": "dup", "text": {"type": "plain_text", "text": "Yes"}, "value": "1"},
    {"type": "button", "action_id": "dup", "text": {"type": "plain_text", "text": "No"}, "value": "2"}]}]


def health(harness: Harness) -> dict:
    with urlopen(f"{harness.server.url}/healthz") as response:
        return json.loads(response.read())


def test_a_refused_message_is_logged_listed_and_flagged_never_a_recipients_failure(
    harness: Harness, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    now = harness.clock.now()
    with transaction(harness.deps.sessions) as session:
        for key, payload in (("bad:1", {"text": "t", "blocks": SAME_ID_TWICE}), ("good:1", {"text": "Hello"})):
            enqueue_message(session=session, key=key, purpose="nudge", recipient="URES0001", payload=payload,
                            not_before=now, now=now)
    assert health(harness)["slack_refused_messages"] == 0
    with caplog.at_level(logging.ERROR, logger="bot.outbox"):
        deliver_outbox(harness.deps, now)

    assert [r["error"] for r in harness.slack.take_refusals()] == ["invalid_blocks"]
    with harness.deps.sessions() as session:
        status = {m.key: (m.status, m.last_error) for m in session.exec(select(OutboxMessage))}
    assert status["good:1"] == ("sent", None)
    refused_status, reason = status["bad:1"]
    assert refused_status == "refused" and reason.startswith("invalid_blocks; [ERROR] action_id 'dup' already exists")
    [logged] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "bad:1" in logged.getMessage() and "action_id 'dup' already exists" in logged.getMessage()

    detail = health(harness)
    assert detail["ok"] is True and detail["slack_refused_messages"] == 1 and "outbox failures" in detail["attention"]

    monkeypatch.chdir(tmp_path)
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": harness.slack.api_url, "DATABASE_URL": harness.settings.database_url}
    listed = CliRunner().invoke(cli, ["outbox", "failures"], env=env, catch_exceptions=False).output
    assert "Refused by Slack as malformed" in listed and "bad:1 to URES0001" in listed
    assert "Not delivered" not in listed and "good:1" not in listed
