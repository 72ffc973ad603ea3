"""The scheduler and the outbox serve every installation: each scheduled step runs once per tenant inside that
tenant's scope; each tenant's messages go out with its own installation's token, paced by a pacer of its own; an
uninstalled tenant's messages are held (never sent, never retried), with a log line, while the others go on."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot import jobs
from bot.clock import ManualClock
from bot.emulator import EmulatedUser, SlackEmulator
from bot.outbox_worker import send_queued
from bot.pacing import MethodLimit
from bot.slack_access import access_lost
from handlers.blocks.help import build_notice
from storage.engine import transaction
from storage.queries.outbox import enqueue_message
from storage.tables import OutboxMessage, OutboxStatus
from storage.tenancy import DEFAULT_TENANT_ID, current_tenant, tenant_scope
from tests.conftest import COORDINATOR
from tests.oauth_harness import OAuthHarness, oauth_harness
from tests.test_tenancy_http import SOUTH_COORDINATOR, install_south, south_tenant

SOUTH_MEMBER = EmulatedUser(id="USOUTH02", name="sam", real_name="Sam South", email="sam@south.example.org")


@pytest.fixture
def app(database_url: str, clock: ManualClock) -> Iterator[OAuthHarness]:
    yield from oauth_harness(database_url, clock)


@pytest.fixture
def south(app: OAuthHarness) -> SlackEmulator:
    app.slack.install(COORDINATOR, app.install_url)
    workspace = install_south(app)
    workspace.add_user(SOUTH_MEMBER)
    return workspace


def queue_notice(app: OAuthHarness, tenant: int, user_id: str, text: str) -> None:
    """A bulk message due now, in the tenant's outbox: the scheduler's paced sender delivers it."""
    now = app.clock.now()
    with tenant_scope(tenant), transaction(app.server.deps.sessions) as session:
        enqueue_message(session=session, key=f"nudge:{secrets.token_hex(7)}", purpose="nudge", recipient=user_id,
                        payload=build_notice(text), not_before=now, now=now)


def texts_to(slack: SlackEmulator, user_id: str) -> list[str]:
    return [message.get("text", "") for message in slack.messages_to(user_id)]


def statuses(app: OAuthHarness, tenant: int) -> list[str]:
    with tenant_scope(tenant), app.server.deps.sessions() as session:
        return [row.status for row in session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "nudge"))]


def test_each_scheduled_step_runs_once_for_every_tenant_in_its_scope(
        app: OAuthHarness, south: SlackEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, int]] = []

    def recorder(name: str):  # type: ignore[no-untyped-def]
        return lambda deps, now: seen.append((name, current_tenant()))

    monkeypatch.setattr(jobs, "steps", lambda: [("one", recorder("one")), ("two", recorder("two")),
                                                ("outbox.deliver", recorder("outbox.deliver"))])
    jobs.run_due(app.server.deps, app.clock.now())

    south_id = south_tenant(app)
    assert sorted(seen[:4]) == sorted([("one", DEFAULT_TENANT_ID), ("two", DEFAULT_TENANT_ID), ("one", south_id),
                                       ("two", south_id)])
    assert seen[4:] == [("outbox.deliver", DEFAULT_TENANT_ID)]  # once: it serves every tenant itself


def test_a_step_failing_for_one_tenant_still_runs_for_the_others(
        app: OAuthHarness, south: SlackEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    south_id, ran = south_tenant(app), []

    def fragile(deps, now):  # type: ignore[no-untyped-def]
        if current_tenant() == DEFAULT_TENANT_ID:
            raise RuntimeError("north's data is odd")
        ran.append(current_tenant())

    monkeypatch.setattr(jobs, "steps", lambda: [("fragile", fragile)])
    assert jobs.run_due(app.server.deps, app.clock.now()) == ["fragile"]
    assert ran == [south_id]


def test_each_tenants_messages_go_out_with_its_own_token_to_its_own_people(
        app: OAuthHarness, south: SlackEmulator) -> None:
    queue_notice(app, DEFAULT_TENANT_ID, COORDINATOR, "north's notice")
    queue_notice(app, south_tenant(app), SOUTH_MEMBER.id, "south's notice")

    jobs.run_due(app.server.deps, app.clock.now())

    assert "north's notice" in texts_to(app.slack, COORDINATOR)
    assert "south's notice" in texts_to(south, SOUTH_MEMBER.id)
    # each workspace answers only calls made with its own installation's token (bot/emulator/workspaces.py)
    assert all(call.response.get("ok") for call in south.calls("chat.postMessage"))
    assert all("south" not in str(call.params) for call in app.slack.calls("chat.postMessage"))
    assert statuses(app, south_tenant(app)) == [OutboxStatus.SENT]


def test_each_workspace_is_paced_on_its_own_budget(app: OAuthHarness, south: SlackEmulator) -> None:
    """Slack's limits are per workspace and method: north spending its minute's posts leaves south's intact."""
    deps = app.server.deps
    deps.pacer.limits["chat.postMessage"] = MethodLimit(2, 60)  # before south's pacer is made from it
    for n in range(2):
        queue_notice(app, DEFAULT_TENANT_ID, COORDINATOR, f"north {n}")
        queue_notice(app, south_tenant(app), SOUTH_MEMBER.id, f"south {n}")

    send_queued(deps)

    assert {"north 0", "north 1"} <= set(texts_to(app.slack, COORDINATOR))
    assert {"south 0", "south 1"} <= set(texts_to(south, SOUTH_MEMBER.id))
    assert deps.sender_memory.pacers[south_tenant(app)] is not deps.pacer


