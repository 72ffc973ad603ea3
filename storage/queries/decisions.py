"""One outcome per decision: state changes that two concurrent requests may race for.

A conditional UPDATE that checks its rowcount is atomic on both databases: SQLite lets one writer in at
a time and the UPDATE reads the newest row once it has the write lock; PostgreSQL makes the second
writer wait for the first's row lock, then re-evaluates the WHERE clause on the committed row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, SQLModel

from storage.queries.columns import changed_rows


def compare_and_set(*, session: Session, model: type[SQLModel], row_id: int, column: str = "status",
                    expected: Any, **values: Any) -> bool:
    """Set `values` on the row only while `column` still holds `expected` (None means NULL); False if it did not."""
    current = getattr(model, column)
    condition = current.is_(None) if expected is None else current == expected
    result = session.execute(update(model).where(model.id == row_id, condition)  # type: ignore[attr-defined]
                             .values(**values).execution_options(synchronize_session="fetch"))
    return changed_rows(result) == 1


def hold(*, session: Session, model: type[SQLModel], row_id: int) -> bool:
    """Take the row's write lock until the transaction ends (a no-op UPDATE: SQLite ignores FOR UPDATE).

    Decisions that add rows instead of changing one (a pick adds a proposal) serialise on the row they hang from;
    read what the decision depends on after holding it. False when the row is gone.
    """
    result = session.execute(update(model).where(model.id == row_id)  # type: ignore[attr-defined]
                             .values(id=model.id).execution_options(synchronize_session=False))  # type: ignore[attr-defined]
    return changed_rows(result) == 1
