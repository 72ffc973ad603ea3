"""Tenants: the workspace or organisation each program's rows belong to (storage/tenancy.py). The tenant table is
not itself tenant-owned: looking a tenant up is what a request does before it has one."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.tenancy import DEFAULT_TENANT_ID, Tenant


def find_tenant(*, session: Session, enterprise_id: str | None, team_id: str | None) -> Tenant | None:
    """The tenant serving this team: its organisation's, when the organisation installed org-wide, else its own."""
    if enterprise_id is not None:
        org_wide = session.exec(select(Tenant).where(Tenant.enterprise_id == enterprise_id,
                                                     col(Tenant.is_enterprise_install))).first()
        if org_wide is not None:
            return org_wide
    if team_id is None:
        return None
    return session.exec(select(Tenant).where(Tenant.team_id == team_id).order_by(col(Tenant.id))).first()


def a_tenant_of_organisation(*, session: Session, enterprise_id: str) -> Tenant | None:
    return session.exec(select(Tenant).where(Tenant.enterprise_id == enterprise_id).order_by(col(Tenant.id))).first()


def workspace_tenants_of_organisation(*, session: Session, enterprise_id: str) -> list[Tenant]:
    """The organisation's programs installed workspace by workspace (not org-wide)."""
    return list(session.exec(select(Tenant).where(Tenant.enterprise_id == enterprise_id,
                                                  col(Tenant.is_enterprise_install).is_(False))))


def unclaimed_first_tenant(*, session: Session) -> Tenant | None:
    """Tenant 1 while no installation has claimed it (a new database, or one that served a single workspace)."""
    first = session.get(Tenant, DEFAULT_TENANT_ID)
    return first if first is not None and first.team_id is None and first.enterprise_id is None else None


def add_tenant(*, session: Session, enterprise_id: str | None, team_id: str | None, org_wide: bool,
               now: datetime) -> Tenant:
    tenant = Tenant(enterprise_id=enterprise_id, team_id=None if org_wide else team_id,
                    is_enterprise_install=org_wide, created_at=now)
    session.add(tenant)
    session.flush()
    return tenant


def tenant_ids(*, session: Session) -> list[int]:
    return [tenant_id for tenant_id in session.exec(select(Tenant.id).order_by(col(Tenant.id))) if tenant_id]


def all_tenants(*, session: Session) -> list[Tenant]:
    return list(session.exec(select(Tenant).order_by(col(Tenant.id))))