def test_an_uninstalled_workspaces_messages_are_held_with_a_log_line_while_the_others_go(
        app: OAuthHarness, south: SlackEmulator, caplog: pytest.LogCaptureFixture) -> None:
    assert south.revoke_tokens(uninstall=True).status == 200
    south.reset_calls()
    queue_notice(app, south_tenant(app), SOUTH_MEMBER.id, "south, after the uninstall")
    queue_notice(app, DEFAULT_TENANT_ID, COORDINATOR, "north goes on")

    with caplog.at_level(logging.WARNING, logger="bot.outbox_tenants"):
        jobs.run_due(app.server.deps, app.clock.now())
        jobs.run_due(app.server.deps, app.clock.now())

    assert "north goes on" in texts_to(app.slack, COORDINATOR)
    assert south.calls() == []  # not tried at all, so never retried
    assert statuses(app, south_tenant(app)) == [OutboxStatus.PENDING]
    held = [r.getMessage() for r in caplog.records if "holding" in r.getMessage()]
    assert len(held) == 1 and "T0SOUTH" in held[0] and "1 waiting" in held[0]

    with tenant_scope(DEFAULT_TENANT_ID), app.server.deps.sessions() as session:
        north_access = access_lost(session=session)
    south.install(SOUTH_COORDINATOR.id, app.install_url)  # installed again: what waited goes out
    with tenant_scope(south_tenant(app)), app.server.deps.sessions() as session:
        assert access_lost(session=session) is None  # the reinstall restored South's own access record
    with tenant_scope(DEFAULT_TENANT_ID), app.server.deps.sessions() as session:
        assert access_lost(session=session) == north_access  # and left North's alone
    jobs.run_due(app.server.deps, app.clock.now())
    assert "south, after the uninstall" in texts_to(south, SOUTH_MEMBER.id)


