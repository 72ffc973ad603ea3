"""Token rotation: installs get a 12-hour token and a one-use refresh token; an expired token is refreshed before
a call (Bolt's token rotator for requests, the same rotator for the outbox and jobs), and Slack refuses the old one."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import select

from bot.clock import ManualClock
from bot.emulator.oauth import ACCESS_TOKEN_LIFETIME_SECONDS
from bot.logs import configure_logging
from storage.engine import transaction
from storage.tables import SlackInstallation
from tests.conftest import COORDINATOR
from tests.oauth_harness import CLIENT_ID, CLIENT_SECRET, OAuthHarness, oauth_harness


@pytest.fixture
def app(database_url: str, clock: ManualClock) -> Iterator[OAuthHarness]:
    yield from oauth_harness(database_url, clock, token_rotation=True)


def let_the_token_expire(app: OAuthHarness) -> str:
    """Twelve hours pass for Slack and for the app (Bolt compares the stored expiry with the real clock)."""
    app.time.offset += ACCESS_TOKEN_LIFETIME_SECONDS + 60
    with transaction(app.server.deps.sessions) as session:
        row = session.exec(select(SlackInstallation)).one()
        assert row.bot_token_expires_at is not None
        row.bot_token_expires_at -= timedelta(seconds=ACCESS_TOKEN_LIFETIME_SECONDS + 60)
        return app.token(row)


def refreshes(app: OAuthHarness) -> list:
    return [call for call in app.slack.calls("oauth.v2.access") if call.params.get("grant_type") == "refresh_token"]


def test_an_install_gets_an_expiring_token_and_a_refresh_token(app: OAuthHarness) -> None:
    app.slack.install(COORDINATOR, app.install_url)

    [installation] = app.installations()
    assert app.token(installation).startswith("xoxe.xoxb-") and app.refresh_token(installation)
    assert installation.bot_token_expires_at is not None


def test_an_expired_token_is_refreshed_before_a_request_calls_slack(app: OAuthHarness) -> None:
    app.slack.install(COORDINATOR, app.install_url)
    old_token = let_the_token_expire(app)
    with pytest.raises(SlackApiError) as expired:
        WebClient(token=old_token, base_url=app.slack.api_url).auth_test()
    assert expired.value.response["error"] == "token_expired"

    app.slack.open_home(COORDINATOR)

    published = app.slack.wait_for(lambda: app.slack.calls("views.publish"))
    assert published[-1].response["ok"] is True
    assert len(refreshes(app)) == 1
    [installation] = app.installations()
    assert app.token(installation) != old_token
    assert installation.bot_token_expires_at is not None and installation.bot_token_expires_at > app.clock.now()


def test_the_outbox_client_refreshes_an_expired_token_before_its_call(app: OAuthHarness) -> None:
    app.slack.install(COORDINATOR, app.install_url)
    [before] = app.installations()
    let_the_token_expire(app)

    answer = app.server.deps.slack.auth_test()

    assert answer["ok"] is True and len(refreshes(app)) == 1
    [after] = app.installations()
    assert app.token(after) != app.token(before) and app.refresh_token(after) != app.refresh_token(before)
    assert app.server.deps.slack.auth_test()["ok"] is True and len(refreshes(app)) == 1  # fresh: no second refresh


def test_a_refresh_token_is_spent_once(app: OAuthHarness) -> None:
    app.slack.install(COORDINATOR, app.install_url)
    [installation] = app.installations()
    client = WebClient(base_url=app.slack.api_url)
    client.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, grant_type="refresh_token",
                           refresh_token=app.refresh_token(installation))

    with pytest.raises(SlackApiError) as again:
        client.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, grant_type="refresh_token",
                               refresh_token=app.refresh_token(installation))
    assert again.value.response["error"] == "invalid_refresh_token"


def test_an_unknown_token_is_invalid_auth(app: OAuthHarness) -> None:
    with pytest.raises(SlackApiError) as unknown:
        WebClient(token="xoxe.xoxb-1-made-up", base_url=app.slack.api_url).auth_test()
    assert unknown.value.response["error"] == "invalid_auth"


def test_no_secret_reaches_the_log_even_at_debug(database_url: str, clock: ManualClock) -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = configure_logging("DEBUG", stream)
    try:
        for app in oauth_harness(database_url, clock, token_rotation=True):
            app.slack.install(COORDINATOR, app.install_url)
            let_the_token_expire(app)
            app.slack.open_home(COORDINATOR)
            app.slack.wait_for(lambda: app.slack.calls("views.publish"))
            [installation] = app.installations()
            secrets = {CLIENT_SECRET, app.refresh_token(installation), *app.slack.issued_tokens()}
            codes = [call.params["code"] for call in app.slack.calls("oauth.v2.access") if "code" in call.params]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)

    log = stream.getvalue()
    assert "oauth.v2.access" in log  # slack-sdk did log its calls at DEBUG
    leaked = [secret for secret in [*secrets, *codes] if secret and secret in log]
    assert leaked == [], [line for line in log.splitlines() if any(s in line for s in leaked)]


def test_two_processes_refreshing_at_once_end_with_one_working_token(app: OAuthHarness, database_url: str) -> None:
    """Where rows cannot be locked (SQLite), the loser of a refresh race spends a used refresh token, Slack refuses
    it, and the loser takes the winner's token; on PostgreSQL the row lock makes the loser wait instead."""
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's row lock makes the second refresher wait: no race to lose")
    from bot.installations import Refresher, tenant_bot_token
    from slack_sdk.oauth.token_rotation import TokenRotator

    app.slack.install(COORDINATOR, app.install_url)
    let_the_token_expire(app)
    sessions = app.server.deps.sessions
    cipher = app._cipher()
    real = TokenRotator(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, client=WebClient(base_url=app.slack.api_url))
    winner = tenant_bot_token(refresher=Refresher(sessions, real, 120, cipher), client_id=CLIENT_ID)

    class OvertakenRotator(TokenRotator):
        def perform_bot_token_rotation(self, **kwargs):  # type: ignore[no-untyped-def, override]
            winner()  # another process refreshes between this one's read and its refresh
            return real.perform_bot_token_rotation(**kwargs)

    loser = tenant_bot_token(refresher=Refresher(sessions, OvertakenRotator(client_id=CLIENT_ID,
                                                                            client_secret=CLIENT_SECRET), 120, cipher),
                              client_id=CLIENT_ID)

    token = loser()

    assert [call.response.get("error") for call in refreshes(app)] == [None, "invalid_refresh_token"]
    [installation] = app.installations()
    assert token == app.token(installation)
    assert WebClient(token=token, base_url=app.slack.api_url).auth_test()["ok"] is True
