"""`mentorbot doctor`: checks a configured workspace before go-live, each check with what to do if it fails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import Engine

from bot.i18n import N_, _, format_time, format_weekday, ngettext
from bot.installations import bot_of
from bot.settings import Settings
from bot.slack_access import access_lost
from bot.tenants import served_tenants
from storage.engine import session_factory
from storage.migrate import pending_migration_message
from storage.queries.installations import installations
from storage.queries.outbox import refused_count, waiting_count
from storage.tables import SlackInstallation
from storage.tenancy import DEFAULT_TENANT_ID, tenant_scope
from storage.token_cipher import UnreadableToken

# Every bot scope the code uses, and why: manifest.yml asks for exactly these (a test keeps the two equal).
REQUIRED_SCOPES: dict[str, str] = {
    "commands": N_("the /mentor slash command"),
    "chat:write": N_("check-ins, introductions, announcements"),
    "im:write": N_("opening a direct message with one person"),
    "im:history": N_("checking, after a crash, whether a DM really went out before resending it"),
    "mpim:write": N_("the mentor-mentee introduction group DM"),
    "mpim:history": N_("checking, after a crash, whether an introduction really went out before resending it"),
    "users:read": N_("names and each person's timezone; user_change events"),
    "users:read.email": N_("roster import by email"),
    "files:write": N_("exports, charts, reports and calendar files"),
    "files:read": N_("checking, after a crash, whether a file really was shared before uploading it again"),
}


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def run_checks(settings: Settings, engine: Engine, client: WebClient, now: datetime) -> list[Check]:
    """Every check, in the order someone setting up would fix them; a failed check never stops the rest."""
    database = _database(engine)
    checks = [database, *_install_mode(settings, engine if database.ok else None, now)]
    tenants = _installed_tenants(settings, engine) if database.ok else []
    for tenant_id, whose in tenants or [(DEFAULT_TENANT_ID, "")]:
        with tenant_scope(tenant_id):  # the client asks for this tenant's token (bot/startup.py)
            granted, auth = _auth(client, settings)
            checks.append(_for(auth, whose))
            if granted is not None:
                checks.append(_for(_scopes(granted), whose))
    checks += [_timezone(settings.timezone, now), _transport(settings, client)]
    if database.ok:
        for tenant_id, whose in tenants or [(DEFAULT_TENANT_ID, "")]:
            with tenant_scope(tenant_id):
                checks += [_for(check, whose) for check in _outbox_state(engine)]
        checks += _held(settings, engine)
    return checks


def _held(settings: Settings, engine: Engine) -> list[Check]:
    """OAuth mode: programs whose workspace uninstalled mentorbot (or revoked its token) and whose messages wait."""
    if not settings.oauth_installs:
        return []
    sessions, held = session_factory(engine), []
    for tenant in served_tenants(sessions=sessions, oauth=True, client_id=settings.slack_client_id):
        if not tenant.installed:
            with tenant_scope(tenant.id), sessions() as session:
                waiting = waiting_count(session=session)
            if waiting:
                held.append(_("{count} of {name}").format(count=waiting, name=tenant.name))
    if not held:
        return []
    return [Check(_("held messages"), True, _("not installed, so not sent: {held} (they go out if it is installed "
                                              "again)").format(held="; ".join(held)))]


def _installed_tenants(settings: Settings, engine: Engine) -> list[tuple[int, str]]:
    """OAuth mode: each installed tenant with the name its checks carry (one installation: no name needed)."""
    if not settings.oauth_installs:
        return []
    installed = [(t.id, t.name) for t in served_tenants(sessions=session_factory(engine), oauth=True,
                                                        client_id=settings.slack_client_id) if t.installed]
    return installed if len(installed) > 1 else [(tenant_id, "") for tenant_id, _unused in installed]


def _for(check: Check, whose: str) -> Check:
    return Check(f"{check.name} ({whose})", check.ok, check.detail, check.fix) if whose else check


def _install_mode(settings: Settings, engine: Engine | None, now: datetime) -> list[Check]:
    """Single-workspace (one token) or OAuth installs: what each mode needs set, and (OAuth) what is installed."""
    if not settings.oauth_installs:
        return [Check(_("install mode"), True, _("single workspace: SLACK_BOT_TOKEN (OAuth installs: README 'Install "
                                              "modes')"))]
    checks = [_oauth_credentials(settings), _token_key(settings)]
    if settings.slack_app_token is not None:
        checks.append(Check(_("install mode"), False, _("OAuth installs cannot run over Socket Mode"),
                            _("unset SLACK_APP_TOKEN and run `mentorbot serve` behind SLACK_REDIRECT_URI's host")))
    if engine is not None:
        checks.append(_installations(settings, engine, now))
    return checks


def _token_key(settings: Settings) -> Check:
    """Whether the key that encrypts installations' tokens at rest is set (`serve` refuses to start without it)."""
    cipher = settings.token_cipher()
    if cipher is None:
        return Check(_("token encryption"), False, _("MENTORBOT_TOKEN_KEYS is not set: installations' tokens cannot be "
                                                     "stored"), _("run `mentorbot tokens new-key` and set MENTORBOT_TOKEN_KEYS to it in every process"))
    extra = (ngettext("; {n} older key only decrypts (drop it after `mentorbot tokens re-encrypt`)",
                      "; {n} older keys only decrypt (drop them after `mentorbot tokens re-encrypt`)",
                      cipher.key_count - 1).format(n=cipher.key_count - 1) if cipher.key_count > 1 else "")
    return Check(_("token encryption"), True, _("MENTORBOT_TOKEN_KEYS is set: tokens are encrypted at rest{extra}").format(extra=extra))


