"""What an input model's ValidationError says, by field: the one translation of pydantic's errors into words.

The input models (profile, goal, announcement draft, survey definition) raise `refusal(...)` with words a
resident or coordinator understands; pydantic's own messages appear only for input no form of ours can send
(a forged submission). Locations become paths (`questions[3].options`, positions counted from 1 as a person
counts) or form fields (`identity_gender`, one form field per model field unless a model renames it).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from pydantic import ValidationError
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

Location = tuple[int | str, ...]


def refusal(message: str) -> PydanticCustomError:
    """An error a validator raises: shown exactly as written (pydantic adds no "Value error, " prefix)."""
    return PydanticCustomError("refused", message)  # no context given: the text is not formatted


def message_of(error: ErrorDetails) -> str:
    return str(error["msg"])


def field_path(loc: Location) -> str:
    """('questions', 2, 'options') -> 'questions[3].options': list positions from 1, as the file is read."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def problems_of(error: ValidationError) -> list[tuple[str, str]]:
    """(path, message) for every problem, in the model's field order."""
    return [(field_path(detail["loc"]), message_of(detail)) for detail in error.errors()]


def by_field(error: ValidationError, *, renamed: Mapping[str, str] | None = None,
             known: Collection[str] | None = None, fallback: str | None = None) -> dict[str, str]:
    """Problems keyed by form field: a location's longest prefix that names one (its parts joined by `_`, so
    ('identity', 'gender') is `identity_gender`), after `renamed`; with `known`, the rest go to `fallback`.
    Two problems on one field are shown together."""
    shown: dict[str, str] = {}
    for detail in error.errors():
        field = _field_of(detail["loc"], renamed or {}, known) or fallback or field_path(detail["loc"])
        message = message_of(detail)
        shown[field] = f"{shown[field]} {message}" if field in shown and message not in shown[field] else message
    return shown


def _field_of(loc: Location, renamed: Mapping[str, str], known: Collection[str] | None) -> str | None:
    names = [part for part in loc if isinstance(part, str)]  # list positions are inside one form field
    prefixes = ["_".join(names[:end]) for end in range(len(names), 0, -1)]
    for prefix in prefixes:
        if prefix in renamed:
            return renamed[prefix]
    if known is None:
        return prefixes[0] if prefixes else None
    return next((prefix for prefix in prefixes if prefix in known), None)


def problems_at(problems: Mapping[str, str], value: object, *, title: str = "input") -> ValidationError:
    """Raised from a field validator: several problems, each under its own key below the field (pydantic adds
    the field's own location in front), e.g. `identity` -> `identity.gender`."""
    return ValidationError.from_exception_data(title, [
        InitErrorDetails(type=refusal(message), loc=(key,) if key else (), input=value)
        for key, message in problems.items()])


def located(problems: Sequence[tuple[Location, str]], value: object, *, title: str = "input") -> ValidationError:
    """Like `problems_at`, with several problems on one location allowed (`()`: the field itself)."""
    return ValidationError.from_exception_data(title, [
        InitErrorDetails(type=refusal(message), loc=loc, input=value) for loc, message in problems])


def with_unknown_fields(error: ValidationError | None, unknown: list[str], message: str, value: object,
                        *, title: str) -> ValidationError | None:
    """`error`'s problems after one per unknown field (each with `message`), or None when there are none."""
    found = [InitErrorDetails(type=refusal(message), loc=(name,), input=value) for name in unknown]
    if error is not None:
        found += [InitErrorDetails(type=PydanticCustomError(str(detail["type"]), message_of(detail)),
                                   loc=detail["loc"], input=detail["input"]) for detail in error.errors()]
    return ValidationError.from_exception_data(title, found) if found else None
