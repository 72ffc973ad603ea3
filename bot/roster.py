"""Roster import and export (CSV).

Import gives a result per row: every good row is stored (each in its own savepoint, so a row is
written whole or not at all) and every bad row is reported with its row number, column and reason.
Importing the same file twice changes nothing. Columns a file leaves out keep their stored values.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from defusedcsv import csv  # stdlib csv whose writers prefix a formula-like cell with ' (see _undefused)

from bot.profiles import (
    ProfileInput,
    canonical,
    SlackIdentity,
    parse_capacity_per_kind,
    profile_for_edit,
    save_profile,
    validate_profile,
)
from sqlmodel import Session

from bot.scheduling.availability import set_windows, stored_windows
from bot.scheduling.availability_text import AvailabilityError, parse_windows
from bot.scheduling.slots import Window
from bot.access import FACULTY_WIDE, Scope, audit_scope_refusal, scope_of
from bot.numbers import NotANumber, parse_count
from bot.programs import ProgramError, Registry, registry
from bot.vocabulary import normalize_kind, normalize_stage
from storage.limits import length_error
from storage.engine import SessionFactory
from storage.queries.audit import record_audit
from storage.queries.people import enrolled_people, get_person, get_person_by_email
from storage.tables import Person

COLUMNS = (
    "slack_id", "email", "name", "roles", "program", "stage", "timezone", "mentoring_wanted", "interests",
    "meeting_mode", "cadence_days", "mentoring_offered", "expertise", "capacity", "capacity_per_kind",
)
# `rejoin`: an instruction to the import; `availability`: weekly windows (`mon-fri 07:00-08:00;sat 10:00-12:00`)
# a coordinator may seed from a rota. Neither is ever exported: availability is private to its person.
IMPORT_COLUMNS = (*COLUMNS, "availability", "rejoin")
REJOIN_WORDS = {"yes", "y", "true", "1"}  # `rejoin`: bring back someone who left the program
LIST_SEPARATOR = ";"
FIELD_COLUMNS = {"roles": "roles", "program": "program", "stage": "stage", "kinds_wanted": "mentoring_wanted",
                 "meeting_mode": "meeting_mode", "cadence": "cadence_days", "kinds_offered": "mentoring_offered",
                 "capacity": "capacity", "capacity_per_kind": "capacity_per_kind", "interests_other": "interests",
                 "expertise_other": "expertise"}
SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COMMIT_EVERY = 500


class Directory(Protocol):
    """Finds Slack users (users.info / users.lookupByEmail in production)."""

    def find_by_id(self, user_id: str) -> SlackIdentity | None: ...
    def find_by_email(self, email: str) -> SlackIdentity | None: ...


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
        verb = ("would be" if self.dry_run else "was" if bad_rows == 1 else "were")
        left = self.skipped_left()
        skipped = (f" {len(left)} {'person' if len(left) == 1 else 'people'} who left the program "
                   f"{'would be' if self.dry_run else 'was' if len(left) == 1 else 'were'} skipped ({', '.join(left)}; add rejoin=yes to bring "
                   "them back).") if left else ""
        return (f"{self.count('created')} created, {self.count('updated')} updated, {self.count('unchanged')} unchanged; "
                f"{bad_rows} {'row' if bad_rows == 1 else 'rows'} {verb} skipped with errors.{skipped}")

    def skipped_left(self) -> list[str]:
        return [outcome.slack_user_id for outcome in self.outcomes if outcome.action == "skipped_left"]


FORMULA_STARTS = ("=", "+", "-", "@", "|", "%")  # what defusedcsv prefixes with ' on export
NUMBER_LIKE = re.compile(r"-?[0-9,.]+")  # ... unless the cell reads as a number


class RosterFormatError(ValueError):
    """The file as a whole cannot be read (no header, unknown columns)."""


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [name.strip().lower() for name in reader.fieldnames or []]
    except csv.Error as exc:
        raise RosterFormatError(f"The first line cannot be read as CSV ({exc}).") from None
    if not header:
        raise RosterFormatError("The roster is empty: the first line must name the columns.")
    if unknown := [name for name in header if name not in IMPORT_COLUMNS]:
        raise RosterFormatError(f"Unknown column(s): {', '.join(unknown)}. Known columns: {', '.join(IMPORT_COLUMNS)}.")
    if "slack_id" not in header and "email" not in header:
        raise RosterFormatError("The roster needs a slack_id or an email column to find people in Slack.")
    reader.fieldnames = header
    try:
        return [(reader.line_num, {k: _undefused((v or "").strip()) for k, v in row.items() if k}) for row in reader]
    except csv.Error as exc:
        raise RosterFormatError(f"Line {reader.line_num + 1} cannot be read as CSV ({exc}).") from None


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
        errors.append(RowError(row, column, f"unknown kind of mentoring: {', '.join(bad)}"))
    return [kind for kind in kinds if kind]


def _parse_roles(row: int, text: str, errors: list[RowError]) -> dict[str, object]:
    roles = {"both": ["mentee", "mentor"]}.get(text.lower(), [r.lower() for r in _split(text)])
    if not roles or set(roles) - {"mentee", "mentor"}:
        errors.append(RowError(row, "roles", f"roles must be mentee, mentor or mentee;mentor (got {text!r})"))
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
            errors.append(RowError(row, "stage", f"unknown stage {get('stage')!r} (use PGY-1..PGY-7, fellow or a rank)"))
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
            errors.append(RowError(row, "capacity_per_kind", "write limits like research:1;career:2"))
        values["capacity_per_kind"] = limits or {}
    return _identity_part(row, raw, values, errors)


def _identity_part(row: int, raw: dict[str, str], values: dict[str, object],
                   errors: list[RowError]) -> tuple[RowDraft, list[RowError]]:
    slack_id, email = raw.get("slack_id") or None, (raw.get("email") or "").lower() or None
    if slack_id and not SLACK_ID.match(slack_id):
        errors.append(RowError(row, "slack_id", f"{slack_id!r} is not a Slack user id (like U012ABCDEF)"))
    if email and not EMAIL.match(email):
        errors.append(RowError(row, "email", f"{email!r} is not an email address"))
    if not slack_id and not email:
        errors.append(RowError(row, "email", "each row needs a slack_id or an email"))
    for column, problem in (("name", length_error(Person, "display_name", raw.get("name"), what="name")),
                            ("email", length_error(Person, "email", email, what="email"))):
        if problem:
            errors.append(RowError(row, column, problem))
    timezone = raw.get("timezone") or None
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            errors.append(RowError(row, "timezone", f"{timezone!r} is not an IANA timezone (e.g. America/Toronto)"))
    windows = cast("list[Window] | None", values.pop("windows", None))
    return RowDraft(row, slack_id, email, raw.get("name") or None, timezone, values, windows), errors


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
) -> ImportReport:
    """Upsert every good row; report every bad one. Raises RosterFormatError if the file is unreadable. A program
    coordinator's rows outside their programs are row errors, each audited (`scope` None: the actor's own, as from
    Slack; the CLI and tests are faculty-wide)."""
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
            session.commit()
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
            self.report.errors.append(RowError(row, column, f"duplicate person: same as row {first}"))
            return
        current = profile_for_edit(session=session, slack_user_id=who.slack_user_id)
        merged = canonical(replace(current or ProfileInput(), **draft.values))  # type: ignore[arg-type]
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
        self.report.errors.append(RowError(row, "program", f"{outside[0] or 'no program'} is outside the programs "
                                                           f"you coordinate ({self.scope.label()})"))
        audit_scope_refusal(session=session, scope=self.scope, actor=self.actor, action="roster.import_row",
                            target=who.slack_user_id, now=self.now)
        return False

    @staticmethod
    def _action(person: Person | None, who: SlackIdentity, current: ProfileInput | None, merged: ProfileInput) -> str:
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
            column, missing = "slack_id", f"no Slack user with id {draft.slack_id}"
        else:
            person = get_person_by_email(session=session, email=draft.email or "")
            found = None if person else self.directory.find_by_email(draft.email or "")
            column, missing = "email", f"unknown email: no Slack user has {draft.email}"
        if person is not None:
            found = SlackIdentity(person.slack_user_id, person.display_name, person.email, person.timezone)
        if found is None:
            errors.append(RowError(draft.row, column, missing))
            return None
        email = (draft.email or found.email or "").lower() or None
        who = SlackIdentity(found.slack_user_id, draft.name or found.display_name, email,
                            draft.timezone or found.timezone or self.default_timezone)
        return who, person


def export_roster(*, session: Session, actor: str, now: datetime, scope: Scope = FACULTY_WIDE) -> str:
    """Everyone enrolled (a program coordinator: in their programs), in the CSV format import reads: importing an
    export changes nothing. Audited: it holds everyone's email."""
    record_audit(session=session, now=now, actor=actor, action="roster.export",
                 detail={"programs": sorted(scope.programs) if scope.programs is not None else "faculty-wide"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for person in enrolled_people(session=session):
        if not scope.covers(person.program):
            continue
        profile = profile_for_edit(session=session, slack_user_id=person.slack_user_id)
        who = SlackIdentity(person.slack_user_id, person.display_name, person.email, person.timezone)
        writer.writerow(_export_row(who, profile or ProfileInput()))
    return out.getvalue()


def _export_row(who: SlackIdentity, p: ProfileInput) -> dict[str, str]:
    join = LIST_SEPARATOR.join
    roles = join(role for role, held in (("mentee", p.as_mentee), ("mentor", p.as_mentor)) if held)
    mentee, mentor = p.as_mentee, p.as_mentor
    return {
        "slack_id": who.slack_user_id, "email": who.email or "", "name": who.display_name, "roles": roles,
        "program": p.program, "stage": p.stage, "timezone": who.timezone,
        "mentoring_wanted": join(p.kinds_wanted) if mentee else "", "interests": join(p.interests) if mentee else "",
        "meeting_mode": p.meeting_mode if mentee else "", "cadence_days": str(p.cadence_days) if mentee else "",
        "mentoring_offered": join(p.kinds_offered) if mentor else "", "expertise": join(p.expertise) if mentor else "",
        "capacity": str(p.capacity_total) if mentor else "",
        "capacity_per_kind": join(f"{k}:{n}" for k, n in p.capacity_per_kind.items()) if mentor else "",
    }
