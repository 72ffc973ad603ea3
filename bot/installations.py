"""OAuth mode: slack-sdk's InstallationStore and OAuthStateStore kept in mentorbot's own database, and the bot token
that work outside a Slack request (the outbox, the scheduler, the CLI) uses, rotated before it expires.

Bolt reads and saves installations through these interfaces (bot/app.py); nothing here imports Bolt. Tokens are
never logged: a log line names the team or enterprise, never a token. Tokens are stored encrypted
(storage/token_cipher.py): `_take_tokens` is the one place that writes them, `bot_of` the one that reads them.

One mentorbot serves every workspace or organisation that installs it, each its own program in a tenant of its own
(bot/tenants.py; README, "Tenancy")."""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlmodel import Session

from bot.clock import Clock
from bot.slack_access import record_access_restored
from bot.tenants import tenant_for_install
from storage.engine import SessionFactory, transaction
from storage.queries import installations as rows
from storage.tenancy import Tenant, current_tenant, tenant_scope
from storage.token_cipher import TokenCipher
from storage.tables import SlackInstallation

logger = logging.getLogger(__name__)

STATE_LIFETIME_SECONDS = 600  # Bolt's default: an install started more than 10 minutes ago must start again


class DatabaseInstallationStore(InstallationStore):
    """Installations in the `slack_installation` table: one row per workspace or organisation (bot tokens only)."""

    def __init__(self, sessions: SessionFactory, client_id: str, clock: Clock, cipher: TokenCipher,
                 refresher: Refresher | None = None) -> None:
        self.sessions = sessions
        self.client_id = client_id
        self.clock = clock
        self.cipher = cipher
        self.refresher = refresher  # set: a found token about to expire is refreshed first (Bolt then has no need)

    @property
    def logger(self) -> logging.Logger:
        return logger

    def save(self, installation: Installation) -> None:
        bot = installation.to_bot()
        with transaction(self.sessions) as session:
            owner_team = None if bot.is_enterprise_install else bot.team_id
            for row in rows.installations(session=session, client_id=self.client_id):
                if _replaced_by(row, bot):
                    session.delete(row)
            session.flush()
            tenant = tenant_for_install(session=session, enterprise_id=bot.enterprise_id, team_id=bot.team_id,
                                        org_wide=bool(bot.is_enterprise_install), now=self.clock.now())
            session.add(_row(self.client_id, bot, owner_team, self.clock.now(), self.cipher))
            with tenant_scope(tenant):  # the installing program's record that Slack lets it in (not tenant 1's)
                record_access_restored(session=session, now=self.clock.now())
                session.flush()
        logger.info("installed in %s", _owner_name(bot))

    def save_bot(self, bot: Bot) -> None:
        """A rotated token (Bolt's token rotator): replaces the tokens of the same installation."""
        with transaction(self.sessions) as session:
            row = rows.find_installation(session=session, client_id=self.client_id, enterprise_id=bot.enterprise_id,
                                         team_id=bot.team_id, is_enterprise_install=bool(bot.is_enterprise_install),
                                         for_update=True)
            if row is not None:
                _take_tokens(row, bot, self.cipher)

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                 is_enterprise_install: bool | None = False) -> Bot | None:
        def locate(session: Session, for_update: bool) -> SlackInstallation | None:
            # a workspace of an organisation that installed mentorbot org-wide finds the organisation's
            return rows.serving_installation(session=session, client_id=self.client_id, enterprise_id=enterprise_id,
                                             team_id=team_id, is_enterprise_install=bool(is_enterprise_install),
                                             for_update=for_update)

        if self.refresher is not None:
            row = self.refresher.fresh(locate)
        else:
            with self.sessions() as session:
                row = locate(session, False)
        return None if row is None else bot_of(row, self.cipher)

    def find_installation(self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
                          is_enterprise_install: bool | None = False) -> Installation | None:
        if user_id is not None:
            return None  # mentorbot keeps no user tokens
        bot = self.find_bot(enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install)
        if bot is None:
            return None
        return Installation(app_id=bot.app_id, enterprise_id=bot.enterprise_id, enterprise_name=bot.enterprise_name,
                            team_id=bot.team_id, team_name=bot.team_name, bot_token=bot.bot_token, bot_id=bot.bot_id,
                            bot_user_id=bot.bot_user_id, bot_scopes=bot.bot_scopes,
                            bot_refresh_token=bot.bot_refresh_token, bot_token_expires_at=bot.bot_token_expires_at,
                            is_enterprise_install=bot.is_enterprise_install, user_id="", installed_at=bot.installed_at)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        forget_installation(sessions=self.sessions, client_id=self.client_id, enterprise_id=enterprise_id,
                            team_id=team_id)

    def delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                            user_id: str | None = None) -> None:
        if user_id is None:
            self.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.delete_bot(enterprise_id=enterprise_id, team_id=team_id)


