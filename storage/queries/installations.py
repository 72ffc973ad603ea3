"""Installations and install-flow states (OAuth mode). An organisation-wide install answers for every workspace of its
enterprise; a workspace install for its team. A state is consumed by a compare-and-set delete: used once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete
from sqlmodel import Session, col, select

from storage.queries.columns import changed_rows
from storage.tables import OAuthState, SlackInstallation


def find_installation(*, session: Session, client_id: str, enterprise_id: str | None, team_id: str | None,
                      is_enterprise_install: bool = False, for_update: bool = False) -> SlackInstallation | None:
    """The installation serving this enterprise/team: the organisation's when it is an org-wide install."""
    query = select(SlackInstallation).where(SlackInstallation.client_id == client_id)
    query = query.where(_same(SlackInstallation.enterprise_id, enterprise_id))
    query = query.where(_same(SlackInstallation.team_id, None if is_enterprise_install else team_id))
    if for_update:
        query = query.with_for_update()
    return session.exec(query.order_by(col(SlackInstallation.installed_at).desc()).limit(1)).first()


def serving_installation(*, session: Session, client_id: str, enterprise_id: str | None, team_id: str | None,
                         is_enterprise_install: bool, for_update: bool = False) -> SlackInstallation | None:
    """The installation serving a tenant (storage/tenancy.Tenant's owner): the organisation's own for an org-wide
    tenant, else the workspace's, else its organisation's org-wide one."""
    found = find_installation(session=session, client_id=client_id, enterprise_id=enterprise_id, team_id=team_id,
                              is_enterprise_install=is_enterprise_install, for_update=for_update)
    if found is None and enterprise_id is not None and not is_enterprise_install:
        found = find_installation(session=session, client_id=client_id, enterprise_id=enterprise_id, team_id=None,
                                  is_enterprise_install=True, for_update=for_update)
    return found


def installations(*, session: Session, client_id: str) -> list[SlackInstallation]:
    query = select(SlackInstallation).where(SlackInstallation.client_id == client_id)
    return list(session.exec(query.order_by(col(SlackInstallation.installed_at))))


def all_installations(*, session: Session, for_update: bool = False) -> list[SlackInstallation]:
    """Every installation of every client id (re-encrypting tokens under a new key)."""
    query = select(SlackInstallation).order_by(col(SlackInstallation.id))
    return list(session.exec(query.with_for_update() if for_update else query))


def delete_installations(*, session: Session, client_id: str, enterprise_id: str | None, team_id: str | None) -> int:
    """Forget the tokens of this enterprise/team's installation(s); how many rows went."""
    statement = delete(SlackInstallation).where(col(SlackInstallation.client_id) == client_id,
                                                _same(SlackInstallation.enterprise_id, enterprise_id),
                                                _same(SlackInstallation.team_id, team_id))
    return changed_rows(session.exec(statement))


def add_state(*, session: Session, state: str, expires_at: datetime) -> None:
    session.add(OAuthState(state=state, expires_at=expires_at))


def consume_state(*, session: Session, state: str, now: datetime) -> bool:
    """Whether this call used the state: it existed and had not expired (a second use finds nothing)."""
    statement = delete(OAuthState).where(col(OAuthState.state) == state, col(OAuthState.expires_at) > now)
    used = changed_rows(session.exec(statement)) == 1
    session.exec(delete(OAuthState).where(col(OAuthState.expires_at) <= now))
    return used


def _same(column: str | None, value: str | None) -> ColumnElement[bool]:
    """column IS NULL for None (SQL's = never matches NULL), else column = value."""
    return col(column).is_(None) if value is None else col(column) == value
