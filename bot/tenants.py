"""Which tenant (storage/tenancy.py) an installation, a Slack request or a job belongs to.

A single-workspace program (SLACK_BOT_TOKEN) is tenant 1. In OAuth mode each installation has its tenant: the first
install claims tenant 1 (the program the database held before), later installs from other workspaces or
organisations get tenants of their own, and a reinstall, or an org-wide install replacing a workspace install of the
same organisation, keeps its tenant and with it the program's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.i18n import later_plural
from storage.engine import SessionFactory
from storage.queries import installations as installation_rows
from storage.queries import tenants as rows
from storage.tenancy import DEFAULT_TENANT_ID, Tenant, enter_tenant


class UnknownTenant(Exception):
    """A verified request from a workspace or organisation mentorbot is not installed in."""


class OrgWideInstallRefused(Exception):
    """An org-wide install over several workspaces of the organisation that each run a program of their own: taking
    one program's tenant would put the other workspaces' people into it."""


def enter_request_tenant(*, sessions: SessionFactory, oauth: bool, enterprise_id: str | None,
                         team_id: str | None) -> int:
    """Everything a Slack request does from here on runs in the tenant of its verified team / enterprise."""
    tenant = tenant_of_request(sessions=sessions, oauth=oauth, enterprise_id=enterprise_id, team_id=team_id)
    if tenant is None:
        raise UnknownTenant(f"no tenant for team {team_id} / enterprise {enterprise_id}")  # not text: logged
    enter_tenant(tenant)
    return tenant


def tenant_for_install(*, session: Session, enterprise_id: str | None, team_id: str | None, org_wide: bool,
                       now: datetime) -> int:
    """The tenant an install from this workspace or organisation serves, created when it is new."""
    found = rows.find_tenant(session=session, enterprise_id=enterprise_id, team_id=team_id)
    if found is None and org_wide:
        _refuse_merging_programs(session, enterprise_id)
        found = _a_workspace_tenant_of(session, enterprise_id)
    if found is None:
        found = rows.unclaimed_first_tenant(session=session)
    if found is None:
        found = rows.add_tenant(session=session, enterprise_id=enterprise_id, team_id=team_id, org_wide=org_wide,
                                now=now)
    found.enterprise_id = enterprise_id
    found.team_id = None if org_wide else team_id
    found.is_enterprise_install = org_wide
    assert found.id is not None
    return found.id


def tenant_of_request(*, sessions: SessionFactory, oauth: bool, enterprise_id: str | None,
                      team_id: str | None) -> int | None:
    """The tenant a verified Slack request belongs to; None when its workspace has no installation."""
    if not oauth:
        return DEFAULT_TENANT_ID
    with sessions() as session:
        tenant = rows.find_tenant(session=session, enterprise_id=enterprise_id, team_id=team_id)
        return None if tenant is None else tenant.id


def _refuse_merging_programs(session: Session, enterprise_id: str | None) -> None:
    separate = [] if enterprise_id is None else rows.workspace_tenants_of_organisation(session=session,
                                                                                       enterprise_id=enterprise_id)
    if len(separate) > 1:
        raise OrgWideInstallRefused(later_plural(  # said on the installer's page in every language (bot/app.py)
            "{count} workspace of this organisation runs a mentorbot program of its own ({teams}); an org-wide "
            "install would put it into another. Keep installing workspace by workspace, or uninstall all but one "
            "program's workspaces first.",
            "{count} workspaces of this organisation each run a mentorbot program of their own ({teams}); an "
            "org-wide install would put them into one. Keep installing workspace by workspace, or uninstall all but "
            "one program's workspaces first.", len(separate), count=len(separate),
            teams=", ".join(tenant.team_id or "?" for tenant in separate)))


def _a_workspace_tenant_of(session: Session, enterprise_id: str | None) -> Tenant | None:
    """An org-wide install replacing workspace installs of its organisation keeps the first one's tenant."""
    return None if enterprise_id is None else rows.a_tenant_of_organisation(session=session,
                                                                           enterprise_id=enterprise_id)


@dataclass(frozen=True)
class ServedTenant:
    """A tenant the scheduler and the outbox serve; `installed`: an installation (so a bot token) serves it now."""

    id: int
    name: str
    installed: bool


def served_tenants(*, sessions: SessionFactory, oauth: bool, client_id: str | None) -> list[ServedTenant]:
    """Every tenant scheduled work runs for, in order: tenant 1 alone for a single-workspace program
    (SLACK_BOT_TOKEN); in OAuth mode every tenant, installed or not (an uninstalled program's retention still runs;
    what it queues waits in the outbox, bot/outbox_worker.py)."""
    if not oauth:
        return [ServedTenant(DEFAULT_TENANT_ID, "the workspace", True)]  # not text: a name in logs
    with sessions() as session:
        return [ServedTenant(tenant.id, tenant_name(tenant), _installed(session, client_id or "", tenant))
                for tenant in rows.all_tenants(session=session) if tenant.id is not None]


def tenant_name(tenant: Tenant) -> str:
    """How logs and the command line name a tenant: by the workspace or organisation it serves."""
    if tenant.is_enterprise_install:
        return f"organisation {tenant.enterprise_id} (tenant {tenant.id})"  # not text: a name in logs
    if tenant.team_id is None:
        return f"tenant {tenant.id} (not installed yet)"  # not text: a name in logs
    return f"workspace {tenant.team_id} (tenant {tenant.id})"  # not text: a name in logs


def _installed(session: Session, client_id: str, tenant: Tenant) -> bool:
    return installation_rows.serving_installation(
        session=session, client_id=client_id, enterprise_id=tenant.enterprise_id, team_id=tenant.team_id,
        is_enterprise_install=tenant.is_enterprise_install) is not None
