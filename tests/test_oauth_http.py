"""OAuth installs through the emulator: /slack/install, Slack's authorize step, /slack/oauth_redirect and the
code exchange; a workspace install and an org-wide install on Enterprise Grid; what Slack and the app refuse."""

from __future__ import annotations

from collections.abc import Iterator
from http.cookies import SimpleCookie

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import ManualClock
from bot.emulator import EmulatedUser
from bot.emulator.browser import Browser
from bot.emulator.oauth import ENTERPRISE_ID, AuthorizeRefused
from tests.conftest import COORDINATOR
from tests.oauth_harness import CLIENT_ID, CLIENT_SECRET, OAuthHarness, oauth_harness


@pytest.fixture
def app(database_url: str, clock: ManualClock) -> Iterator[OAuthHarness]:
    yield from oauth_harness(database_url, clock)


def test_a_workspace_install_stores_its_bot_token_and_requests_use_it(app: OAuthHarness) -> None:
    before = _health(app)
    assert before["slack_installations"] == 0 and "/slack/install" in before["attention"]

    page = app.slack.install(COORDINATOR, app.install_url)

    assert page.status == 200, page.body
    [installation] = app.installations()
    [token] = app.slack.issued_tokens()
    assert (installation.team_id, installation.enterprise_id, installation.is_enterprise_install) == \
        ("T0MENTOR", None, False)
    assert app.token(installation) == token and app.refresh_token(installation) is None
    app.slack.open_home(COORDINATOR)
    published = app.slack.wait_for(lambda: app.slack.calls("views.publish"))
    assert published[-1].response["ok"] is True
    assert app.server.deps.slack.auth_test()["team_id"] == "T0MENTOR"  # the outbox's client: the same installation
    assert _health(app)["slack_installations"] == 1 and "attention" not in _health(app)


def test_an_org_wide_install_serves_the_workspaces_of_the_organisation(app: OAuthHarness) -> None:
    app.slack.in_enterprise()

    page = app.slack.install(COORDINATOR, app.install_url, org_wide=True)

    assert page.status == 200, page.body
    [installation] = app.installations()
    assert (installation.enterprise_id, installation.team_id, installation.is_enterprise_install) == \
        (ENTERPRISE_ID, None, True)
    result = app.slack.slash_command(COORDINATOR, "/mentor", "help")
    assert result.status == 200 and "/mentor" in result.body
    app.slack.open_home(COORDINATOR)
    assert app.slack.wait_for(lambda: app.slack.calls("views.publish"))[-1].response["ok"] is True


def test_slack_refuses_an_org_wide_install_unless_the_app_allows_it(database_url: str, clock: ManualClock) -> None:
    for app in oauth_harness(database_url, clock, org_deploy=False):
        app.slack.in_enterprise()
        page = app.slack.install(COORDINATOR, app.install_url, org_wide=True)
        assert page.status == 400 and "org_deploy_not_enabled" in page.body
        assert app.installations() == []


def test_a_code_works_once_and_only_with_the_redirect_uri_it_was_issued_for(app: OAuthHarness) -> None:
    _, redirect = app.slack.authorize_only(COORDINATOR, app.install_url)
    code = redirect.split("code=")[1].split("&")[0]
    client = WebClient(base_url=app.slack.api_url)

    with pytest.raises(SlackApiError) as wrong_uri:
        client.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code,
                               redirect_uri="http://127.0.0.1:1/elsewhere")
    assert wrong_uri.value.response["error"] == "bad_redirect_uri"
    with pytest.raises(SlackApiError) as wrong_secret:
        client.oauth_v2_access(client_id=CLIENT_ID, client_secret="guessed", code=code,
                               redirect_uri=app.settings.slack_redirect_uri)
    assert wrong_secret.value.response["error"] == "bad_client_secret"
    client.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code,
                           redirect_uri=app.settings.slack_redirect_uri)
    with pytest.raises(SlackApiError) as again:
        client.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code,
                               redirect_uri=app.settings.slack_redirect_uri)
    assert again.value.response["error"] == "code_already_used"


def test_slack_refuses_a_redirect_uri_the_app_did_not_register(app: OAuthHarness) -> None:
    link = (f"{app.slack.authorize_url}?client_id={CLIENT_ID}&scope=commands&state=s1"
            "&redirect_uri=https://attacker.example.com/slack/oauth_redirect")

    with pytest.raises(AuthorizeRefused, match="bad_redirect_uri"):
        app.slack.authorize_with(COORDINATOR, link)


@pytest.mark.parametrize(("query", "error"), [
    ("client_id=9999.1&scope=commands&state=s1", "invalid_client_id"),
    (f"client_id={CLIENT_ID}&scope=commands", "missing_state"),
    (f"client_id={CLIENT_ID}&scope=commands,admin&state=s1", "invalid_scope"),
])
def test_slacks_authorize_step_refuses_a_malformed_request(app: OAuthHarness, query: str, error: str) -> None:
    with pytest.raises(AuthorizeRefused, match=error):
        app.slack.authorize_with(COORDINATOR, f"{app.slack.authorize_url}?{query}")


def test_the_app_refuses_a_redirect_without_its_own_state_or_from_another_browser(app: OAuthHarness) -> None:
    browser, redirect = app.slack.authorize_only(COORDINATOR, app.install_url)
    assert Browser().get(redirect).status >= 400  # another browser: no state cookie
    assert app.installations() == []
    assert browser.get(redirect).status == 200  # the installer's own browser, once
    assert browser.get(redirect).status >= 400  # the state was used

    browser, redirect = app.slack.authorize_only(COORDINATOR, app.install_url)
    forged = redirect.split("&state=")[0] + "&state=forged"
    assert browser.get(forged).status >= 400  # the state in the cookie is not this one
    assert len(app.installations()) == 1


