"""An app in OAuth mode against an emulator that is a distributable Slack app: nothing installed yet."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.clock import ManualClock
from bot.deps import Deps
from bot.emulator import SlackEmulator
from bot.emulator.oauth import OAuthApp
from bot.server import AppServer, prepare
from bot.settings import Settings, load_settings
from storage.queries.installations import installations
from storage.tables import SlackInstallation
from storage.token_cipher import TokenCipher
from tests.conftest import COORDINATOR, SIGNING_SECRET, WORKSPACE

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "emulated-client-secret-1f2e3d"
TOKEN_KEY = "pHu6z07_gDCsNyPXN9qdypZW7l-97R_qQ3KZiC7h-Ys="  # a Fernet key for tests only (MENTORBOT_TOKEN_KEYS)
MANIFEST = Path(__file__).resolve().parents[1] / "manifest.yml"


class EmulatorTime:
    """The emulator's clock: real time plus whatever a test lets pass (tokens expire on it)."""

    def __init__(self) -> None:
        import time

        self._time = time.time
        self.offset = 0.0

    def __call__(self) -> float:
        return self._time() + self.offset


@dataclass
class OAuthHarness:
    slack: SlackEmulator
    server: AppServer
    settings: Settings
    clock: ManualClock
    time: EmulatorTime

    @property
    def install_url(self) -> str:
        return f"{self.server.url}/slack/install"

    def installations(self) -> list[SlackInstallation]:
        with self.server.deps.sessions() as session:
            return installations(session=session, client_id=CLIENT_ID)

    def token(self, row: SlackInstallation) -> str:
        """The row's bot token, decrypted (the column holds only its ciphertext)."""
        return self._cipher().decrypt(row.bot_token_encrypted)

    def refresh_token(self, row: SlackInstallation) -> str | None:
        sealed = row.bot_refresh_token_encrypted
        return self._cipher().decrypt(sealed) if sealed else None

    def _cipher(self) -> TokenCipher:
        cipher = self.settings.token_cipher()
        assert cipher is not None
        return cipher


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text())


def _serve(slack: SlackEmulator, database_url: str, clock: ManualClock, token_rotation: bool,
           org_deploy: bool, token_keys: str) -> tuple[AppServer, Settings, Deps]:
    """The redirect URL names the app's port before the app is built: a port another process takes between probing
    and binding is tried again with another."""
    for attempt in range(5):
        port = free_port()
        redirect = f"http://127.0.0.1:{port}/slack/oauth_redirect"
        slack.enable_oauth(OAuthApp(CLIENT_ID, CLIENT_SECRET, (redirect,), token_rotation=token_rotation,
                                    org_deploy=org_deploy))
        settings = load_settings(Settings, slack_client_id=CLIENT_ID, slack_client_secret=CLIENT_SECRET,
                                 slack_redirect_uri=redirect, slack_authorize_url=slack.authorize_url,
                                 slack_signing_secret=SIGNING_SECRET, slack_api_url=slack.api_url,
                                 database_url=database_url, coordinators=COORDINATOR, token_keys=token_keys)
        deps = prepare(settings, clock)
        try:
            return AppServer(settings, deps, port=port).start_in_background(), settings, deps
        except OSError:
            deps.engine.dispose()
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def oauth_harness(database_url: str, clock: ManualClock, *, token_rotation: bool = False,
                  org_deploy: bool = True, token_keys: str = TOKEN_KEY) -> Iterator[OAuthHarness]:
    time = EmulatorTime()
    with SlackEmulator(bot_token="xoxb-never-given-to-the-app", signing_secret=SIGNING_SECRET, clock=time).start() as slack:
        for user in WORKSPACE:
            slack.add_user(user)
        slack.declare_functions(manifest().get("functions") or {})
        server, settings, deps = _serve(slack, database_url, clock, token_rotation, org_deploy, token_keys)
        slack.app_url = f"{server.url}/slack/events"
        try:
            yield OAuthHarness(slack, server, settings, clock, time)
            assert slack.refusals() == [], f"Slack would have refused: {slack.refusals()}"
        finally:
            server.stop()
            deps.engine.dispose()
