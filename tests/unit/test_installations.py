"""OAuth mode's rules called as Bolt and the workers call them (bot/installations.py, bot/tenants.py), on a fresh
database with no HTTP: which tenant an install, a request and a job belong to, what a reinstall or an org-wide install
replaces, the one-use install states, the encrypted tokens, and the refresh of a token about to expire."""

from __future__ import annotations

from collections.abc import Iterator
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot, Installation
from sqlmodel import select

from bot.clock import ManualClock
from bot.installations import (
    STATE_LIFETIME_SECONDS,
    DatabaseInstallationStore,
    DatabaseStateStore,
    Refresher,
    bot_of,
    forget_installation,
    re_encrypt_tokens,
    tenant_bot_token,
)
from bot.slack_access import access_lost, record_access_lost
from bot.tenants import (
    OrgWideInstallRefused,
    ServedTenant,
    UnknownTenant,
    enter_request_tenant,
    served_tenants,
    tenant_name,
    tenant_of_request,
)
from storage.engine import SessionFactory, make_engine, session_factory, transaction
from storage.tables import OAuthState, SlackInstallation
from storage.tenancy import DEFAULT_TENANT_ID, Tenant, current_tenant, tenant_scope
from storage.token_cipher import TokenCipher, new_key
from tests.databases import DatabaseMaker, is_postgres

CLIENT = "111.222"
NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
KEY = new_key()


@pytest.fixture
def sessions(database_maker: DatabaseMaker) -> Iterator[SessionFactory]:
    with database_maker.fresh() as url:
        engine = make_engine(url)
        yield session_factory(engine)
        engine.dispose()


@pytest.fixture
def store(sessions: SessionFactory) -> DatabaseInstallationStore:
    return DatabaseInstallationStore(sessions, CLIENT, ManualClock(NOW), TokenCipher([KEY]))


def install(store: DatabaseInstallationStore, team: str | None, enterprise: str | None = None, *,
            org_wide: bool = False, token: str = "xoxb-1", **more: Any) -> None:
    store.save(Installation(app_id="A1", enterprise_id=enterprise, team_id=team, bot_token=token, bot_id="B1",
                            bot_user_id="UBOT", bot_scopes=["chat:write", "users:read"], user_id="UINSTALLER",
                            is_enterprise_install=org_wide, enterprise_name="Grid" if enterprise else None,
                            team_name=f"Team {team}", **more))


def installed(sessions: SessionFactory) -> set[tuple[str | None, str | None, bool]]:
    with sessions() as session:
        return {(row.enterprise_id, row.team_id, row.is_enterprise_install)
                for row in session.exec(select(SlackInstallation))}


def tenants(sessions: SessionFactory) -> list[tuple[int | None, str | None, str | None, bool]]:
    with sessions() as session:
        return [(t.id, t.enterprise_id, t.team_id, t.is_enterprise_install)
                for t in session.exec(select(Tenant).order_by(Tenant.id))]


def of(sessions: SessionFactory, enterprise: str | None, team: str | None, oauth: bool = True) -> int | None:
    return tenant_of_request(sessions=sessions, oauth=oauth, enterprise_id=enterprise, team_id=team)


def test_the_first_install_claims_tenant_one_and_each_other_workspace_gets_its_own(sessions, store) -> None:
    install(store, "T1")
    install(store, "T2")
    install(store, "T1", token="xoxb-again")  # a reinstall keeps its tenant and replaces its row
    assert tenants(sessions) == [(1, None, "T1", False), (2, None, "T2", False)]
    assert installed(sessions) == {(None, "T1", False), (None, "T2", False)}
    assert (of(sessions, None, "T1"), of(sessions, None, "T2"), of(sessions, None, "T9")) == (1, 2, None)
    assert of(sessions, None, "T9", oauth=False) == DEFAULT_TENANT_ID == 1  # one workspace's token: one program
    assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-again"


