"""A SELECT of several columns, typed: SQLModel's `select` has typed overloads for at most four columns, and the
report's queries read up to nine (each row unpacked into a named tuple by the caller)."""

from __future__ import annotations

from typing import Any

from sqlmodel.sql.expression import Select


def select_columns(*columns: Any) -> Select[*tuple[Any, ...]]:
    return Select(*columns)
