"""A roster import's report (each row's outcome, each row's errors), as plain data: this module imports neither
bot.notify nor bot.deps, so the Notifier protocol can name it without an import cycle."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import _, ngettext


@dataclass(frozen=True)
class RowError:
    row: int  # the line number in the file, header = 1
    column: str
    reason: str


@dataclass(frozen=True)
class RowOutcome:
    row: int
    slack_user_id: str
    action: str  # created, updated, unchanged, skipped_left (left the program; no `rejoin` for them)


@dataclass
class ImportReport:
    dry_run: bool
    outcomes: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    def summary(self) -> str:
        bad_rows = len({error.row for error in self.errors})
        counts = _("{created} created, {updated} updated, {unchanged} unchanged; ").format(
            created=self.count("created"), updated=self.count("updated"), unchanged=self.count("unchanged"))
        if self.dry_run:
            rows = ngettext("{n} row would be skipped with errors.", "{n} rows would be skipped with errors.", bad_rows)
        else:
            rows = ngettext("{n} row was skipped with errors.", "{n} rows were skipped with errors.", bad_rows)
        return counts + rows.format(n=bad_rows) + self._left_skipped()

    def _left_skipped(self) -> str:
        left = self.skipped_left()
        if not left:
            return ""
        if self.dry_run:
            words = ngettext("{n} person who left the program would be skipped ({names}; add rejoin=yes to bring "
                             "them back).", "{n} people who left the program would be skipped ({names}; add "
                             "rejoin=yes to bring them back).", len(left))
        else:
            words = ngettext("{n} person who left the program was skipped ({names}; add rejoin=yes to bring them "
                             "back).", "{n} people who left the program were skipped ({names}; add rejoin=yes to "
                             "bring them back).", len(left))
        return " " + words.format(n=len(left), names=", ".join(left))

    def skipped_left(self) -> list[str]:
        return [outcome.slack_user_id for outcome in self.outcomes if outcome.action == "skipped_left"]