def test_an_org_wide_install_keeps_its_workspace_programs_tenant_and_answers_for_every_workspace(sessions,
                                                                                                store) -> None:
    install(store, "T0", token="xoxb-zero")  # another customer's workspace holds tenant 1
    install(store, "T1", "E1")
    install(store, None, "E1", org_wide=True, token="xoxb-org")
    assert tenants(sessions) == [(1, None, "T0", False), (2, "E1", None, True)]
    assert installed(sessions) == {(None, "T0", False), ("E1", None, True)}  # the workspace's row replaced
    assert of(sessions, "E1", "T1") == of(sessions, "E1", "T7") == of(sessions, "E1", None) == 2
    assert of(sessions, None, None) is None
    bot = store.find_bot(enterprise_id="E1", team_id="T7")  # any workspace of the organisation
    assert (bot.bot_token, bot.is_enterprise_install) == ("xoxb-org", True)
    assert store.find_bot(enterprise_id=None, team_id="T0").bot_token == "xoxb-zero"


def test_a_new_organisations_org_wide_install_gets_a_tenant_of_its_own(sessions, store) -> None:
    install(store, "T0")
    install(store, None, "E2", org_wide=True)
    assert tenants(sessions) == [(1, None, "T0", False), (2, "E2", None, True)]


def test_an_org_wide_install_over_two_workspace_programs_is_refused_and_changes_nothing(sessions, store) -> None:
    install(store, "T1", "E1")
    install(store, "T2", "E1")
    with pytest.raises(OrgWideInstallRefused, match=r"2 workspaces of this organisation .*\(T1, T2\)"):
        install(store, None, "E1", org_wide=True)
    assert tenants(sessions) == [(1, "E1", "T1", False), (2, "E1", "T2", False)]
    assert installed(sessions) == {("E1", "T1", False), ("E1", "T2", False)}


def test_a_request_enters_its_tenant_and_an_unknown_workspace_is_refused(sessions, store) -> None:
    install(store, "T1")
    install(store, "T2")
    with tenant_scope(DEFAULT_TENANT_ID):
        assert enter_request_tenant(sessions=sessions, oauth=True, enterprise_id=None, team_id="T2") == 2
        assert current_tenant() == 2
        with pytest.raises(UnknownTenant, match="no tenant for team T3 / enterprise None"):
            enter_request_tenant(sessions=sessions, oauth=True, enterprise_id=None, team_id="T3")
        assert current_tenant() == 2


def test_installing_records_that_slack_lets_the_installing_program_in(sessions, store) -> None:
    install(store, "T1")
    install(store, "T2")
    for tenant in (1, 2):
        with tenant_scope(tenant), transaction(sessions) as session:
            record_access_lost(session=session, reason="token_revoked", now=NOW)

    install(store, "T2")  # only the installing program's access is restored, not tenant 1's
    assert lost_in(sessions) == {1: True, 2: False}
    install(store, "T1")
    assert lost_in(sessions) == {1: False, 2: False}


def lost_in(sessions: SessionFactory) -> dict[int, bool]:
    found = {}
    with sessions() as session:
        for tenant in (1, 2):
            with tenant_scope(tenant):
                found[tenant] = access_lost(session=session) is not None
    return found


def test_served_tenants_name_each_and_say_which_are_installed(sessions, store) -> None:
    assert served_tenants(sessions=sessions, oauth=False, client_id=None) == [
        ServedTenant(1, "the workspace", True)]
    install(store, "T1")
    install(store, None, "E2", org_wide=True)
    install(store, "T3", "E3")
    forget_installation(sessions=sessions, client_id=CLIENT, enterprise_id="E3", team_id="T3")
    with transaction(sessions) as session:
        session.add(Tenant(created_at=NOW))
    assert served_tenants(sessions=sessions, oauth=True, client_id=CLIENT) == [
        ServedTenant(1, "workspace T1 (tenant 1)", True), ServedTenant(2, "organisation E2 (tenant 2)", True),
        ServedTenant(3, "workspace T3 (tenant 3)", False), ServedTenant(4, "tenant 4 (not installed yet)", False)]
    assert [t.installed for t in served_tenants(sessions=sessions, oauth=True, client_id="other")] == [False] * 4
    assert tenant_name(Tenant(id=9, team_id="T9")) == "workspace T9 (tenant 9)"