def _oauth_credentials(settings: Settings) -> Check:
    """Slack's answer to a code exchange with a made-up code: invalid_code means the client id and secret are right."""
    assert settings.slack_client_id and settings.slack_client_secret and settings.slack_redirect_uri
    redirect = settings.slack_redirect_uri
    if not urlparse(redirect).path.endswith("/slack/oauth_redirect"):
        return Check(_("OAuth install"), False, _("SLACK_REDIRECT_URI {redirect} does not end in /slack/oauth_redirect").format(redirect=redirect),
                     _("use https://<mentorbot's host>/slack/oauth_redirect here and among the app's Redirect URLs"))
    try:
        WebClient(base_url=settings.slack_api_url, timeout=10).oauth_v2_access(
            client_id=settings.slack_client_id, client_secret=settings.slack_client_secret.get_secret_value(),
            code="mentorbot-doctor-check", redirect_uri=redirect)
        answer = "ok"
    except SlackApiError as error:
        answer = str(error.response.get("error"))
    except OSError as error:
        return Check(_("OAuth install"), False, _("Slack is not reachable ({error})").format(error=type(error).__name__),
                     _("check SLACK_API_URL and outbound HTTPS from this host"))
    if answer in ("invalid_client_id", "bad_client_secret"):
        return Check(_("OAuth install"), False, _("oauth.v2.access says {answer}").format(answer=answer),
                     _("copy the Client ID and Client Secret from Basic Information > App Credentials"))
    return Check(_("OAuth install"), True, _("client id and secret accepted; installers start at {start} and return to "
                                             "{redirect}").format(start=_install_url(redirect), redirect=redirect))


def _installations(settings: Settings, engine: Engine, now: datetime) -> Check:
    with session_factory(engine)() as session:
        rows = installations(session=session, client_id=settings.slack_client_id or "")
    if not rows:
        return Check(_("installations"), False, _("mentorbot is not installed anywhere yet"),
                     _("an admin opens {url} and approves (org-wide on Enterprise Grid: an org admin, then each workspace "
                       "is added in the admin dashboard)").format(url=_install_url(settings.slack_redirect_uri or "")))
    cipher = settings.token_cipher()
    try:
        for row in rows:
            if cipher is not None:
                bot_of(row, cipher)
    except UnreadableToken as unreadable:
        return Check(_("installations"), False, str(unreadable).split(":")[0],
                     _("put the old key back into MENTORBOT_TOKEN_KEYS, after the new one"))
    return Check(_("installations"), True, "; ".join(_described(row, now) for row in rows))


def _described(row: SlackInstallation, now: datetime) -> str:
    where = (_("org-wide in {org}").format(org=row.enterprise_name or row.enterprise_id) if row.is_enterprise_install
             else _("workspace {team}").format(team=row.team_name or row.team_id))
    if row.bot_token_expires_at is None:
        return _("{where}, token without expiry (token rotation off)").format(where=where)
    hours = (row.bot_token_expires_at - now).total_seconds() / 3600
    left = _("expired") if hours <= 0 else _("{hours} h left").format(hours=f"{hours:.0f}")
    return _("{where}, rotating token ({left}; refreshed before use)").format(where=where, left=left)


def _install_url(redirect_uri: str) -> str:
    return redirect_uri.rsplit("/slack/oauth_redirect", 1)[0] + "/slack/install"


