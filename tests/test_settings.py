import pytest

from bot.settings import DatabaseSettings, Settings, SettingsError, load_settings

VALID = {"SLACK_BOT_TOKEN": "xoxb-123-abc", "SLACK_SIGNING_SECRET": "shh-very-secret"}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "DATABASE_URL",
                 "MENTORBOT_COORDINATORS", "MENTORBOT_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir("/")  # no stray .env file

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_missing_bot_token_names_the_variable(env) -> None:
    env(SLACK_SIGNING_SECRET="s")
    with pytest.raises(SettingsError, match=r"^SLACK_BOT_TOKEN is not set"):
        load_settings(Settings)


@pytest.mark.parametrize(
    ("variable", "value", "complaint"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token", "SLACK_BOT_TOKEN is malformed: must be a bot token"),
        ("SLACK_APP_TOKEN", "xoxb-wrong-kind", "SLACK_APP_TOKEN is malformed"),
        ("SLACK_API_URL", "slack.example/api", "SLACK_API_URL is malformed"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL is malformed"),
        ("MENTORBOT_TIMEZONE", "Mars/Olympus", "MENTORBOT_TIMEZONE is malformed: 'Mars/Olympus'"),
        ("MENTORBOT_COORDINATORS", "U123,not-an-id", "MENTORBOT_COORDINATORS is malformed: 'not-an-id'"),
    ],
)
def test_malformed_setting_is_named_in_one_line(env, variable: str, value: str, complaint: str) -> None:
    env(**{**VALID, variable: value})
    with pytest.raises(SettingsError) as raised:
        load_settings(Settings)
    assert str(raised.value).startswith(complaint)
    assert "\n" not in str(raised.value)


def test_defaults_and_normalisation(env) -> None:
    env(**VALID, SLACK_API_URL="http://127.0.0.1:3100/api", MENTORBOT_COORDINATORS=" U1AAA, W2BBB ,")
    settings = load_settings(Settings)
    assert settings.slack_api_url == "http://127.0.0.1:3100/api/"
    assert settings.coordinators == ("U1AAA", "W2BBB")
    assert settings.database_url.startswith("sqlite:///")
    assert settings.timezone == "America/Edmonton"


def test_secrets_never_appear_in_repr_or_str(env) -> None:
    env(**VALID, SLACK_APP_TOKEN="xapp-1-secret-app-token")
    settings = load_settings(Settings)
    for rendering in (repr(settings), str(settings), str(settings.model_dump())):
        assert "xoxb-123-abc" not in rendering
        assert "shh-very-secret" not in rendering
        assert "xapp-1-secret-app-token" not in rendering


def test_database_commands_need_no_slack_tokens(env) -> None:
    env(DATABASE_URL="postgresql://u@localhost/db")
    assert load_settings(DatabaseSettings).database_url == "postgresql://u@localhost/db"
