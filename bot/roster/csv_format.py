"""The roster's CSV: its columns, reading a file, and undoing the export's guard against formulas."""

from __future__ import annotations

import io
import re

from defusedcsv import csv  # stdlib csv whose writers prefix a formula-like cell with ' (see _undefused)

from bot.i18n import _, ngettext


COLUMNS = (
    "slack_id", "email", "name", "roles", "program", "stage", "timezone", "mentoring_wanted", "interests",
    "meeting_mode", "cadence_days", "mentoring_offered", "expertise", "capacity", "capacity_per_kind",
)
# `rejoin`: an instruction to the import; `availability`: weekly windows (`mon-fri 07:00-08:00;sat 10:00-12:00`)
# a coordinator may seed from a rota. Neither is ever exported: availability is private to its person.
IMPORT_COLUMNS = (*COLUMNS, "availability", "rejoin")
FORMULA_STARTS = ("=", "+", "-", "@", "|", "%")  # what defusedcsv prefixes with ' on export
NUMBER_LIKE = re.compile(r"-?[0-9,.]+")  # ... unless the cell reads as a number


class RosterFormatError(ValueError):
    """The file as a whole cannot be read (no header, unknown columns)."""


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [name.strip().lower() for name in reader.fieldnames or []]
    except csv.Error as exc:
        raise RosterFormatError(_("The first line cannot be read as CSV ({problem}).").format(problem=exc)) from None
    if not header:
        raise RosterFormatError(_("The roster is empty: the first line must name the columns."))
    if unknown := [name for name in header if name not in IMPORT_COLUMNS]:
        raise RosterFormatError(ngettext("Unknown column: {columns}. Known columns: {known}.",
                                          "Unknown columns: {columns}. Known columns: {known}.", len(unknown)).format(
            columns=", ".join(unknown), known=", ".join(IMPORT_COLUMNS)))
    if "slack_id" not in header and "email" not in header:
        raise RosterFormatError(_("The roster needs a slack_id or an email column to find people in Slack."))
    reader.fieldnames = header
    try:
        return [(reader.line_num, {k: _undefused((v or "").strip()) for k, v in row.items() if k}) for row in reader]
    except csv.Error as exc:
        raise RosterFormatError(_("Line {line} cannot be read as CSV ({problem}).").format(line=reader.line_num + 1,
                                                                                           problem=exc)) from None


def _undefused(cell: str) -> str:
    """A cell as typed before export_roster guarded it against spreadsheet formulas ('=x -> =x, '\\|x -> |x), so
    a re-import of an export changes nothing. Only a cell the guard would have written exactly so is undone."""
    if cell[:1] != "'":
        return cell
    typed = cell[1:].replace("\\|", "|")
    return typed if _guarded(typed) == cell else cell


def _guarded(typed: str) -> str:
    """What defusedcsv's writer makes of a cell: a formula-like start is prefixed with ' and its pipes escaped."""
    if typed[:1] in FORMULA_STARTS and not NUMBER_LIKE.fullmatch(typed):
        return "'" + typed.replace("|", "\\|")
    return typed