def test_a_workspace_of_an_org_wide_organisation_is_served_by_the_organisations_installation(sessions,
                                                                                               store) -> None:
    install(store, None, "E1", org_wide=True)
    with transaction(sessions) as session:  # a tenant of one workspace of that organisation, installed before
        session.add(Tenant(enterprise_id="E1", team_id="T5", created_at=NOW))
    assert [t.installed for t in served_tenants(sessions=sessions, oauth=True, client_id=CLIENT)] == [True, True]


def test_forgetting_a_workspace_also_forgets_its_organisations_org_wide_installation(sessions, store) -> None:
    install(store, "T0")
    install(store, None, "E1", org_wide=True)
    assert forget_installation(sessions=sessions, client_id=CLIENT, enterprise_id="E1", team_id="T4") == 1
    assert installed(sessions) == {(None, "T0", False)}
    assert store.find_bot(enterprise_id="E1", team_id="T4") is None
    store.delete_installation(enterprise_id=None, team_id="T0", user_id="U1")  # a user's token: none kept
    assert installed(sessions) == {(None, "T0", False)}
    store.delete_all(enterprise_id=None, team_id="T0")
    assert installed(sessions) == set()


def test_delete_bot_and_delete_installation_forget_the_workspaces_tokens(sessions, store) -> None:
    install(store, "T1")
    install(store, "T2")
    store.delete_bot(enterprise_id=None, team_id="T1")
    store.delete_installation(enterprise_id=None, team_id="T2")
    assert installed(sessions) == set()


def test_an_installation_is_found_with_its_bot_and_never_a_users_token(store) -> None:
    install(store, "T1", token="xoxb-abc", bot_refresh_token="xoxe-1", bot_token_expires_in=3600)
    found = store.find_installation(enterprise_id=None, team_id="T1")
    assert (found.bot_token, found.bot_id, found.bot_user_id, found.bot_scopes, found.team_id, found.team_name,
            found.app_id, found.bot_refresh_token, found.user_id) == (
        "xoxb-abc", "B1", "UBOT", ["chat:write", "users:read"], "T1", "Team T1", "A1", "xoxe-1", "")
    assert found.bot_token_expires_at is not None
    assert found.installed_at == NOW.timestamp()
    assert store.find_installation(enterprise_id=None, team_id="T1", user_id="U1") is None
    assert store.find_installation(enterprise_id=None, team_id="T2") is None


def test_tokens_are_stored_encrypted_and_re_encrypted_under_a_new_key(sessions, store) -> None:
    install(store, "T1", token="xoxb-secret", bot_refresh_token="xoxe-secret", bot_token_expires_in=3600)
    with sessions() as session:
        [row] = session.exec(select(SlackInstallation))
    assert "secret" not in row.bot_token_encrypted + (row.bot_refresh_token_encrypted or "")
    newest = new_key()
    newer = TokenCipher([newest, KEY])
    assert re_encrypt_tokens(sessions=sessions, cipher=newer) == 1
    with sessions() as session:
        [moved] = session.exec(select(SlackInstallation))
    assert moved.bot_token_encrypted != row.bot_token_encrypted
    assert moved.bot_refresh_token_encrypted != row.bot_refresh_token_encrypted
    bot = bot_of(moved, TokenCipher([newest]))  # the old key can go
    assert (bot.bot_token, bot.bot_refresh_token) == ("xoxb-secret", "xoxe-secret")


