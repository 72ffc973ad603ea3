"""`mentorbot doctor` against the emulator: passes on a correct setup, names what is wrong and how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import cli
from bot.doctor import REQUIRED_SCOPES
from bot.emulator.scopes import DEFAULT_SCOPES
from tests.conftest import BOT_TOKEN, SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def doctor(emulator, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": emulator.api_url,
           "DATABASE_URL": database_url, "SLACK_APP_TOKEN": "", "MENTORBOT_TIMEZONE": "America/Edmonton"}

    def run(**extra: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(cli, ["doctor"], env={**env, **extra}, catch_exceptions=False)

    return run


def test_the_manifest_asks_for_exactly_the_scopes_the_code_needs() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(REQUIRED_SCOPES) == DEFAULT_SCOPES


def test_doctor_passes_on_a_correct_setup(doctor) -> None:  # type: ignore[no-untyped-def]
    result = doctor()
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output and "Ready for go-live." in result.output
    assert "ok  scopes: all 10 granted" in result.output and "ok  database: reachable and migrated" in result.output


def test_doctor_names_a_missing_scope_and_what_it_is_for(doctor, emulator) -> None:  # type: ignore[no-untyped-def]
    emulator.grant_scopes(DEFAULT_SCOPES - {"users:read.email"} | {"channels:read"})
    result = doctor()
    assert result.exit_code == 1
    assert "FAIL scopes: missing users:read.email (roster import by email); granted but unused: channels:read" in (
        result.output)
    assert "reinstall the app" in result.output


def test_doctor_names_a_bad_token_an_unmigrated_database_and_a_missing_signing_secret(  # type: ignore[no-untyped-def]
    doctor, tmp_path: Path
) -> None:
    result = doctor(SLACK_BOT_TOKEN="xoxb-wrong", DATABASE_URL=f"sqlite:///{tmp_path / 'empty.db'}",
                    SLACK_SIGNING_SECRET="")
    assert result.exit_code == 1
    assert "FAIL Slack token: auth.test says invalid_auth" in result.output
    assert "FAIL database: The database is empty" in result.output and "mentorbot db upgrade" in result.output
    assert "FAIL HTTP mode: SLACK_SIGNING_SECRET is not set" in result.output


def test_doctor_checks_socket_mode_when_an_app_token_is_set(doctor) -> None:  # type: ignore[no-untyped-def]
    result = doctor(SLACK_APP_TOKEN="xapp-1-not-this-app")
    assert "FAIL Socket Mode: apps.connections.open says invalid_auth" in result.output
    assert "connections:write" in result.output


@pytest.fixture
def oauth_app(database_url: str, clock):  # type: ignore[no-untyped-def]
    from tests.oauth_harness import oauth_harness

    yield from oauth_harness(database_url, clock, token_rotation=True)


def oauth_doctor(app, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **extra: str | None):  # type: ignore[no-untyped-def]
    from tests.oauth_harness import CLIENT_ID, CLIENT_SECRET, TOKEN_KEY

    monkeypatch.chdir(tmp_path)
    env = {"SLACK_BOT_TOKEN": None, "SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET,
           "SLACK_REDIRECT_URI": app.settings.slack_redirect_uri, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": app.slack.api_url, "DATABASE_URL": app.settings.database_url, "SLACK_APP_TOKEN": None,
           "MENTORBOT_TIMEZONE": "America/Edmonton", "MENTORBOT_TOKEN_KEYS": TOKEN_KEY, **extra}
    return CliRunner().invoke(cli, ["doctor"], env=env, catch_exceptions=False)


def test_doctor_in_oauth_mode_says_where_to_install_until_someone_does(oauth_app, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = oauth_doctor(oauth_app, monkeypatch, tmp_path)

    assert result.exit_code == 1
    assert "ok  OAuth install: client id and secret accepted" in result.output
    assert f"FAIL installations: mentorbot is not installed anywhere yet" in result.output
    assert f"{oauth_app.server.url}/slack/install" in result.output
    assert "FAIL Slack token: auth.test says not_authed" in result.output and "install mentorbot" in result.output


def test_doctor_in_oauth_mode_passes_once_installed_org_wide(oauth_app, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import COORDINATOR

    oauth_app.slack.in_enterprise()
    oauth_app.slack.install(COORDINATOR, oauth_app.install_url, org_wide=True)

    result = oauth_doctor(oauth_app, monkeypatch, tmp_path)

    assert result.exit_code == 0, result.output
    assert "ok  installations: org-wide in Mentorbot Health Sciences, rotating token (12 h left" in result.output
    assert "ok  scopes: all 10 granted" in result.output
    assert "ok  token encryption: MENTORBOT_TOKEN_KEYS is set: tokens are encrypted at rest" in result.output


def test_doctor_in_oauth_mode_says_when_no_token_key_is_set(oauth_app, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = oauth_doctor(oauth_app, monkeypatch, tmp_path, MENTORBOT_TOKEN_KEYS=None)

    assert result.exit_code == 1
    assert "FAIL token encryption: MENTORBOT_TOKEN_KEYS is not set" in result.output
    assert "mentorbot tokens new-key" in result.output


def test_doctor_says_when_a_dropped_key_leaves_tokens_unreadable(oauth_app, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import COORDINATOR
    from storage.token_cipher import new_key

    oauth_app.slack.install(COORDINATOR, oauth_app.install_url)

    result = oauth_doctor(oauth_app, monkeypatch, tmp_path, MENTORBOT_TOKEN_KEYS=new_key())

    assert result.exit_code == 1
    assert "FAIL installations: a stored Slack token was encrypted with a key not in MENTORBOT_TOKEN_KEYS" \
        in result.output


def test_doctor_names_a_wrong_client_secret(oauth_app, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = oauth_doctor(oauth_app, monkeypatch, tmp_path, SLACK_CLIENT_SECRET="copied-the-wrong-one")

    assert "FAIL OAuth install: oauth.v2.access says bad_client_secret" in result.output
    assert "Client Secret" in result.output


def test_doctor_checks_the_token_scopes_and_outbox_of_each_installation(oauth_app, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import COORDINATOR
    from tests.test_tenancy_http import install_south

    oauth_app.slack.install(COORDINATOR, oauth_app.install_url)
    install_south(oauth_app)

    result = oauth_doctor(oauth_app, monkeypatch, tmp_path)

    assert result.exit_code == 0, result.output
    for whose in ("workspace T0MENTOR (tenant 1)", "workspace T0SOUTH (tenant 2)"):
        assert f"ok  Slack token ({whose}): works as" in result.output
        assert f"ok  refused messages ({whose}): none" in result.output
    assert "ok  scopes (workspace T0MENTOR (tenant 1)): all 10 granted" in result.output
    assert "in South Hospital" in result.output  # auth.test answered with South's own token


def test_doctor_names_an_uninstalled_workspaces_held_messages(oauth_app, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import COORDINATOR
    from tests.test_tenancy_http import install_south, south_tenant
    from tests.test_tenants_served_http import queue_notice

    oauth_app.slack.install(COORDINATOR, oauth_app.install_url)
    south = install_south(oauth_app)
    south.revoke_tokens(uninstall=True)
    queue_notice(oauth_app, south_tenant(oauth_app), "USOUTHCO", "waits")

    result = oauth_doctor(oauth_app, monkeypatch, tmp_path)

    assert "ok  held messages: not installed, so not sent: 1 of workspace T0SOUTH (tenant 2)" in result.output
