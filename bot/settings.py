"""Configuration from environment variables (and an optional `.env`), validated at start-up. Its refusals are read
by whoever deploys mentorbot, in English like the README they point to (`# not text`)."""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_core import ErrorDetails

from bot.pacing import MethodLimit, parse_rate_limits
from storage.token_cipher import KEYS_VARIABLE, TokenCipher, TokenKeyError, parse_keys

DEFAULT_DATABASE_URL = "sqlite:///./mentorbot.db"


class SettingsError(Exception):
    """A missing or malformed setting; the message is one line naming it."""


class DatabaseSettings(BaseSettings):
    """What every command needs: where the data lives."""

    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", case_sensitive=False, populate_by_name=True
    )

    database_url: str = Field(DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    timezone: str = Field("America/Edmonton", validation_alias="MENTORBOT_TIMEZONE")  # not text: operator's configuration

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, url: str) -> str:
        if not url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")):
            raise ValueError("must be a sqlite:/// or postgresql:// URL")  # not text: operator's configuration
        return url

    @field_validator("timezone")
    @classmethod
    def _iana_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{name!r} is not an IANA timezone name (e.g. America/Edmonton)") from None  # not text: operator's configuration
        return name


DEFAULT_AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"
TOKEN_ROTATION_MINUTES = 120  # refresh a rotating token this long before it expires (Bolt's default)