def test_a_rotated_token_replaces_the_tokens_of_the_same_installation_only(sessions, store) -> None:
    install(store, "T1", token="xoxb-old", bot_refresh_token="xoxe-old", bot_token_expires_in=60)
    install(store, "T2", token="xoxb-other")
    store.save_bot(Bot(app_id="A1", enterprise_id=None, team_id="T1", bot_token="xoxb-new", bot_id="",
                       bot_user_id="", bot_scopes=[], bot_refresh_token="xoxe-new", bot_token_expires_in=7200,
                       installed_at=NOW.timestamp()))
    store.save_bot(Bot(app_id="A1", enterprise_id=None, team_id="T9", bot_token="xoxb-nowhere", bot_id="B",
                       bot_user_id="U", installed_at=NOW.timestamp()))
    bot = store.find_bot(enterprise_id=None, team_id="T1")
    assert (bot.bot_token, bot.bot_refresh_token, bot.bot_id, bot.bot_user_id, bot.bot_scopes) == (
        "xoxb-new", "xoxe-new", "B1", "UBOT", ["chat:write", "users:read"])  # kept where the rotation said nothing
    assert store.find_bot(enterprise_id=None, team_id="T2").bot_token == "xoxb-other"
    assert installed(sessions) == {(None, "T1", False), (None, "T2", False)}


def test_a_state_is_used_once_and_only_before_it_expires(sessions) -> None:
    clock = ManualClock(NOW)
    states = DatabaseStateStore(sessions, clock)
    first, second, third = states.issue(), states.issue(), states.issue()
    assert len({first, second, third}) == 3 and len(first) == 43  # 32 random bytes
    assert states.consume(first) is True
    assert states.consume(first) is False
    clock.advance(timedelta(seconds=STATE_LIFETIME_SECONDS - 1))
    assert states.consume(second) is True
    clock.advance(timedelta(seconds=1))
    assert states.consume(third) is False  # expired: exactly the lifetime later
    with sessions() as session:
        assert list(session.exec(select(OAuthState))) == []  # expired states are swept


def test_a_shorter_state_lifetime_is_honoured(sessions) -> None:
    clock = ManualClock(NOW)
    states = DatabaseStateStore(sessions, clock, expiration_seconds=10)
    state = states.issue()
    clock.advance(timedelta(seconds=10))
    assert states.consume(state) is False


class Rotator:
    """Stands in for slack-sdk's TokenRotator: hands out the next token, or fails as a spent refresh token does."""

    def __init__(self, fail: bool = False, before: Any = None) -> None:
        self.calls: list[tuple[str | None, int]] = []
        self.fail, self.before = fail, before

    def perform_bot_token_rotation(self, *, bot: Bot, minutes_before_expiration: int) -> Bot | None:
        self.calls.append((bot.bot_refresh_token, minutes_before_expiration))
        if self.before:
            self.before()
        if self.fail:
            raise SlackTokenRotationError(Exception("invalid_refresh_token"))
        return Bot(app_id=bot.app_id, enterprise_id=bot.enterprise_id, team_id=bot.team_id,
                   bot_token=f"{bot.bot_token}+", bot_id=bot.bot_id, bot_user_id=bot.bot_user_id,
                   bot_refresh_token=f"{bot.bot_refresh_token}+", bot_token_expires_in=43200,
                   installed_at=bot.installed_at)


def refreshing(store: DatabaseInstallationStore, rotator: Rotator, minutes: int = 120) -> DatabaseInstallationStore:
    return DatabaseInstallationStore(store.sessions, CLIENT, store.clock, store.cipher,
                                     refresher=Refresher(store.sessions, rotator, minutes, store.cipher))  # type: ignore[arg-type]