def test_a_single_workspace_program_runs_as_tenant_one_alone(harness, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    monkeypatch.setattr(jobs, "steps", lambda: [("one", lambda deps, now: seen.append(current_tenant()))])
    jobs.run_due(harness.deps, harness.clock.now())
    assert seen == [DEFAULT_TENANT_ID]




def test_the_command_line_acts_on_the_workspace_it_is_told_and_refuses_to_guess(
        app: OAuthHarness, south: SlackEmulator, database_url: str) -> None:
    from typer.testing import CliRunner

    from bot.cli import cli
    from bot.resources import add, checked_draft

    for tenant, title in ((DEFAULT_TENANT_ID, "North guide"), (south_tenant(app), "South guide")):
        with tenant_scope(tenant):
            add(sessions=app.server.deps.sessions, actor=COORDINATOR, now=app.clock.now(),
                draft=checked_draft(title=title, url="https://med.example.org/g", kinds=["career"], stages=[]))

    def run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(cli, list(args), env={"DATABASE_URL": database_url}, catch_exceptions=False)

    unsure = run("resources", "list")
    assert unsure.exit_code == 2 and "--workspace" in unsure.output
    assert "T0MENTOR" in unsure.output and "T0SOUTH" in unsure.output
    southern = run("--workspace", "T0SOUTH", "resources", "list")
    assert southern.exit_code == 0 and "South guide" in southern.output and "North guide" not in southern.output
    assert "North guide" in run("--workspace", "T0MENTOR", "resources", "list").output
    assert run("--workspace", "T0NOWHERE", "resources", "list").exit_code == 2
    assert "--workspace" in run("outbox", "failures").output  # a group's one-program command asks too
    assert current_tenant() == DEFAULT_TENANT_ID  # the command's tenant ended with it


def test_each_tenants_rotating_token_is_refreshed_before_its_messages_go(database_url: str,
                                                                         clock: ManualClock) -> None:
    from datetime import timedelta

    from bot.emulator.oauth import ACCESS_TOKEN_LIFETIME_SECONDS
    from storage.tables import SlackInstallation

    for app in oauth_harness(database_url, clock, token_rotation=True):
        app.slack.install(COORDINATOR, app.install_url)
        south = install_south(app)
        south.add_user(SOUTH_MEMBER)
        before = {row.team_id: app.token(row) for row in app.installations()}
        app.time.offset += ACCESS_TOKEN_LIFETIME_SECONDS + 60  # twelve hours pass for Slack and for the app
        with transaction(app.server.deps.sessions) as session:
            for row in session.exec(select(SlackInstallation)):
                assert row.bot_token_expires_at is not None
                row.bot_token_expires_at -= timedelta(seconds=ACCESS_TOKEN_LIFETIME_SECONDS + 60)
        queue_notice(app, south_tenant(app), SOUTH_MEMBER.id, "south, on a refreshed token")

        jobs.run_due(app.server.deps, app.clock.now())

        assert "south, on a refreshed token" in texts_to(south, SOUTH_MEMBER.id)
        after = {row.team_id: app.token(row) for row in app.installations()}
        assert after["T0SOUTH"] != before["T0SOUTH"]
        assert [c for c in south.calls("oauth.v2.access") if c.params.get("grant_type") == "refresh_token"]


def test_a_workspace_whose_token_cannot_be_read_waits_while_the_others_are_served(
        app: OAuthHarness, south: SlackEmulator, caplog: pytest.LogCaptureFixture) -> None:
    """North (tenant 1, served first) has a token no key can read, as after a key dropped before re-encrypting:
    South's messages still go, and the log says which program waits."""
    from storage.tables import SlackInstallation

    with tenant_scope(DEFAULT_TENANT_ID), transaction(app.server.deps.sessions) as session:
        for row in session.exec(select(SlackInstallation)).all():
            if row.team_id != "T0SOUTH":
                row.bot_token_encrypted = "gAAAAA-not-a-token-any-key-can-read"
                session.add(row)
    queue_notice(app, DEFAULT_TENANT_ID, COORDINATOR, "north waits")
    queue_notice(app, south_tenant(app), SOUTH_MEMBER.id, "south goes")

    with caplog.at_level(logging.ERROR, logger="bot"):
        send_queued(app.server.deps)

    assert "south goes" in texts_to(south, SOUTH_MEMBER.id)
    assert "north waits" not in texts_to(app.slack, COORDINATOR)
    assert any("cannot send for" in r.getMessage() or "sending for" in r.getMessage() for r in caplog.records)
