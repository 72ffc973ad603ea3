"""One roster row checked on its own: each cell parsed, each problem a RowError naming its column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.i18n import _
from bot.numbers import NotANumber, parse_count
from bot.profiles import parse_capacity_per_kind
from bot.roster.report import RowError
from bot.scheduling.availability_text import AvailabilityError, parse_windows
from bot.scheduling.slots import Window
from bot.vocabulary import normalize_kind, normalize_stage
from bot.text_limits import length_error
from storage.tables import Person


LIST_SEPARATOR = ";"
SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class RowDraft:
    """One row's values, checked on their own; None means the column was absent or empty (keep stored)."""

    row: int
    slack_id: str | None
    email: str | None
    name: str | None
    timezone: str | None
    values: dict[str, object]
    windows: list[Window] | None = None  # the `availability` column


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


def _kinds(row: int, column: str, text: str, errors: list[RowError]) -> list[str]:
    kinds = [normalize_kind(item) for item in _split(text)]
    if None in kinds:
        bad = [item for item in _split(text) if normalize_kind(item) is None]
        errors.append(RowError(row, column, _("unknown kind of mentoring: {kinds}").format(kinds=", ".join(bad))))
    return [kind for kind in kinds if kind]


def _parse_roles(row: int, text: str, errors: list[RowError]) -> dict[str, object]:
    roles = {"both": ["mentee", "mentor"]}.get(text.lower(), [r.lower() for r in _split(text)])
    if not roles or set(roles) - {"mentee", "mentor"}:
        errors.append(RowError(row, "roles", _("roles must be mentee, mentor or mentee;mentor (got {typed})").format(
            typed=repr(text))))
        return {}
    return {"as_mentee": "mentee" in roles, "as_mentor": "mentor" in roles}


def _parse_number(row: int, column: str, text: str, errors: list[RowError]) -> int | None:
    try:
        return parse_count(text, what=column)
    except NotANumber as exc:
        errors.append(RowError(row, column, str(exc)))
        return None


def parse_draft(row: int, raw: dict[str, str]) -> tuple[RowDraft, list[RowError]]:
    errors: list[RowError] = []
    values: dict[str, object] = {}
    get = raw.get
    if get("roles"):
        values.update(_parse_roles(row, get("roles", ""), errors))
    if get("program"):
        values["program"] = get("program")
    if get("stage"):
        if (stage := normalize_stage(get("stage", ""))) is None:
            errors.append(RowError(row, "stage", _("unknown stage {typed} (use PGY-1..PGY-7, fellow or a rank)").format(
                typed=repr(get("stage")))))
        values["stage"] = stage or ""
    for column, name in (("mentoring_wanted", "kinds_wanted"), ("mentoring_offered", "kinds_offered")):
        if get(column):
            values[name] = _kinds(row, column, get(column, ""), errors)
    for column in ("interests", "expertise"):
        if get(column):
            values[column] = sorted({item.lower() for item in _split(get(column, ""))})
    if get("meeting_mode"):
        values["meeting_mode"] = get("meeting_mode", "").lower().replace(" ", "_").replace("-", "_")
    for column, name in (("cadence_days", "cadence_days"), ("capacity", "capacity_total")):
        if get(column) and (number := _parse_number(row, column, get(column, ""), errors)) is not None:
            values[name] = number
    if get("availability"):
        try:
            values["windows"] = parse_windows(get("availability", ""))
        except AvailabilityError as exc:
            errors.append(RowError(row, "availability", str(exc)))
    if get("capacity_per_kind"):
        limits = parse_capacity_per_kind(get("capacity_per_kind", ""))
        if limits is None:
            errors.append(RowError(row, "capacity_per_kind", _("write limits like research:1;career:2")))
        values["capacity_per_kind"] = limits or {}
    return _identity_part(row, raw, values, errors)


def _identity_part(row: int, raw: dict[str, str], values: dict[str, object],
                   errors: list[RowError]) -> tuple[RowDraft, list[RowError]]:
    slack_id, email = raw.get("slack_id") or None, (raw.get("email") or "").lower() or None
    if slack_id and not SLACK_ID.match(slack_id):
        errors.append(RowError(row, "slack_id", _("{typed} is not a Slack user id (like U012ABCDEF)").format(typed=repr(slack_id))))
    if email and not EMAIL.match(email):
        errors.append(RowError(row, "email", _("{typed} is not an email address").format(typed=repr(email))))
    if not slack_id and not email:
        errors.append(RowError(row, "email", _("each row needs a slack_id or an email")))
    for column, problem in (("name", length_error(Person, "display_name", raw.get("name"), what="name")),
                            ("email", length_error(Person, "email", email, what="email"))):
        if problem:
            errors.append(RowError(row, column, problem))
    timezone = raw.get("timezone") or None
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            errors.append(RowError(row, "timezone", _("{typed} is not an IANA timezone (e.g. America/Toronto)").format(
                typed=repr(timezone))))
    windows = cast("list[Window] | None", values.pop("windows", None))  # not text: a type
    return RowDraft(row, slack_id, email, raw.get("name") or None, timezone, values, windows), errors