@pytest.mark.parametrize(("expires_in_minutes", "refreshed"), [(119, True), (121, False), (None, False)])
def test_a_token_is_refreshed_only_within_the_minutes_before_it_expires(store, expires_in_minutes: int | None,
                                                                        refreshed: bool) -> None:
    expiry = {} if expires_in_minutes is None else {"bot_refresh_token": "xoxe-1",
                                                    "bot_token_expires_in": expires_in_minutes * 60}
    install(store, "T1", token="xoxb-1", **expiry)
    rotator = Rotator()
    bot = refreshing(store, rotator).find_bot(enterprise_id=None, team_id="T1")
    assert bot.bot_token == ("xoxb-1+" if refreshed else "xoxb-1")
    assert rotator.calls == ([("xoxe-1", 120)] if refreshed else [])
    if refreshed:  # stored: the next read is fresh and asks nothing
        assert refreshing(store, Rotator()).find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-1+"


@pytest.mark.skipif(is_postgres(), reason="PostgreSQL's row lock makes the other process wait: the race is SQLite's")
def test_a_refresh_lost_to_another_process_takes_its_token_and_a_real_failure_is_raised(sessions, store) -> None:
    install(store, "T1", token="xoxb-1", bot_refresh_token="xoxe-1", bot_token_expires_in=60)

    def another_process_refreshes() -> None:
        winner = DatabaseInstallationStore(sessions, CLIENT, ManualClock(NOW), store.cipher)
        winner.save_bot(Bot(app_id="A1", enterprise_id=None, team_id="T1", bot_token="xoxb-won", bot_id="B1",
                            bot_user_id="UBOT", bot_refresh_token="xoxe-won", bot_token_expires_in=43200,
                            installed_at=NOW.timestamp()))

    lost = refreshing(store, Rotator(fail=True, before=another_process_refreshes))
    assert lost.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-won"

    install(store, "T2", token="xoxb-2", bot_refresh_token="xoxe-2", bot_token_expires_in=60)
    with pytest.raises(SlackTokenRotationError):
        refreshing(store, Rotator(fail=True)).find_bot(enterprise_id=None, team_id="T2")


def test_work_outside_a_request_uses_the_token_of_the_current_tenants_installation(sessions, store) -> None:
    install(store, "T1", token="xoxb-one")
    install(store, None, "E2", org_wide=True, token="xoxb-org")
    install(store, "T3", token="xoxb-three", bot_refresh_token="xoxe-3", bot_token_expires_in=60)
    forget_installation(sessions=sessions, client_id=CLIENT, enterprise_id=None, team_id="T1")
    token = tenant_bot_token(refresher=Refresher(sessions, Rotator(), 120, store.cipher),  # type: ignore[arg-type]
                             client_id=CLIENT)
    found = {}
    for tenant in (1, 2, 3, 4):
        with tenant_scope(tenant):
            found[tenant] = token()
    assert found == {1: None, 2: "xoxb-org", 3: "xoxb-three+", 4: None}


def test_an_org_wide_installation_is_found_whole_and_its_row_names_no_team(sessions, store) -> None:
    install(store, "T5", "E1", org_wide=True, token="xoxb-org")  # Slack may name the installer's workspace
    with sessions() as session:
        [row] = session.exec(select(SlackInstallation))
    assert (row.enterprise_id, row.team_id, row.enterprise_name, row.is_enterprise_install) == ("E1", None, "Grid", True)
    found = store.find_installation(enterprise_id="E1", team_id=None, is_enterprise_install=True)
    assert (found.enterprise_id, found.enterprise_name, found.team_id, found.is_enterprise_install, found.bot_token) == (
        "E1", "Grid", None, True, "xoxb-org")
    bot = store.find_bot(enterprise_id="E1", team_id="T7")
    assert (bot.enterprise_id, bot.enterprise_name) == ("E1", "Grid")


def test_a_rotated_org_wide_token_replaces_the_organisations_tokens(store) -> None:
    install(store, None, "E1", org_wide=True, token="xoxb-org", bot_refresh_token="xoxe-1", bot_token_expires_in=60)
    store.save_bot(Bot(app_id="A1", enterprise_id="E1", team_id=None, bot_token="xoxb-org2", bot_id="B1",
                       bot_user_id="UBOT", bot_refresh_token="xoxe-2", bot_token_expires_in=43200,
                       is_enterprise_install=True, installed_at=NOW.timestamp()))
    assert store.find_bot(enterprise_id="E1", team_id="T1").bot_token == "xoxb-org2"


