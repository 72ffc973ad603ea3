"""The resource library's rows: the current list; removal is a compare-and-set (a second click finds it gone)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.queries.decisions import compare_and_set
from storage.tables import Resource


def add_resource(*, session: Session, resource: Resource) -> Resource:
    session.add(resource)
    session.flush()
    return resource


def current_resources(*, session: Session) -> list[Resource]:
    """Every resource not removed, oldest first (the order coordinators added them)."""
    query = select(Resource).where(col(Resource.removed_at).is_(None)).order_by(col(Resource.id))
    return list(session.exec(query))


def remove_resource(*, session: Session, resource_id: int, now: datetime) -> bool:
    """Whether this call removed it (False: unknown or already removed, e.g. by a second click)."""
    return compare_and_set(session=session, model=Resource, row_id=resource_id, column="removed_at", expected=None,
                           removed_at=now)
