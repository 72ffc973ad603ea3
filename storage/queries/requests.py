"""Remembering which Slack requests were handled, so duplicates are recognised on any replica."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage.queries.columns import changed_rows
from storage.tables import ProcessedRequest


def first_time(*, engine: Engine, key: str, now: datetime) -> bool:
    """Record the key; False if it was already recorded (by this process or another replica).

    A single Core INSERT in its own short transaction: this runs on every request, before the ack.
    """
    try:
        with engine.begin() as connection:
            connection.execute(insert(ProcessedRequest.__table__).values(key=key[:200], seen_at=now))  # type: ignore[attr-defined]
        return True
    except IntegrityError:
        return False


def forget_before(*, session: Session, before: datetime) -> int:
    result = session.execute(delete(ProcessedRequest).where(col(ProcessedRequest.seen_at) < before))
    return changed_rows(result)


def forget(*, engine: Engine, key: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(ProcessedRequest).where(col(ProcessedRequest.key) == key[:200]))