@pytest.mark.parametrize("forget", ["delete_bot", "delete_installation", "delete_all"])
def test_uninstalling_an_org_wide_installation_forgets_its_tokens(sessions, store, forget: str) -> None:
    install(store, "T0")
    install(store, None, "E1", org_wide=True)
    getattr(store, forget)(enterprise_id="E1", team_id=None)
    assert installed(sessions) == {(None, "T0", False)}


def test_forgetting_a_workspace_of_an_org_wide_organisation_counts_both_rows(sessions, store) -> None:
    install(store, None, "E1", org_wide=True)
    install(store, "T4", "E1")  # a workspace install beside the organisation's
    assert installed(sessions) == {("E1", None, True), ("E1", "T4", False)}
    assert forget_installation(sessions=sessions, client_id=CLIENT, enterprise_id="E1", team_id="T4") == 2


def test_a_bot_without_ids_is_read_back_with_empty_ones(store) -> None:
    store.save(Installation(app_id="A1", team_id="T1", bot_token="xoxb-1", user_id="U1", team_name="One"))
    bot = store.find_bot(enterprise_id=None, team_id="T1")
    assert (bot.bot_id, bot.bot_user_id) == ("", "")


def test_installs_and_refreshes_are_logged_by_owner_never_by_token(sessions, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.installations")
    store = DatabaseInstallationStore(sessions, CLIENT, ManualClock(NOW), TokenCipher([KEY]),
                                      refresher=Refresher(sessions, Rotator(), 120, TokenCipher([KEY])))  # type: ignore[arg-type]
    install(store, "T1", token="xoxb-secret", bot_refresh_token="xoxe-secret", bot_token_expires_in=60)
    install(store, None, "E1", org_wide=True)
    store.save(Installation(app_id="A1", team_id="T9", bot_token="xoxb-9", user_id="U1"))
    store.save(Installation(app_id="A1", enterprise_id="E9", bot_token="xoxb-e9", user_id="U1",
                            is_enterprise_install=True))
    assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-secret+"  # refreshed on the way
    assert [r.getMessage() for r in caplog.records if r.name == "bot.installations"] == [
        "installed in the workspace Team T1 (T1)", "installed in the organisation Grid (E1), org-wide",
        "installed in the workspace  (T9)", "installed in the organisation  (E9), org-wide",
        "refreshed the bot token of the workspace  (T1)"]
    assert "secret" not in caplog.text


def test_a_token_another_process_refreshed_just_before_the_lock_is_taken_as_it_is(sessions, store) -> None:
    install(store, "T1", token="xoxb-1", bot_refresh_token="xoxe-1", bot_token_expires_in=60)
    rotator = Rotator()
    refresher = Refresher(sessions, rotator, 120, store.cipher)  # type: ignore[arg-type]
    from storage.queries import installations as rows

    def locate(session, for_update: bool):  # type: ignore[no-untyped-def]
        if for_update:  # between this process's first read and its lock, another process refreshed
            DatabaseInstallationStore(sessions, CLIENT, ManualClock(NOW), store.cipher).save_bot(Bot(
                app_id="A1", enterprise_id=None, team_id="T1", bot_token="xoxb-won", bot_id="B1", bot_user_id="UBOT",
                bot_refresh_token="xoxe-won", bot_token_expires_in=43200, installed_at=NOW.timestamp()))
        return rows.find_installation(session=session, client_id=CLIENT, enterprise_id=None, team_id="T1",
                                      for_update=for_update)

    row = refresher.fresh(locate)
    assert (bot_of(row, store.cipher).bot_token, rotator.calls) == ("xoxb-won", [])
