"""Slack installations (OAuth mode): each workspace's or Enterprise Grid organisation's bot token, and the one-time
`state` values of install flows in progress. Single-token mode keeps both tables empty."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Column, Field, Index, SQLModel

from storage.types import UTCDateTime


class SlackInstallation(SQLModel, table=True):
    """One installation of mentorbot: a workspace (team_id), or a whole organisation (is_enterprise_install, no
    team_id). Reinstalling replaces the row's tokens; uninstalling deletes the row. Holds no person's data: the
    installing person's id and user token are not kept (mentorbot asks for no user scopes). The bot and refresh
    tokens are stored encrypted."""

    __tablename__ = "slack_installation"
    __table_args__ = (Index("ix_slack_installation_owner", "client_id", "enterprise_id", "team_id"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(max_length=64)
    app_id: str | None = Field(default=None, max_length=32)
    enterprise_id: str | None = Field(default=None, max_length=32)
    enterprise_name: str | None = Field(default=None, max_length=200)
    enterprise_url: str | None = Field(default=None, max_length=300)
    team_id: str | None = Field(default=None, max_length=32)
    team_name: str | None = Field(default=None, max_length=200)
    is_enterprise_install: bool = False
    # Fernet ciphertexts (storage/token_cipher.py), never the token itself; the key is in MENTORBOT_TOKEN_KEYS
    bot_token_encrypted: str = Field(max_length=1000)
    bot_id: str | None = Field(default=None, max_length=32)
    bot_user_id: str | None = Field(default=None, max_length=32)
    bot_scopes: str = Field(default="", max_length=1000)
    bot_refresh_token_encrypted: str | None = Field(default=None, max_length=1000)
    bot_token_expires_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    installed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class OAuthState(SQLModel, table=True):
    """A `state` value handed to one browser at /slack/install; consumed once at /slack/oauth_redirect."""

    __tablename__ = "oauth_state"

    state: str = Field(primary_key=True, max_length=64)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
