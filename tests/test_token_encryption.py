"""Installations' Slack tokens are encrypted at rest (storage/token_cipher.py): the columns never hold a token, a key
can be rotated (old rows stay readable, `mentorbot tokens re-encrypt` moves them to the new key), the migration
encrypts rows stored before, and OAuth mode does not start without a key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from bot.cli import cli
from bot.clock import ManualClock
from bot.installations import re_encrypt_tokens
from bot.settings import Settings, SettingsError, load_settings
from bot.startup import StartupError, bot_token_source, prepare
from storage.engine import make_engine
from storage.migrate import downgrade, upgrade
from storage.token_cipher import TokenCipher, UnreadableToken, new_key
from tests.conftest import COORDINATOR
from tests.databases import DatabaseMaker
from tests.oauth_harness import TOKEN_KEY, OAuthHarness, oauth_harness
from tests.test_token_rotation_http import let_the_token_expire


@pytest.fixture
def app(database_url: str, clock: ManualClock) -> Iterator[OAuthHarness]:
    yield from oauth_harness(database_url, clock, token_rotation=True)


def raw_rows(app: OAuthHarness) -> list[tuple]:
    with app.server.deps.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text("SELECT * FROM slack_installation"))]


def test_the_stored_row_never_holds_a_token_and_the_app_still_uses_it(app: OAuthHarness) -> None:
    app.slack.install(COORDINATOR, app.install_url)
    let_the_token_expire(app)  # the outbox's client refreshes, storing new tokens
    assert app.server.deps.slack.auth_test()["ok"] is True

    answers = [call.response for call in app.slack.calls("oauth.v2.access")]
    secrets = {answer[key] for answer in answers for key in ("access_token", "refresh_token") if answer.get(key)}
    assert len(secrets) >= 4  # two bot tokens, two refresh tokens
    stored = " ".join(str(value) for row in raw_rows(app) for value in row)
    assert not [secret for secret in secrets if secret in stored]
    assert "xox" not in stored
    [installation] = app.installations()
    assert app.token(installation) == list(app.slack.issued_tokens())[-1]


def test_a_new_key_in_front_still_reads_old_rows_and_re_encrypt_moves_them_to_it(app: OAuthHarness) -> None:
    app.slack.install(COORDINATOR, app.install_url)
    [before] = app.installations()
    token = app.token(before)
    newer = new_key()
    rotated = load_settings(Settings, **{**_overrides(app.settings), "token_keys": f"{newer},{TOKEN_KEY}"})

    assert bot_token_source(rotated, app.server.deps.sessions)() == token  # the old row, read with the old key

    assert re_encrypt_tokens(sessions=app.server.deps.sessions, cipher=_cipher(rotated)) == 1
    [after] = app.installations()
    assert after.bot_token_encrypted != before.bot_token_encrypted
    assert TokenCipher([newer]).decrypt(after.bot_token_encrypted) == token  # the new key alone reads it now
    with pytest.raises(UnreadableToken):
        TokenCipher([TOKEN_KEY]).decrypt(after.bot_token_encrypted)  # and the old key can be dropped


def test_the_re_encrypt_command(app: OAuthHarness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app.slack.install(COORDINATOR, app.install_url)
    newer = new_key()
    monkeypatch.chdir(tmp_path)
    env = {key.upper(): value for key, value in _env(app.settings).items()}

    result = CliRunner().invoke(cli, ["tokens", "re-encrypt"], env={**env, "MENTORBOT_TOKEN_KEYS": f"{newer},{TOKEN_KEY}"})

    assert result.exit_code == 0, result.output
    assert "Re-encrypted the tokens of 1 installation with" in result.output
    [row] = app.installations()
    assert TokenCipher([newer]).decrypt(row.bot_token_encrypted) == list(app.slack.issued_tokens())[-1]


def test_oauth_mode_does_not_start_without_a_key(app: OAuthHarness) -> None:
    keyless = load_settings(Settings, **{**_overrides(app.settings), "token_keys": None})

    with pytest.raises(StartupError) as refused:
        prepare(keyless)
    assert "MENTORBOT_TOKEN_KEYS is not set" in str(refused.value) and "mentorbot tokens new-key" in str(refused.value)


def test_a_malformed_key_is_named_at_start_up(app: OAuthHarness) -> None:
    with pytest.raises(SettingsError) as malformed:
        load_settings(Settings, **{**_overrides(app.settings), "token_keys": f"{new_key()},not-a-key"})
    assert str(malformed.value) == ("MENTORBOT_TOKEN_KEYS is malformed: key 2 is not a Fernet key (32 url-safe base64 "
                                    "bytes; make one with `mentorbot tokens new-key`)")


def test_the_migration_encrypts_rows_stored_before_and_downgrading_decrypts_them(
        database_maker: DatabaseMaker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    with database_maker.fresh(migrated=False) as url:
        engine = make_engine(url)
        upgrade(engine, "0024")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO slack_installation (client_id, team_id, is_enterprise_install, bot_token, bot_scopes, "
                "bot_refresh_token, installed_at) VALUES ('1.2', 'T1', false, 'xoxe.xoxb-1-plain', '', "
                "'xoxe-1-refresh', '2026-01-01 00:00:00+00:00')"))
        monkeypatch.delenv("MENTORBOT_TOKEN_KEYS", raising=False)
        with pytest.raises(RuntimeError, match="MENTORBOT_TOKEN_KEYS is not set: migration 0025 must encrypt"):
            upgrade(engine)

        monkeypatch.setenv("MENTORBOT_TOKEN_KEYS", TOKEN_KEY)
        upgrade(engine)

        with engine.connect() as connection:
            token, refresh = connection.execute(text(
                "SELECT bot_token_encrypted, bot_refresh_token_encrypted FROM slack_installation")).one()
        assert "xox" not in token + refresh
        assert (TokenCipher([TOKEN_KEY]).decrypt(token), TokenCipher([TOKEN_KEY]).decrypt(refresh)) == \
            ("xoxe.xoxb-1-plain", "xoxe-1-refresh")
        downgrade(engine, "0024")
        with engine.connect() as connection:
            assert tuple(connection.execute(text("SELECT bot_token, bot_refresh_token FROM slack_installation"))
                         .one()) == ("xoxe.xoxb-1-plain", "xoxe-1-refresh")
        engine.dispose()


def _cipher(settings: Settings) -> TokenCipher:
    cipher = settings.token_cipher()
    assert cipher is not None
    return cipher


def _overrides(settings: Settings) -> dict[str, object]:
    return {name: getattr(settings, name) for name in Settings.model_fields}


def _env(settings: Settings) -> dict[str, str]:
    env = {"SLACK_CLIENT_ID": settings.slack_client_id, "SLACK_REDIRECT_URI": settings.slack_redirect_uri,
           "SLACK_API_URL": settings.slack_api_url, "DATABASE_URL": settings.database_url}
    secret = settings.slack_client_secret
    env["SLACK_CLIENT_SECRET"] = secret.get_secret_value() if secret else ""
    return {key: str(value) for key, value in env.items()}
