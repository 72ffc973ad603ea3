"""A database lease: at most one holder at a time, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage.queries.columns import changed_rows
from storage.tables import SchedulerLease


def try_acquire(*, session: Session, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take or renew the lease if it is free, expired or already ours (compare-and-set); commit is the caller's."""
    if session.get(SchedulerLease, name) is None:
        try:
            with session.begin_nested():
                session.add(SchedulerLease(name=name, holder=holder, expires_at=now + ttl))
            return True
        except IntegrityError:
            pass  # someone else inserted it first; fall through to the compare-and-set
    result = session.execute(update(SchedulerLease).where(
        col(SchedulerLease.name) == name,
        (col(SchedulerLease.holder) == holder) | (col(SchedulerLease.expires_at) < now),
    ).values(holder=holder, expires_at=now + ttl))
    return changed_rows(result) == 1


def release(*, session: Session, name: str, holder: str) -> None:
    lease = session.get(SchedulerLease, name)
    if lease is not None and lease.holder == holder:
        session.delete(lease)


def current_holder(*, session: Session, name: str, now: datetime) -> str | None:
    lease = session.get(SchedulerLease, name)
    return lease.holder if lease is not None and lease.expires_at >= now else None
