"""Roster export: everyone enrolled (in the coordinator's programs) in the format import reads back unchanged."""

from __future__ import annotations

from datetime import datetime
import io

from defusedcsv import csv  # stdlib csv whose writers prefix a formula-like cell with ' (see _undefused)
from sqlmodel import Session

from bot.access import FACULTY_WIDE, Scope
from bot.profiles import ProfileBase, SlackIdentity, profile_for_edit
from bot.roster.csv_format import COLUMNS
from bot.roster.rows import LIST_SEPARATOR
from storage.queries.audit import record_audit
from storage.queries.people import enrolled_people


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
        writer.writerow(_export_row(who, profile or ProfileBase()))
    return out.getvalue()


def _export_row(who: SlackIdentity, p: ProfileBase) -> dict[str, str]:
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
