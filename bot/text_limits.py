"""storage/limits.py's length checks, refused in the reader's language.

The limit is the column's (storage/limits.max_chars); the words are said here, where gettext is, since storage
sits below bot/ and knows no language. `what` names the field: translated by the caller (`length_error`) or
marked with N_ and translated when the model is validated (`fits_column`).
"""

from __future__ import annotations

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError
from sqlmodel import SQLModel

from bot.i18n import _, format_number
from storage.limits import max_chars


def length_error(model: type[SQLModel], column: str, text: str | None, *, what: str) -> str | None:
    """None when `text` fits its column; otherwise the limit and the length, in words."""
    limit = max_chars(model, column)
    if text is None or len(text) <= limit:
        return None
    return _("{what} can be at most {limit} characters (this is {length}).").format(
        what=what, limit=format_number(limit), length=format_number(len(text)))


def fits_column(model: type[SQLModel], column: str, *, what: str) -> AfterValidator:
    """For a pydantic string field: the text stripped, refused when longer than its column; `what` is marked N_."""
    def fits(text: str) -> str:
        stripped = text.strip()
        if problem := length_error(model, column, stripped, what=_(what)):
            raise PydanticCustomError("too_long", problem)
        return stripped
    return AfterValidator(fits)