def _database(engine: Engine) -> Check:
    try:
        pending = pending_migration_message(engine)
    except Exception as error:  # any driver error means the same thing here: not reachable
        return Check(_("database"), False, _("not reachable ({error})").format(error=type(error).__name__),
                     _("check DATABASE_URL and that the server accepts connections"))
    if pending:
        return Check(_("database"), False, pending, _("run `mentorbot db upgrade`"))
    return Check(_("database"), True, _("reachable and migrated"))


def _auth(client: WebClient, settings: Settings) -> tuple[set[str] | None, Check]:
    """auth.test, and the scopes the token was granted (Slack names them in the x-oauth-scopes header)."""
    try:
        response = client.auth_test()
    except SlackApiError as error:
        fix = (_("install mentorbot (see the installations check); its token comes from the installation")
               if settings.oauth_installs else _("set SLACK_BOT_TOKEN to the bot token of the installed app (xoxb-...)"))
        return None, Check(_("Slack token"), False, _("auth.test says {error}").format(error=error.response.get('error')), fix)
    except UnreadableToken:
        return None, Check(_("Slack token"), False, _("the installation's token cannot be decrypted"),
                           _("see the installations check"))
    except OSError as error:
        return None, Check(_("Slack token"), False, _("Slack is not reachable ({error})").format(error=type(error).__name__),
                           _("check SLACK_API_URL and outbound HTTPS from this host"))
    header = next((v for k, v in response.headers.items() if k.lower() == "x-oauth-scopes"), None)
    granted = {scope.strip() for scope in header.split(",") if scope.strip()} if header is not None else None
    return granted, Check(_("Slack token"), True, _("works as {user} in {team}").format(
        user=response.get('user'), team=response.get('team')))


def _scopes(granted: set[str]) -> Check:
    missing = [scope for scope in REQUIRED_SCOPES if scope not in granted]
    extra = sorted(granted - set(REQUIRED_SCOPES))
    unused = _("; granted but unused: {scopes}").format(scopes=", ".join(extra)) if extra else ""
    if missing:
        needs = "; ".join(f"{scope} ({_(REQUIRED_SCOPES[scope])})" for scope in missing)
        return Check(_("scopes"), False, _("missing {needs}{unused}").format(needs=needs, unused=unused),
                     _("add them under OAuth & Permissions (or from manifest.yml) and reinstall the app"))
    return Check(_("scopes"), True, _("all {count} granted{unused}").format(count=len(REQUIRED_SCOPES), unused=unused))


def _timezone(name: str, now: datetime) -> Check:
    local = now.astimezone(ZoneInfo(name))  # settings already refused anything that is not an IANA name
    return Check(_("program timezone"), True, _("{name}: it is {local} there now").format(
        name=name, local=f"{format_weekday(local)} {format_time(local, 'HH:mm')}"),
                 _("set MENTORBOT_TIMEZONE if that is not the program's clock"))


def _transport(settings: Settings, client: WebClient) -> Check:
    if settings.slack_app_token is None:
        if settings.slack_signing_secret is None:
            return Check(_("HTTP mode"), False, _("SLACK_SIGNING_SECRET is not set"),
                         _("copy the signing secret from Basic Information, or use Socket Mode (SLACK_APP_TOKEN)"))
        return Check(_("HTTP mode"), True, _("signing secret set; Slack must reach /slack/events (see manifest.yml)"))
    try:
        client.apps_connections_open(app_token=settings.slack_app_token.get_secret_value())
    except SlackApiError as error:
        return Check(_("Socket Mode"), False, _("apps.connections.open says {error}").format(
            error=error.response.get('error')),
                     _("give the app-level token the connections:write scope and enable Socket Mode"))
    return Check(_("Socket Mode"), True, _("the app-level token can open a connection"))


def _outbox_state(engine: Engine) -> list[Check]:
    with session_factory(engine)() as session:
        lost = access_lost(session=session)
        refused = refused_count(session=session)
    checks = []
    if lost:
        checks.append(Check(_("Slack access"), False, _("revoked ({reason} since {since})").format(
            reason=lost['reason'], since=lost['since']),
                            _("reinstall the app; sending resumes by itself once Slack accepts the token")))
    checks.append(Check(_("refused messages"), not refused,
                        _("{n} refused by Slack as malformed").format(n=refused) if refused else _("none"), _("see `mentorbot outbox failures` and report the message to the maintainers")))
    return checks


def report(checks: list[Check], echo: Callable[[str], None]) -> bool:
    """Print each check with its fix; True when all passed."""
    for check in checks:
        echo(f"{'ok ' if check.ok else 'FAIL'} {check.name}: {check.detail}")  # not text: ok / FAIL stay
        if not check.ok and check.fix:
            echo(f"     -> {check.fix}")
    return all(check.ok for check in checks)
