"""How long free text may be: one limit per field, the length of the column that stores it.

Checked before anything is acknowledged or written, so PostgreSQL never refuses an over-long value after the
person was told it was saved (SQLite would store any length; the limit is the same on both). The input models
(bot/profiles.py, bot/goals.py, ...) declare their text fields `Annotated[str, fits_column(Table, "column", ...)]`,
so a form, a file and the table agree on one number.
"""

from __future__ import annotations

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError
from sqlmodel import SQLModel


def max_chars(model: type[SQLModel], column: str) -> int:
    length = getattr(model.__table__.c[column].type, "length", None)  # type: ignore[attr-defined]
    assert length, f"{model.__name__}.{column} has no length limit"
    return int(length)


def length_error(model: type[SQLModel], column: str, text: str | None, *, what: str) -> str | None:
    """None when `text` fits its column; otherwise the limit and the length, in words."""
    limit = max_chars(model, column)
    if text is None or len(text) <= limit:
        return None
    return f"{what} can be at most {limit:,} characters (this is {len(text):,})."


def fits_column(model: type[SQLModel], column: str, *, what: str) -> AfterValidator:
    """For a pydantic string field: the text stripped, refused (in `length_error`'s words) when longer than its
    column."""
    def fits(text: str) -> str:
        stripped = text.strip()
        if problem := length_error(model, column, stripped, what=what):
            raise PydanticCustomError("too_long", problem)
        return stripped
    return AfterValidator(fits)
