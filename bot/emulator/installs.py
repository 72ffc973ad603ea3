"""The app's installation as a workspace sees it: OAuth installs (bot/emulator/oauth.py), Enterprise Grid, granted
scopes, revoked tokens and uninstalls, reinstalling."""

from __future__ import annotations

from bot.emulator import oauth
from bot.emulator.acting import Acting
from bot.emulator.browser import Browser, BrowserPage, authorize_link
from bot.emulator.models import ActResult
from bot.emulator.workspace import BOT_USER_ID


class Installs(Acting):
    """Install, scope, revoke and reinstall the app."""

    def revoke_tokens(self, *, uninstall: bool = False) -> ActResult:
        """The workspace revokes the bot token (or uninstalls the app): every call fails, and the app is told."""
        with self._ws.lock:
            self._ws.revoked = "account_inactive" if uninstall else "token_revoked"
            oauth.revoke_all(self._ws)
        if uninstall:
            return self.send_event({"type": "app_uninstalled"})
        return self.send_event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [BOT_USER_ID]}})

    def enable_oauth(self, app: oauth.OAuthApp) -> None:
        """Make the app distributable with these settings (in every workspace: it is one app): from now on only
        tokens issued by installs work."""
        with self._ws.lock:
            for workspace in self._workspaces.all():
                workspace.oauth = oauth.OAuthRegistry(app)

    @property
    def authorize_url(self) -> str:
        """Where apps send installers (SLACK_AUTHORIZE_URL)."""
        if not self._ws.base_url:
            raise RuntimeError("start() the emulator before asking for its authorize_url")
        return f"{self._ws.base_url}{oauth.AUTHORIZE_PATH}"

    def install(self, installer: str, install_url: str, *, org_wide: bool = False,
                browser: Browser | None = None) -> BrowserPage:
        """An installer opens the app's install URL, approves on Slack (org-wide: for the whole organisation) and is
        sent back to the app: the page the app shows at the end."""
        browser = browser or Browser()
        link = authorize_link(browser.get(install_url))
        if link is None or not link.startswith(self.authorize_url):
            raise AssertionError(f"the install page does not link to Slack's authorize URL: {link!r}")
        with self._ws.lock:
            try:
                redirect = oauth.authorize(self._ws, link, installer=installer, org_wide=org_wide)
            except oauth.AuthorizeRefused as refused:
                return BrowserPage(400, f"Slack refused the install: {refused}")
        return browser.get(redirect)

    def authorize_only(self, installer: str, install_url: str, *, org_wide: bool = False) -> tuple[Browser, str]:
        """The install up to Slack's redirect, not followed: (the browser, the redirect URL), to replay or tamper."""
        browser = Browser()
        link = authorize_link(browser.get(install_url))
        assert link is not None and link.startswith(self.authorize_url), link
        with self._ws.lock:
            return browser, oauth.authorize(self._ws, link, installer=installer, org_wide=org_wide)

    def authorize_with(self, installer: str, link: str, *, org_wide: bool = False) -> str:
        """Slack's authorize step for a URL a test builds itself: the redirect Location (AuthorizeRefused if not)."""
        with self._ws.lock:
            return oauth.authorize(self._ws, link, installer=installer, org_wide=org_wide)

    def issued_tokens(self) -> dict[str, float | None]:
        """Every access token installs and refreshes issued that still works, with its expiry (None: never)."""
        with self._ws.lock:
            registry = self._ws.oauth
            return dict(registry.access_tokens) if registry is not None else {}

    def in_enterprise(self, enterprise_id: str = oauth.ENTERPRISE_ID) -> None:
        """This workspace belongs to an Enterprise Grid organisation."""
        with self._ws.lock:
            self._ws.enterprise_id = enterprise_id

    def grant_scopes(self, scopes: set[str] | frozenset[str]) -> None:
        """Reinstall with exactly these bot scopes: calls needing any other answer missing_scope."""
        with self._ws.lock:
            self._ws.scopes = frozenset(scopes)

    def reinstall(self) -> None:
        """The app is installed again with the same token: calls work again."""
        with self._ws.lock:
            self._ws.revoked = None
