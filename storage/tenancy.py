"""Tenancy: every row of program data belongs to one tenant (an installation's workspace, or an organisation
installed org-wide), and no ORM statement reaches another tenant's rows.

The rule is kept by the session, not by each query, so a new query cannot forget it:
- a program table inherits `TenantOwned` (its `tenant_id` column); tests/test_tenancy.py fails for any table in
  SQLModel.metadata without it that is not on the allow-list of tables that hold no program data;
- every ORM SELECT, UPDATE and DELETE a session runs gets `tenant_id = <current tenant>` added for every tenant-owned
  entity it touches (`do_orm_execute` + `with_loader_criteria`, relationships and joins included);
- every new tenant-owned row (or one whose tenant_id a copy blanked) is stamped with the current tenant when
  flushed (`before_flush`), and ORM bulk
  INSERTs (`session.execute(insert(Entity), rows)`) get it in each row; a row already carrying another tenant is
  refused.

The current tenant is set once per unit of work with `tenant_scope(tenant_id)`: per Slack request from the verified
team/enterprise of the signed request, per scheduled job and outbox claim for the tenant it serves. Where nothing
set one, the current tenant is the first tenant (DEFAULT_TENANT_ID), the program a database served before
tenancy and the single-workspace (SLACK_BOT_TOKEN) program."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from sqlalchemy import Table, event, literal_column
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlmodel import Column, Field, Session, SQLModel

from storage.types import UTCDateTime

DEFAULT_TENANT_ID = 1  # created by migration 0026: the program this database held before tenancy

_current: ContextVar[int | None] = ContextVar("mentorbot_tenant", default=None)


class Tenant(SQLModel, table=True):
    """One program's space: a workspace install (team_id) or an organisation installed org-wide (enterprise_id,
    is_enterprise_install). Tenant 1 also stands for a single-workspace (SLACK_BOT_TOKEN) program."""

    __tablename__ = "tenant"

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: str | None = Field(default=None, max_length=32)
    team_id: str | None = Field(default=None, max_length=32)
    is_enterprise_install: bool = False
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class TenantOwned(SQLModel):
    """The column every table holding program data carries; inherit it first."""

    tenant_id: int = Field(default=None, foreign_key="tenant.id", index=True, nullable=False)


class CrossTenantWrite(Exception):
    """A row of one tenant flushed while another tenant is current."""


def current_tenant() -> int:
    tenant = _current.get()
    return DEFAULT_TENANT_ID if tenant is None else tenant


def own_rows(table: Table) -> list[Any]:
    """The current tenant's condition for a Core statement on `table` (none for a table without tenants): the
    session's filter reaches ORM statements only, so `update(table)` / `select(table.c...)` must add this."""
    return [table.c.tenant_id == current_tenant()] if "tenant_id" in table.c else []


@contextmanager
def tenant_scope(tenant_id: int) -> Iterator[None]:
    """Everything the sessions of this thread (or task) do inside belongs to tenant_id."""
    token = _current.set(tenant_id)
    try:
        yield
    finally:
        _current.reset(token)


def enter_tenant(tenant_id: int) -> None:
    """The tenant for the rest of the current context: a Slack request, whose listener Bolt runs after the
    middleware returned (on an executor that copies the context, bot/context_executor.py), in a context of its own
    (bot/app.py:create_wsgi_app)."""
    _current.set(tenant_id)


@functools.cache
def _tenant_filter(tenant: int) -> Any:
    """The loader-criteria option for one tenant, built once: the option and its cache key are the same for every
    statement of that tenant, so building them per statement was pure overhead on the hot path."""
    return with_loader_criteria(TenantOwned, lambda cls: _tenant_column(cls) == tenant, include_aliases=True,
                                propagate_to_loaders=True)


@event.listens_for(Session, "do_orm_execute")
def _only_the_current_tenant(state: ORMExecuteState) -> Any:
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(_tenant_filter(current_tenant()))
        return None
    if state.is_insert and _inserts_tenant_rows(state) and isinstance(state.parameters, list):
        tenant = current_tenant()
        return state.invoke_statement(params=[_stamped(row, tenant) for row in state.parameters])
    return None


@event.listens_for(Session, "before_flush")
def _stamp_new_rows(session: Session, _context: Any, _instances: Any) -> None:
    tenant = current_tenant()
    for row in (*session.new, *session.dirty):
        if isinstance(row, TenantOwned):
            if row.tenant_id is None:  # new, or copied over from an unsaved model (sqlmodel_update)
                row.tenant_id = tenant
            elif row.tenant_id != tenant:
                raise CrossTenantWrite(f"a {type(row).__name__} of tenant {row.tenant_id} written for tenant {tenant}")


def _tenant_column(entity: Any) -> Any:
    """The entity's tenant_id; SQLAlchemy first calls the criteria with the mixin itself (a pydantic model with
    no class attribute) only to see the lambda's shape."""
    try:
        return entity.tenant_id
    except AttributeError:
        return literal_column("tenant_id")


def _inserts_tenant_rows(state: ORMExecuteState) -> bool:
    entity = state.bind_mapper.class_ if state.bind_mapper is not None else None
    return entity is not None and issubclass(entity, TenantOwned)


def _stamped(row: dict[str, Any], tenant: int) -> dict[str, Any]:
    owner = row.get("tenant_id")
    if owner is not None and owner != tenant:
        raise CrossTenantWrite(f"a row of tenant {owner} inserted for tenant {tenant}")
    return {**row, "tenant_id": tenant}