class Settings(DatabaseSettings):
    """Everything the Slack app needs; tokens are SecretStr so they never show in logs or reprs.

    Two install modes: a single-workspace custom app with one bot token (SLACK_BOT_TOKEN), or OAuth installs
    (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_REDIRECT_URI), whose tokens live in the database."""

    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_client_id: str | None = Field(None, validation_alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(None, validation_alias="SLACK_CLIENT_SECRET")
    # Must equal a Redirect URL of the app's OAuth settings, e.g. https://mentorbot.example.org/slack/oauth_redirect
    slack_redirect_uri: str | None = Field(None, validation_alias="SLACK_REDIRECT_URI")
    slack_authorize_url: str = Field(DEFAULT_AUTHORIZE_URL, validation_alias="SLACK_AUTHORIZE_URL")
    # OAuth mode: Fernet keys, newest first, that encrypt the installations' tokens at rest (storage/token_cipher.py)
    token_keys: SecretStr | None = Field(None, validation_alias=KEYS_VARIABLE)
    # Verifies HTTP requests; Socket Mode does not use it, so only `serve` requires it.
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", validation_alias="SLACK_API_URL")
    coordinators: Annotated[tuple[str, ...], NoDecode] = Field((), validation_alias="MENTORBOT_COORDINATORS")
    # Web API limits the outbox paces itself to, over Slack's documented defaults (bot/pacing.py)
    slack_rate_limits: Annotated[dict[str, MethodLimit], NoDecode] = Field(
        default_factory=dict, validation_alias="MENTORBOT_SLACK_RATE_LIMITS")
    # An optional free/busy connector for "Find a time" (README: Calendar connectors): "" or "google"
    calendar: Literal["", "google"] = Field("", validation_alias="MENTORBOT_CALENDAR")
    google_credentials_file: str = Field("", validation_alias="MENTORBOT_GOOGLE_CREDENTIALS")
    google_subject: str = Field("", validation_alias="MENTORBOT_GOOGLE_SUBJECT")

    @model_validator(mode="after")
    def _google_needs_its_credentials(self) -> Settings:
        if self.calendar == "google" and not (self.google_credentials_file and self.google_subject):
            raise ValueError("MENTORBOT_CALENDAR=google needs MENTORBOT_GOOGLE_CREDENTIALS (a service account key "  # not text: operator's configuration
                             "file) and MENTORBOT_GOOGLE_SUBJECT (the account it acts as)")
        return self

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, token: SecretStr | None) -> SecretStr | None:
        if token is not None and not token.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")  # not text: operator's configuration
        return token

    @field_validator("token_keys")
    @classmethod
    def _fernet_keys(cls, keys: SecretStr | None) -> SecretStr | None:
        if keys is not None:
            try:
                parse_keys(keys.get_secret_value())
            except TokenKeyError as error:
                raise ValueError(str(error)) from None
        return keys

    @field_validator("slack_client_id", "slack_client_secret", "slack_redirect_uri",
                     "slack_signing_secret", "slack_app_token", "token_keys", mode="before")
    @classmethod
    def _blank_secret_is_none(cls, secret: object) -> object:
        return None if isinstance(secret, str) and not secret.strip() else secret

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, token: SecretStr | None) -> SecretStr | None:
        if token is not None and not token.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")  # not text: operator's configuration
        return token

    @field_validator("slack_api_url")
    @classmethod
    def _api_base_url(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")  # not text: operator's configuration
        return url if url.endswith("/") else url + "/"

    @field_validator("slack_redirect_uri", "slack_authorize_url")
    @classmethod
    def _oauth_url(cls, url: str | None) -> str | None:
        if url is not None and not url.startswith(("https://", "http://localhost", "http://127.0.0.1")):
            raise ValueError("must be an https:// URL (http only for localhost)")  # not text: operator's configuration
        return url

    @model_validator(mode="after")
    def _one_install_mode(self) -> Settings:
        oauth = {"SLACK_CLIENT_ID": self.slack_client_id, "SLACK_CLIENT_SECRET": self.slack_client_secret,
                 "SLACK_REDIRECT_URI": self.slack_redirect_uri}
        if not any(oauth.values()):
            if self.slack_bot_token is None:
                raise ValueError("SLACK_BOT_TOKEN is not set; see README 'Configuration'")  # not text: operator's configuration
            return self
        missing = [name for name, value in oauth.items() if not value]
        if missing:
            raise ValueError(f"{missing[0]} is not set: OAuth installs need SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and "  # not text: operator's configuration
                             "SLACK_REDIRECT_URI; see README 'Install modes'")
        if self.slack_bot_token is not None:
            raise ValueError("SLACK_BOT_TOKEN is set together with SLACK_CLIENT_ID: choose one install mode (a "  # not text: operator's configuration
                             "single-workspace token, or OAuth installs); see README 'Install modes'")
        return self

    @property
    def oauth_installs(self) -> bool:
        """OAuth mode: tokens come from installations in the database, not from SLACK_BOT_TOKEN."""
        return self.slack_client_id is not None

    def token_cipher(self) -> TokenCipher | None:
        """What encrypts and decrypts the installations' tokens; None while MENTORBOT_TOKEN_KEYS is unset."""
        if self.token_keys is None:
            return None
        return TokenCipher(parse_keys(self.token_keys.get_secret_value()))

    @field_validator("coordinators", mode="before")
    @classmethod
    def _user_id_list(cls, raw: object) -> tuple[str, ...]:
        items = raw.split(",") if isinstance(raw, str) else list(raw)  # type: ignore[call-overload]
        ids = tuple(str(item).strip() for item in items if str(item).strip())
        bad = [user_id for user_id in ids if not user_id[:1] in ("U", "W") or not user_id.isalnum()]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a Slack user ID (like U012ABCDEF)")  # not text: operator's configuration
        return ids

    @field_validator("slack_rate_limits", mode="before")
    @classmethod
    def _rate_limits(cls, raw: object) -> object:
        return parse_rate_limits(raw) if isinstance(raw, str) else raw


SettingsT = TypeVar("SettingsT", bound=DatabaseSettings)  # not text: operator's configuration


def _env_name(settings_class: type[BaseSettings], error: ErrorDetails) -> str:
    field_name = str(error["loc"][0]) if error["loc"] else "?"
    field = settings_class.model_fields.get(field_name)
    alias = field.validation_alias if field else None
    return str(alias or field_name).upper()


def load_settings(settings_class: type[SettingsT], **overrides: object) -> SettingsT:
    """Build settings, turning pydantic's report into one line that names the variable."""
    try:
        return settings_class(**overrides)  # type: ignore[arg-type]  # pydantic-settings accepts any field by name
    except ValidationError as exc:
        error = exc.errors()[0]
        if not error["loc"]:  # a rule across settings (the install mode): the message names the variables
            raise SettingsError(str(error["msg"]).removeprefix("Value error, ")) from None  # not text: operator's configuration
        name = _env_name(settings_class, error)
        if error["type"] == "missing":
            raise SettingsError(f"{name} is not set; see README 'Configuration'") from None  # not text: operator's configuration
        reason = str(error["msg"]).removeprefix("Value error, ")  # not text: operator's configuration
        raise SettingsError(f"{name} is malformed: {reason}") from None  # not text: operator's configuration
