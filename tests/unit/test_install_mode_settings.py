"""Settings choose the install mode: one workspace's token, or OAuth installs; each problem named in one line."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError, load_settings

OAUTH = {"slack_client_id": "1111.2222", "slack_client_secret": "s3cret",
         "slack_redirect_uri": "https://mentorbot.example.org/slack/oauth_redirect"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_REDIRECT_URI",
                 "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir("/")


def test_oauth_settings_make_oauth_mode_and_hide_the_secret() -> None:
    settings = load_settings(Settings, **OAUTH)

    assert settings.oauth_installs and settings.slack_bot_token is None
    assert "s3cret" not in repr(settings)


def test_a_token_alone_is_the_single_workspace_mode() -> None:
    assert not load_settings(Settings, slack_bot_token="xoxb-1-a").oauth_installs


@pytest.mark.parametrize("missing", ["slack_client_secret", "slack_redirect_uri"])
def test_half_an_oauth_configuration_names_what_is_missing(missing: str) -> None:
    values = {name: value for name, value in OAUTH.items() if name != missing}
    with pytest.raises(SettingsError, match=f"^{missing.upper()} is not set: OAuth installs need"):
        load_settings(Settings, **values)


def test_both_modes_at_once_are_refused() -> None:
    with pytest.raises(SettingsError, match="choose one install mode"):
        load_settings(Settings, slack_bot_token="xoxb-1-a", **OAUTH)


def test_the_redirect_must_be_https() -> None:
    with pytest.raises(SettingsError, match="^SLACK_REDIRECT_URI is malformed: must be an https:// URL"):
        load_settings(Settings, **{**OAUTH, "slack_redirect_uri": "http://mentorbot.example.org/slack/oauth_redirect"})
