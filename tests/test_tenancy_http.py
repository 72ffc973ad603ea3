"""A signed request runs in the tenant of its verified workspace: two workspaces' installations on one mentorbot,
each coordinator seeing only their own program (tests/test_cross_tenant_http.py tries every surface)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.clock import ManualClock
from bot.emulator import EmulatedUser, SlackEmulator
from bot.people import bootstrap_coordinators
from storage.engine import transaction
from storage.queries.tenants import find_tenant
from storage.tenancy import tenant_scope
from tests.conftest import COORDINATOR
from tests.oauth_harness import OAuthHarness, oauth_harness

SOUTH_COORDINATOR = EmulatedUser(id="USOUTHCO", name="sol", real_name="Sol South", email="sol@south.example.org")
NOW = datetime(2026, 9, 1, 15, tzinfo=UTC)


@pytest.fixture
def app(database_url: str, clock: ManualClock) -> Iterator[OAuthHarness]:
    yield from oauth_harness(database_url, clock)


def install_south(app: OAuthHarness) -> SlackEmulator:
    """A second workspace installs the same mentorbot through the install flow; its coordinator is granted in its
    own tenant (as `mentorbot coordinators add --workspace T0SOUTH` does)."""
    south = app.slack.add_workspace("T0SOUTH", bot_token="xoxb-not-issued", team_name="South Hospital")
    south.add_user(SOUTH_COORDINATOR)
    page = south.install(SOUTH_COORDINATOR.id, app.install_url)
    assert page.status == 200, page.body
    with tenant_scope(south_tenant(app)), transaction(app.server.deps.sessions) as session:
        bootstrap_coordinators(session=session, slack_user_ids=[SOUTH_COORDINATOR.id], now=NOW)
    return south


def south_tenant(app: OAuthHarness) -> int:
    with app.server.deps.sessions() as session:
        tenant = find_tenant(session=session, enterprise_id=None, team_id="T0SOUTH")
    assert tenant is not None and tenant.id is not None
    return tenant.id


def test_each_workspace_sees_only_its_own_program(app: OAuthHarness) -> None:
    app.slack.install(COORDINATOR, app.install_url)
    south = install_south(app)

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