def test_a_used_state_is_refused_even_with_its_cookie_and_a_fresh_code(app: OAuthHarness) -> None:
    browser, first = app.slack.authorize_only(COORDINATOR, app.install_url)
    assert browser.get(first).status == 200
    used_state = first.split("&state=")[1]
    _, second = app.slack.authorize_only(COORDINATOR, app.install_url)
    replay = Browser()
    host = second.split("/")[2]
    replay.cookies[host] = SimpleCookie()
    replay.cookies[host].load(f"slack-app-oauth-state={used_state}")

    assert replay.get(second.split("&state=")[0] + f"&state={used_state}").status >= 400
    assert len(app.installations()) == 1


def test_reinstalling_replaces_the_tokens(app: OAuthHarness) -> None:
    app.slack.install(COORDINATOR, app.install_url)
    app.slack.install(COORDINATOR, app.install_url)

    [installation] = app.installations()
    assert app.token(installation) == list(app.slack.issued_tokens())[-1]


@pytest.mark.parametrize("uninstall", [True, False], ids=["app_uninstalled", "tokens_revoked"])
def test_uninstalling_or_revoking_deletes_the_installations_tokens(app: OAuthHarness, uninstall: bool) -> None:
    app.slack.install(COORDINATOR, app.install_url)

    result = app.slack.revoke_tokens(uninstall=uninstall)

    assert result.status == 200
    app.slack.wait_for(lambda: app.installations() == [])
    health = app.slack.wait_for(lambda: _health(app).get("slack_access"))
    assert health == "revoked"
    app.slack.install(COORDINATOR, app.install_url)  # installing again brings mentorbot back
    assert len(app.installations()) == 1 and "slack_access" not in _health(app)


def test_a_second_organisation_installs_beside_the_first_in_a_tenant_of_its_own(app: OAuthHarness) -> None:
    from sqlmodel import select

    from storage.tables import Tenant

    app.slack.install(COORDINATOR, app.install_url)
    other = app.slack.add_workspace("T0OTHER", bot_token="xoxb-not-issued", enterprise_id="E0OTHER")
    other.add_user(EmulatedUser(id="UOTHER01", name="oz", real_name="Oz Other"))

    page = other.install("UOTHER01", app.install_url, org_wide=True)

    assert page.status == 200, page.body
    assert {(row.team_id, row.enterprise_id) for row in app.installations()} == {("T0MENTOR", None), (None, "E0OTHER")}
    with app.server.deps.sessions() as session:
        tenants = {(t.id, t.team_id, t.enterprise_id) for t in session.exec(select(Tenant))}
    assert tenants == {(1, "T0MENTOR", None), (2, None, "E0OTHER")}


def _health(app: OAuthHarness) -> dict:
    import json
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{app.server.url}/healthz", timeout=5) as response:
            return dict(json.loads(response.read()))
    except urllib.error.HTTPError as error:
        return dict(json.loads(error.read()))


def test_an_install_claims_the_programs_tenant_and_an_org_wide_install_keeps_it(app: OAuthHarness) -> None:
    from sqlmodel import select

    from storage.tables import Tenant

    app.slack.in_enterprise()
    app.slack.install(COORDINATOR, app.install_url)
    with app.server.deps.sessions() as session:
        [tenant] = session.exec(select(Tenant)).all()
    assert (tenant.id, tenant.team_id, tenant.enterprise_id) == (1, "T0MENTOR", ENTERPRISE_ID)

    app.slack.install(COORDINATOR, app.install_url, org_wide=True)
    with app.server.deps.sessions() as session:
        [tenant] = session.exec(select(Tenant)).all()
    assert (tenant.id, tenant.team_id, tenant.enterprise_id, tenant.is_enterprise_install) == \
        (1, None, ENTERPRISE_ID, True)
    assert app.slack.slash_command(COORDINATOR, "/mentor", "help").status == 200


def test_an_org_wide_install_over_two_workspace_programs_of_the_organisation_is_refused(app: OAuthHarness) -> None:
    """Two workspaces of one organisation each installed their own program; taking one program's tenant for the
    whole organisation would run the other workspace's people in it, so the org-wide install is refused."""
    from sqlmodel import select

    from storage.tables import Tenant

    app.slack.in_enterprise()
    app.slack.install(COORDINATOR, app.install_url)
    second = app.slack.add_workspace("T0SECOND", bot_token="xoxb-not-issued", enterprise_id=ENTERPRISE_ID)
    second.add_user(EmulatedUser(id="USECOND01", name="sam", real_name="Sam Second"))
    assert second.install("USECOND01", app.install_url).status == 200
    with app.server.deps.sessions() as session:
        before = {(t.id, t.team_id, t.enterprise_id, t.is_enterprise_install) for t in session.exec(select(Tenant))}
    assert len(before) == 2

    page = app.slack.install(COORDINATOR, app.install_url, org_wide=True)

    assert page.status != 200 and "T0SECOND" in page.body and "org-wide" in page.body, page.body
    with app.server.deps.sessions() as session:
        after = {(t.id, t.team_id, t.enterprise_id, t.is_enterprise_install) for t in session.exec(select(Tenant))}
    assert after == before
    assert not any(row.is_enterprise_install for row in app.installations())
