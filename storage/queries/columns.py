"""Typed helpers where SQLModel's own types stop short.

- `select_columns`: SQLModel's `select` has typed overloads for at most four columns, and the report's queries read
  up to nine (each row unpacked into a named tuple by the caller).
- `changed_rows`: `Session.execute` is typed as returning a `Result`, but an UPDATE or DELETE returns a
  `CursorResult`, whose `rowcount` every compare-and-set checks.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy.engine import CursorResult, Result
from sqlmodel.sql.expression import Select


def select_columns(*columns: Any) -> Select[*tuple[Any, ...]]:
    return Select(*columns)


def changed_rows(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed (0 when the database does not say)."""
    return cast(CursorResult[Any], result).rowcount or 0
