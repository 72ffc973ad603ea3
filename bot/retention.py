"""Retention: personal data of people who left more than `retention_months` ago is deleted; what the
evaluation needs in aggregate (their program, stage, role, dates, match and meeting counts) is kept
under an anonymous id."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, select

from bot.deps import Deps
from bot.program_settings import setting
from storage.engine import transaction
from storage.queries.audit import record_audit
from storage.tables import (
    AuditEvent,
    CheckIn,
    ConflictOfInterest,
    Goal,
    IdentityProfile,
    Match,
    Meeting,
    MenteeProfile,
    MentorProfile,
    Person,
)

DAYS_PER_MONTH = 30.44


def purge_departed(*, session: Session, now: datetime, months: int) -> list[int]:
    """Anonymise everyone who left before the cut-off; returns their (kept) person ids."""
    cutoff = now - timedelta(days=months * DAYS_PER_MONTH)
    departed = session.exec(select(Person).where(Person.active.is_(False), Person.left_at < cutoff,  # type: ignore[union-attr,operator]
                                                 ~Person.slack_user_id.startswith("purged-"))).all()  # type: ignore[union-attr]
    for person in departed:
        _purge(session, person, now)
    return [p.id or 0 for p in departed]


def _purge(session: Session, person: Person, now: datetime) -> None:
    pid, slack_id = person.id, person.slack_user_id
    for table in (MenteeProfile, MentorProfile, IdentityProfile):
        session.execute(delete(table).where(table.person_id == pid))  # type: ignore[attr-defined]
    session.execute(delete(ConflictOfInterest).where((ConflictOfInterest.mentor_id == pid)  # type: ignore[arg-type]
                                                     | (ConflictOfInterest.mentee_id == pid)))
    session.execute(delete(Goal).where(Goal.mentee_id == pid))  # type: ignore[arg-type]
    their_matches = select(Match.id).where((Match.mentee_id == pid) | (Match.mentor_id == pid))
    session.execute(update(Meeting).where(Meeting.match_id.in_(their_matches)).values(note=""))  # type: ignore[attr-defined]
    session.execute(update(CheckIn).where(CheckIn.match_id.in_(their_matches)).values(program_note=""))  # type: ignore[attr-defined]
    anonymous = f"purged-{pid}"
    session.execute(update(AuditEvent).where(AuditEvent.actor_slack_id == slack_id).values(actor_slack_id=anonymous))  # type: ignore[arg-type]
    session.execute(update(AuditEvent).where(AuditEvent.target == slack_id).values(target=anonymous))  # type: ignore[arg-type]
    person.slack_user_id, person.display_name, person.email, person.updated_at = anonymous, "", None, now
    session.add(person)
    record_audit(session=session, now=now, actor="retention", action="person.purge", target=anonymous)


def purge_step(deps: Deps, now: datetime) -> None:
    with transaction(deps.sessions) as session:
        purge_departed(session=session, now=now, months=setting(session, "retention_months"))
