"""OAuth installs as Slack runs them: the authorize step a browser goes through, `oauth.v2.access` (a code exchanged
once, or a refresh token spent once), expiring tokens when token rotation is on, and org-wide installs.

At least as strict as Slack: the client id and secret must be the app's; `redirect_uri` must be one of the app's
Redirect URLs and, when the authorize step named one, the exchange must name the same; a code works once and for
ten minutes; a used refresh token is revoked; an expired access token answers `token_expired`, an unknown one
`invalid_auth`. The emulator also requires a `state` parameter at the authorize step (Slack only passes it back).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from bot.emulator.models import SlackError
from bot.emulator.scopes import DEFAULT_SCOPES
from bot.emulator.workspace import APP_ID, BOT_USER_ID, ENTERPRISE_NAME, Workspace

CODE_LIFETIME_SECONDS = 600
ACCESS_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60  # rotating tokens expire after 12 hours
ENTERPRISE_ID = "E0MENTOR"
AUTHORIZE_PATH = "/oauth/v2/authorize"


@dataclass(frozen=True)
class OAuthApp:
    """The app's settings at api.slack.com: credentials, Redirect URLs, token rotation and org-wide deployment."""

    client_id: str
    client_secret: str
    redirect_urls: tuple[str, ...]
    token_rotation: bool = False
    org_deploy: bool = False


@dataclass
class Grant:
    code: str
    redirect_uri: str | None  # as named at the authorize step (the exchange must name the same)
    org_wide: bool
    installer: str
    scopes: frozenset[str]
    expires_at: float
    used: bool = False


@dataclass
class OAuthRegistry:
    app: OAuthApp
    grants: dict[str, Grant] = field(default_factory=dict)
    access_tokens: dict[str, float | None] = field(default_factory=dict)  # token -> expiry (None: never)
    refresh_tokens: set[str] = field(default_factory=set)


class AuthorizeRefused(Exception):
    """What Slack's authorize page shows instead of redirecting (a bad client id, redirect_uri, ...)."""


def authorize(ws: Workspace, url: str, *, installer: str, org_wide: bool) -> str:
    """The installer approves the app at the authorize URL the app sent them to: the redirect Location."""
    registry = _registry(ws)
    query = {key: values[0] for key, values in parse_qs(urlparse(url).query, keep_blank_values=True).items()}
    if query.get("client_id") != registry.app.client_id:
        raise AuthorizeRefused("invalid_client_id")
    redirect_uri = query.get("redirect_uri") or None
    if redirect_uri is not None and redirect_uri not in registry.app.redirect_urls:
        raise AuthorizeRefused("bad_redirect_uri")
    if not query.get("state"):
        raise AuthorizeRefused("missing_state")  # stricter than Slack, which only passes state back
    scopes = frozenset(scope for scope in query.get("scope", "").split(",") if scope)
    if not scopes <= DEFAULT_SCOPES:
        raise AuthorizeRefused("invalid_scope")
    if org_wide and not registry.app.org_deploy:
        raise AuthorizeRefused("org_deploy_not_enabled")
    code = f"{int(ws.now())}.{secrets.token_hex(12)}"
    registry.grants[code] = Grant(code, redirect_uri, org_wide, installer, scopes, ws.now() + CODE_LIFETIME_SECONDS)
    target = redirect_uri or registry.app.redirect_urls[0]
    return f"{target}{'&' if '?' in target else '?'}{urlencode({'code': code, 'state': query['state']})}"


def oauth_v2_access(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    registry = _registry(ws)
    if args.get("client_id") != registry.app.client_id:
        raise SlackError("invalid_client_id")
    if args.get("client_secret") != registry.app.client_secret:
        raise SlackError("bad_client_secret")
    grant_type = args.get("grant_type") or "authorization_code"
    if grant_type == "refresh_token":
        return _refresh(ws, registry, str(args.get("refresh_token") or ""))
    if grant_type != "authorization_code":
        raise SlackError("invalid_grant_type")
    return _exchange(ws, registry, str(args.get("code") or ""), args.get("redirect_uri") or None)


def token_problem(ws: Workspace, token: str) -> str | None:
    """None when the token is good; else Slack's error: `token_expired` or `invalid_auth`."""
    if token == ws.bot_token and ws.oauth is None:
        return None
    registry: OAuthRegistry | None = ws.oauth
    if registry is None or token not in registry.access_tokens:
        return "invalid_auth"
    expires_at = registry.access_tokens[token]
    if expires_at is not None and ws.now() >= expires_at:
        return "token_expired"
    return None


def revoke_all(ws: Workspace) -> None:
    """The app is uninstalled or its tokens revoked: every token Slack issued stops working."""
    if ws.oauth is not None:
        ws.oauth.access_tokens.clear()
        ws.oauth.refresh_tokens.clear()


def _exchange(ws: Workspace, registry: OAuthRegistry, code: str, redirect_uri: str | None) -> dict[str, Any]:
    grant = registry.grants.get(code)
    if grant is None or ws.now() >= grant.expires_at:
        raise SlackError("invalid_code")
    if grant.used:
        raise SlackError("code_already_used")
    if grant.redirect_uri is not None and redirect_uri != grant.redirect_uri:
        raise SlackError("bad_redirect_uri")
    if redirect_uri is not None and redirect_uri not in registry.app.redirect_urls:
        raise SlackError("bad_redirect_uri")
    grant.used = True
    ws.revoked = None
    ws.scopes = grant.scopes
    ws.enterprise_id = (ws.enterprise_id or ENTERPRISE_ID) if grant.org_wide else ws.enterprise_id
    ws.enterprise_install = grant.org_wide
    return {**_tokens(ws, registry), "authed_user": {"id": grant.installer}}


def _refresh(ws: Workspace, registry: OAuthRegistry, refresh_token: str) -> dict[str, Any]:
    if not registry.app.token_rotation:
        raise SlackError("token_rotation_not_enabled")
    if refresh_token not in registry.refresh_tokens:
        raise SlackError("invalid_refresh_token")
    registry.refresh_tokens.discard(refresh_token)  # "The refresh token is then revoked"
    return _tokens(ws, registry)


def _tokens(ws: Workspace, registry: OAuthRegistry) -> dict[str, Any]:
    rotating = registry.app.token_rotation
    token = f"{'xoxe.' if rotating else ''}xoxb-{secrets.token_hex(4)}-{secrets.token_hex(12)}"
    registry.access_tokens[token] = ws.now() + ACCESS_TOKEN_LIFETIME_SECONDS if rotating else None
    answer: dict[str, Any] = {
        "access_token": token, "token_type": "bot", "scope": ",".join(sorted(ws.scopes)),
        "bot_user_id": BOT_USER_ID, "app_id": APP_ID,
        "team": None if ws.enterprise_install else {"id": ws.team_id, "name": ws.team_name},
        "enterprise": {"id": ws.enterprise_id, "name": ENTERPRISE_NAME} if ws.enterprise_id else None,
        "is_enterprise_install": ws.enterprise_install,
    }
    if rotating:
        refresh_token = f"xoxe-1-{secrets.token_hex(16)}"
        registry.refresh_tokens.add(refresh_token)
        answer.update(refresh_token=refresh_token, expires_in=ACCESS_TOKEN_LIFETIME_SECONDS)
    return answer


def _registry(ws: Workspace) -> OAuthRegistry:
    if ws.oauth is None:
        raise SlackError("invalid_client_id")  # the emulated app is not distributable (no OAuth settings)
    registry: OAuthRegistry = ws.oauth
    return registry
