"""How long free text may be: one limit per field, the length of the column that stores it.

Checked before anything is acknowledged or written, so PostgreSQL never refuses an over-long value after the
person was told it was saved (SQLite would store any length; the limit is the same on both).
"""

from __future__ import annotations

from sqlmodel import SQLModel


def max_chars(model: type[SQLModel], column: str) -> int:
    length = model.__table__.c[column].type.length  # type: ignore[attr-defined]
    assert length, f"{model.__name__}.{column} has no length limit"
    return int(length)


def length_error(model: type[SQLModel], column: str, text: str | None, *, what: str) -> str | None:
    """None when `text` fits its column; otherwise the limit and the length, in words."""
    limit = max_chars(model, column)
    if text is None or len(text) <= limit:
        return None
    return f"{what} can be at most {limit:,} characters (this is {len(text):,})."
