"""Roster import: every good row stored (each in its own savepoint, written whole or not at all), every bad row
reported with its row number, column and reason; importing the same file twice changes nothing, and columns a file
leaves out keep their stored values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from bot.i18n import _, ngettext
from bot.access import FACULTY_WIDE, Scope, audit_scope_refusal, scope_of
from bot.profiles import ProfileBase, canonical, SlackIdentity, profile_for_edit, save_profile, validate_profile
from bot.notify import Notifier
from bot.programs import ProgramError, Registry, registry
from bot.roster.csv_format import read_rows
from bot.roster.report import ImportReport, RowOutcome
from bot.roster.rows import RowDraft, RowError, parse_draft
from bot.scheduling.availability import set_windows, stored_windows
from storage.engine import SessionFactory
from storage.queries.audit import record_audit
from storage.queries.people import get_person, get_person_by_email
from storage.tables import Person


REJOIN_WORDS = {"yes", "y", "true", "1"}  # `rejoin`: bring back someone who left the program
FIELD_COLUMNS = {"roles": "roles", "program": "program", "stage": "stage", "kinds_wanted": "mentoring_wanted",
                 "meeting_mode": "meeting_mode", "cadence": "cadence_days", "kinds_offered": "mentoring_offered",
                 "capacity": "capacity", "capacity_per_kind": "capacity_per_kind", "interests_other": "interests",
                 "expertise_other": "expertise"}
COMMIT_EVERY = 500


class Directory(Protocol):
    """Finds Slack users (users.info / users.lookupByEmail in production)."""

    def find_by_id(self, user_id: str) -> SlackIdentity | None: ...
    def find_by_email(self, email: str) -> SlackIdentity | None: ...


def import_roster(
    *,
    sessions: SessionFactory,
    text: str,
    directory: Directory,
    now: datetime,
    actor: str,
    default_timezone: str,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    scope: Scope | None = FACULTY_WIDE,
    notifier: Notifier | None = None,
) -> ImportReport:
    """Upsert every good row; report every bad one. Raises RosterFormatError if the file is unreadable. A program
    coordinator's rows outside their programs are row errors, each audited (`scope` None: the actor's own, as from
    Slack; the CLI and tests are faculty-wide). With `notifier`, the actor's report is queued with the last commit
    (a dry run stores nothing, so its report goes in a transaction of its own)."""
    rows = read_rows(text)
    report = ImportReport(dry_run=dry_run)
    with sessions() as session:
        scope = scope if scope is not None else scope_of(session=session, slack_user_id=actor)
        importer = _RowImporter(directory, now, actor, default_timezone, dry_run, report, registry(session), scope)
        for done, (row, raw) in enumerate(rows, start=1):
            importer.import_row(session, row, raw)
            if progress:
                progress(done, len(rows))
            if not dry_run and done % COMMIT_EVERY == 0:
                session.commit()
        if not dry_run:
            record_audit(session=session, now=now, actor=actor, action="roster.import",
                         detail={"summary": report.summary(), "rows": len(rows)})
            if notifier is not None:
                notifier.within(session, now).roster_imported(actor, report)
            session.commit()
    if dry_run and notifier is not None:
        notifier.roster_imported(actor, report)
    return report


@dataclass
class _RowImporter:
    directory: Directory
    now: datetime
    actor: str
    default_timezone: str
    dry_run: bool
    report: ImportReport
    programs: Registry
    scope: Scope = FACULTY_WIDE
    seen: dict[str, int] = field(default_factory=dict)

    def import_row(self, session: Session, row: int, raw: dict[str, str]) -> None:
        draft, errors = parse_draft(row, raw)
        if "program" in draft.values:
            try:
                draft.values["program"] = self.programs.registered_name(str(draft.values["program"]))
            except ProgramError as exc:
                errors.append(RowError(row, "program", str(exc)))
        resolved = None if errors else self._resolve(session, draft, errors)
        if resolved is None:
            self.report.errors.extend(errors)
            return
        who, stored = resolved
        if not self._within_scope(session, row, who, stored, draft):
            return
        if stored is not None and stored.left_at is not None and not stored.active \
                and (raw.get("rejoin") or "").strip().lower() not in REJOIN_WORDS:
            self.report.outcomes.append(RowOutcome(row, who.slack_user_id, "skipped_left"))  # never silently back
            return
        if (first := self.seen.setdefault(who.slack_user_id, row)) != row:
            column = "slack_id" if draft.slack_id else "email"
            self.report.errors.append(RowError(row, column, _("duplicate person: same as row {row}").format(row=first)))
            return
        current = profile_for_edit(session=session, slack_user_id=who.slack_user_id)
        merged = canonical((current or ProfileBase()).model_copy(update=draft.values))
        if field_errors := validate_profile(merged):
            self.report.errors.extend(RowError(row, FIELD_COLUMNS.get(name, name), reason)
                                      for name, reason in field_errors.items())
            return
        action = self._action(stored, who, current, merged)
        new_windows = draft.windows is not None and (stored is None or draft.windows != stored_windows(
            session=session, person_id=stored.id or 0))
        action = "updated" if action == "unchanged" and new_windows else action
        if action != "unchanged" and not self.dry_run:
            with session.begin_nested():
                person = save_profile(session=session, who=who, profile=merged, now=self.now)
                if new_windows:
                    set_windows(session=session, person_id=person.id or 0, windows=draft.windows or [], now=self.now)
        self.report.outcomes.append(RowOutcome(row, who.slack_user_id, action))

    def _within_scope(self, session: Session, row: int, who: SlackIdentity, stored: Person | None,
                      draft: RowDraft) -> bool:
        """A program coordinator imports only people of their programs, and moves no one out of another's."""
        if self.scope.faculty_wide:
            return True
        wanted = draft.values.get("program", stored.program if stored else None)
        programs = [str(wanted) if wanted else None] + ([stored.program] if stored is not None else [])
        outside = [program for program in programs if not self.scope.covers(program)]
        if not outside:
            return True
        reason = _("{program} is outside the programs you coordinate ({programs})") if outside[0] else \
            _("no program is outside the programs you coordinate ({programs})")
        self.report.errors.append(RowError(row, "program", reason.format(program=outside[0],
                                                                          programs=self.scope.label())))
        audit_scope_refusal(session=session, scope=self.scope, actor=self.actor, action="roster.import_row",
                            target=who.slack_user_id, now=self.now)
        return False

    @staticmethod
    def _action(person: Person | None, who: SlackIdentity, current: ProfileBase | None, merged: ProfileBase) -> str:
        if current is None:
            return "created"
        same_person = person is not None and person.active and (person.display_name, person.email, person.timezone) == (
            who.display_name, who.email, who.timezone)
        return "unchanged" if same_person and current == merged else "updated"

    def _resolve(self, session: Session, draft: RowDraft,
                 errors: list[RowError]) -> tuple[SlackIdentity, Person | None] | None:
        """Who the row is (in Slack), and their stored row if they are already known."""
        if draft.slack_id:
            person = get_person(session=session, slack_user_id=draft.slack_id)
            found = None if person else self.directory.find_by_id(draft.slack_id)
            column, missing = "slack_id", _("no Slack user with id {id}").format(id=draft.slack_id)
        else:
            person = get_person_by_email(session=session, email=draft.email or "")
            found = None if person else self.directory.find_by_email(draft.email or "")
            column, missing = "email", _("unknown email: no Slack user has {email}").format(email=draft.email)
        if person is not None:
            found = SlackIdentity(person.slack_user_id, person.display_name, person.email, person.timezone)
        if found is None:
            errors.append(RowError(draft.row, column, missing))
            return None
        email = (draft.email or found.email or "").lower() or None
        who = SlackIdentity(found.slack_user_id, draft.name or found.display_name, email,
                            draft.timezone or found.timezone or self.default_timezone)
        return who, person