def forget_installation(*, sessions: SessionFactory, client_id: str, enterprise_id: str | None,
                        team_id: str | None) -> int:
    with transaction(sessions) as session:
        return forget_installation_in(session=session, client_id=client_id, enterprise_id=enterprise_id,
                                      team_id=team_id)


def forget_installation_in(*, session: Session, client_id: str, enterprise_id: str | None, team_id: str | None) -> int:
    """Delete the tokens of the installation serving this team (its own, or its organisation's org-wide one)."""
    gone = rows.delete_installations(session=session, client_id=client_id, enterprise_id=enterprise_id,
                                     team_id=team_id)
    if enterprise_id is not None:
        gone += rows.delete_installations(session=session, client_id=client_id, enterprise_id=enterprise_id,
                                          team_id=None)
    return gone


class DatabaseStateStore(OAuthStateStore):
    """Install-flow `state` values in the `oauth_state` table: issued at /slack/install, each usable once."""

    def __init__(self, sessions: SessionFactory, clock: Clock,
                 expiration_seconds: int = STATE_LIFETIME_SECONDS) -> None:
        self.sessions = sessions
        self.clock = clock
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        return logger

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(32)
        with transaction(self.sessions) as session:
            rows.add_state(session=session, state=state,
                           expires_at=self.clock.now() + timedelta(seconds=self.expiration_seconds))
        return state

    def consume(self, state: str) -> bool:
        with transaction(self.sessions) as session:
            return rows.consume_state(session=session, state=state, now=self.clock.now())


Locate = Callable[[Session, bool], "SlackInstallation | None"]  # (session, for_update) -> the installation's row


class Refresher:
    """The one way every process (the web app, the scheduler, the outbox, the CLI) refreshes a rotating token, with
    slack-sdk's TokenRotator (the one Bolt's authorize uses): a plain read while the token is fresh; within
    `minutes_before_expiration` of its expiry the installation's row is locked and read again before refreshing, so
    two processes do not both spend the one-use refresh token. Where the database has no row locks (SQLite), the
    loser of a race finds the winner's token on reading again."""

    def __init__(self, sessions: SessionFactory, rotator: TokenRotator, minutes_before_expiration: int,
                 cipher: TokenCipher) -> None:
        self.sessions = sessions
        self.rotator = rotator
        self.minutes = minutes_before_expiration
        self.cipher = cipher

    def expiring(self, row: SlackInstallation) -> bool:
        expires = row.bot_token_expires_at
        return expires is not None and expires.timestamp() <= time.time() + self.minutes * 60

    def fresh(self, locate: Locate) -> SlackInstallation | None:
        with self.sessions() as session:
            row = locate(session, False)
        if row is None or not self.expiring(row):
            return row
        spent = row.bot_refresh_token_encrypted
        try:
            with transaction(self.sessions) as session:
                row = locate(session, True)
                if row is None or not self.expiring(row):
                    return row
                refreshed = self.rotator.perform_bot_token_rotation(bot=bot_of(row, self.cipher),
                                                                    minutes_before_expiration=self.minutes)
                if refreshed is not None:
                    _take_tokens(row, refreshed, self.cipher)
                    logger.info("refreshed the bot token of %s", _owner_name(refreshed))
                return row
        except SlackTokenRotationError:
            with self.sessions() as session:
                row = locate(session, False)
            if row is not None and row.bot_refresh_token_encrypted != spent:
                return row  # another process refreshed first
            raise


