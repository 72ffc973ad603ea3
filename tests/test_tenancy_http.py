"""A signed request runs in the tenant of its verified workspace: two workspaces' installations on one mentorbot,
each coordinator seeing only their own program. The second installation is stored by hand here, because installs
from a second workspace are still refused until the scheduler and outbox serve every tenant (README, Tenancy)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient

from bot.clock import ManualClock
from bot.emulator import EmulatedUser, SlackEmulator
from bot.people import bootstrap_coordinators
from bot.tenants import tenant_for_install
from storage.engine import transaction
from storage.tables import SlackInstallation
from storage.tenancy import tenant_scope
from tests.conftest import COORDINATOR
from tests.oauth_harness import CLIENT_ID, CLIENT_SECRET, OAuthHarness, oauth_harness

SOUTH_COORDINATOR = EmulatedUser(id="USOUTHCO", name="sol", real_name="Sol South", email="sol@south.example.org")
NOW = datetime(2026, 9, 1, 15, tzinfo=UTC)


@pytest.fixture
def app(database_url: str, clock: ManualClock) -> Iterator[OAuthHarness]:
    yield from oauth_harness(database_url, clock)


def install_south_by_hand(app: OAuthHarness) -> SlackEmulator:
    south = app.slack.add_workspace("T0SOUTH", bot_token="xoxb-not-issued", team_name="South Hospital")
    south.add_user(SOUTH_COORDINATOR)
    redirect = app.settings.slack_redirect_uri
    link = f"{app.slack.authorize_url}?client_id={CLIENT_ID}&scope=commands,chat:write&state=s&redirect_uri={redirect}"
    code = south.authorize_with(SOUTH_COORDINATOR.id, link).split("code=")[1].split("&")[0]
    token = WebClient(base_url=app.slack.api_url).oauth_v2_access(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code, redirect_uri=redirect)["access_token"]
    cipher = app.settings.token_cipher()
    assert cipher is not None
    with transaction(app.server.deps.sessions) as session:
        tenant = tenant_for_install(session=session, enterprise_id=None, team_id="T0SOUTH", org_wide=False, now=NOW)
        session.add(SlackInstallation(client_id=CLIENT_ID, team_id="T0SOUTH", bot_token_encrypted=cipher.encrypt(token),
                                      bot_scopes="commands,chat:write", installed_at=NOW))
    with tenant_scope(tenant), transaction(app.server.deps.sessions) as session:
        bootstrap_coordinators(session=session, slack_user_ids=[SOUTH_COORDINATOR.id], now=NOW)
    return south


def test_each_workspace_sees_only_its_own_program(app: OAuthHarness) -> None:
    app.slack.install(COORDINATOR, app.install_url)
    south = install_south_by_hand(app)

    north_answer = app.slack.slash_command(COORDINATOR, "/mentor", "coordinator")
    south_answer = south.slash_command(SOUTH_COORDINATOR.id, "/mentor", "coordinator")

    assert north_answer.status == 200 and COORDINATOR in north_answer.body
    assert SOUTH_COORDINATOR.id not in north_answer.body
    assert south_answer.status == 200 and SOUTH_COORDINATOR.id in south_answer.body
    assert COORDINATOR not in south_answer.body
    assert south.refusals() == []


def test_a_workspace_without_an_installation_gets_nothing(app: OAuthHarness) -> None:
    app.slack.install(COORDINATOR, app.install_url)
    east = app.slack.add_workspace("T0EAST", bot_token="xoxb-not-issued")
    east.add_user(SOUTH_COORDINATOR)

    answer = east.slash_command(SOUTH_COORDINATOR.id, "/mentor", "coordinator")

    assert COORDINATOR not in answer.body
