"""Roster import from Slack: the paste modal and the result report."""

from __future__ import annotations

from typing import Any

from bot.i18n import _
from bot.roster import IMPORT_COLUMNS, ImportReport
from handlers import ids
from handlers.blocks.common import context, message, plain, section
from handlers.blocks.forms import choice_input, input_block, read_input, text_input

ERRORS_SHOWN = 25


def build_roster_modal() -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": ids.ROSTER_VIEW,
        "title": plain(_("Import roster"), 24),
        "submit": plain(_("Import"), 24),
        "close": plain(_("Cancel"), 24),
        "blocks": [
            context(_("Paste CSV with a header line. Columns: {columns}. Lists use `;`. For large rosters use "
                      "`mentorbot roster import FILE`.").format(columns=", ".join(IMPORT_COLUMNS))),
            input_block("csv", _("Roster CSV"), text_input(multiline=True, max_length=3000)),
            input_block("options", _("Options"), choice_input("checkboxes", {"dry_run": _("Dry run: show what would change")}),
                        optional=True),
        ],
    }


def parse_roster_submission(values: dict[str, Any]) -> tuple[str, bool]:
    return read_input(values, "csv") or "", "dry_run" in (read_input(values, "options") or [])


def build_import_report(report: ImportReport) -> dict[str, Any]:
    title = (_("Dry run: {summary}") if report.dry_run else _("Roster imported: {summary}")).format(
        summary=report.summary())
    blocks = [section(f"*{title}*")]
    if report.errors:
        lines = [_("• row {row}, `{column}`: {reason}").format(row=e.row, column=e.column, reason=e.reason)
                 for e in report.errors[:ERRORS_SHOWN]]
        more = len(report.errors) - ERRORS_SHOWN
        blocks.append(section("\n".join(lines) + ("\n" + _("…and {more} more").format(more=more) if more > 0 else "")))
        blocks.append(context(_("Fix these rows and import again: rows already stored are not duplicated.")))
    return message(title, blocks)
