"""Roster import and export (CSV), one idea per module: the file's format (`csv_format`), one row checked on its
own (`rows`), import (`importing`) and export (`exporting`). The names callers use are here."""

from __future__ import annotations

from bot.roster.csv_format import COLUMNS, IMPORT_COLUMNS, RosterFormatError, read_rows
from bot.roster.exporting import export_roster
from bot.roster.importing import Directory, ImportReport, RowOutcome, import_roster
from bot.roster.rows import RowError, parse_draft

__all__ = ["COLUMNS", "IMPORT_COLUMNS", "Directory", "ImportReport", "RosterFormatError", "RowError", "RowOutcome",
           "export_roster", "import_roster", "parse_draft", "read_rows"]