def tenant_bot_token(*, refresher: Refresher, client_id: str) -> Callable[[], str | None]:
    """The bot token for work outside a Slack request (the outbox, jobs, the CLI): the installation serving the
    current tenant (storage/tenancy.py), refreshed first when it is about to expire. None while that tenant has no
    installation (never installed, uninstalled, or its tokens revoked)."""

    def current() -> str | None:
        tenant = current_tenant()

        def locate(session: Session, for_update: bool) -> SlackInstallation | None:
            owner = session.get(Tenant, tenant)
            if owner is None:
                return None
            return rows.serving_installation(session=session, client_id=client_id, enterprise_id=owner.enterprise_id,
                                             team_id=owner.team_id, is_enterprise_install=owner.is_enterprise_install,
                                             for_update=for_update)

        row = refresher.fresh(locate)
        return None if row is None else bot_of(row, refresher.cipher).bot_token

    return current


def bot_of(row: SlackInstallation, cipher: TokenCipher) -> Bot:
    """The installation with its tokens decrypted (UnreadableToken when no configured key opens them)."""
    expires = row.bot_token_expires_at
    refresh = row.bot_refresh_token_encrypted
    return Bot(app_id=row.app_id, enterprise_id=row.enterprise_id, enterprise_name=row.enterprise_name,
               team_id=row.team_id, team_name=row.team_name, bot_token=cipher.decrypt(row.bot_token_encrypted),
               bot_id=row.bot_id or "", bot_user_id=row.bot_user_id or "", bot_scopes=row.bot_scopes,
               bot_refresh_token=cipher.decrypt(refresh) if refresh else None,
               bot_token_expires_at=int(expires.timestamp()) if expires else None,
               is_enterprise_install=row.is_enterprise_install, installed_at=row.installed_at.timestamp())


def _row(client_id: str, bot: Bot, team_id: str | None, now: datetime, cipher: TokenCipher) -> SlackInstallation:
    row = SlackInstallation(client_id=client_id, app_id=bot.app_id, enterprise_id=bot.enterprise_id,
                            enterprise_name=bot.enterprise_name, team_id=team_id, team_name=bot.team_name,
                            is_enterprise_install=bool(bot.is_enterprise_install), bot_token_encrypted="",
                            installed_at=now)
    _take_tokens(row, bot, cipher)
    return row


def _take_tokens(row: SlackInstallation, bot: Bot, cipher: TokenCipher) -> None:
    row.bot_token_encrypted = cipher.encrypt(bot.bot_token or "")
    row.bot_id = bot.bot_id or row.bot_id
    row.bot_user_id = bot.bot_user_id or row.bot_user_id
    row.bot_scopes = ",".join(bot.bot_scopes) if bot.bot_scopes else row.bot_scopes
    refresh = bot.bot_refresh_token
    row.bot_refresh_token_encrypted = cipher.encrypt(refresh) if refresh else None
    expires = bot.bot_token_expires_at
    row.bot_token_expires_at = datetime.fromtimestamp(expires, UTC) if expires else None


def _replaced_by(row: SlackInstallation, bot: Bot) -> bool:
    """A reinstall replaces the same owner's row; an org-wide install also its own workspaces' rows."""
    if bot.is_enterprise_install:
        return row.enterprise_id == bot.enterprise_id
    return row.enterprise_id == bot.enterprise_id and row.team_id == bot.team_id


def _owner_name(bot: Bot) -> str:
    if bot.is_enterprise_install:
        return f"the organisation {bot.enterprise_name or ''} ({bot.enterprise_id}), org-wide"  # not text: logged
    return f"the workspace {bot.team_name or ''} ({bot.team_id})"  # not text: logged


def re_encrypt_tokens(*, sessions: SessionFactory, cipher: TokenCipher) -> int:
    """Every installation's tokens encrypted again with the newest key (after IT put a new key first); how many
    installations. Afterwards the old key can be dropped from MENTORBOT_TOKEN_KEYS."""
    with transaction(sessions) as session:
        found = rows.all_installations(session=session, for_update=True)
        for row in found:
            row.bot_token_encrypted = cipher.re_encrypt(row.bot_token_encrypted)
            if row.bot_refresh_token_encrypted:
                row.bot_refresh_token_encrypted = cipher.re_encrypt(row.bot_refresh_token_encrypted)
        return len(found)
