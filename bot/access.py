"""Authorization: every refused attempt is written to the audit log."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.i18n import _
from bot.people import roles_of
from storage.engine import SessionFactory, transaction
from storage.queries.audit import record_audit
from storage.queries.coordinators import programs_of
from storage.queries.people import get_person
from storage.tables import AuditOutcome


def check_roles(
    *, session: Session, slack_user_id: str, allowed: frozenset[str], action: str, now: datetime
) -> tuple[bool, frozenset[str]]:
    """Whether the person holds one of the allowed roles; a refusal is audited. Returns (allowed, roles)."""
    roles = roles_of(session=session, slack_user_id=slack_user_id)
    if allowed & roles:
        return True, roles
    record_audit(session=session, now=now, actor=slack_user_id, action=action, outcome=AuditOutcome.REFUSED,
                 detail={"needed": sorted(allowed), "held": sorted(roles)})
    return False, roles


COORDINATORS = frozenset({"coordinator"})


# Surfaces that belong to the whole faculty, so only faculty-wide coordinators use them (a program coordinator is
# refused, audited): the program settings and the interest vocabulary are one for every program, the program
# registry is the faculty's list, and speed-mentoring events and the recognition list are faculty-wide for now.
# tests/test_scoped_authorization.py holds each coordinator surface's decision.
FACULTY_WIDE_SUBCOMMANDS = frozenset({"settings", "tags", "programs", "event", "recognition"})


def faculty_wide_only_text() -> str:
    return _("Sorry, that is the whole faculty's, so only faculty-wide coordinators can do it. I've noted that you "
             "tried, in case you need it.")


def authorize(*, sessions: SessionFactory, slack_user_id: str, allowed: frozenset[str], action: str,
              now: datetime, faculty_wide_only: bool = False) -> tuple[bool, frozenset[str]]:
    """`check_roles` as a unit of work of its own, so a refusal's audit is kept whatever happens next;
    `faculty_wide_only` also refuses (audited) a coordinator whose scope is some programs."""
    with transaction(sessions) as session:
        ok, roles = check_roles(session=session, slack_user_id=slack_user_id, allowed=allowed, action=action, now=now)
        if ok and faculty_wide_only and "coordinator" in roles \
                and not scope_of(session=session, slack_user_id=slack_user_id).faculty_wide:
            audit_scope_refusal(session=session, scope=scope_of(session=session, slack_user_id=slack_user_id),
                                actor=slack_user_id, action=action, target="faculty-wide", now=now)
            return False, roles
        return ok, roles


def refusal_text(allowed: frozenset[str]) -> str:
    if "coordinator" in allowed:
        return _("Sorry, only program coordinators can do that. I've let the program know you tried, in case you "
                 "need access.")
    if allowed <= {"mentee", "mentor", "enrolled"}:
        return _("That's for people enrolled in the program. Run `/mentor join` to enrol first.")
    return _("Sorry, that isn't available to you.")


class Refused(ValueError):
    """An attempt on something that is not the person's (another mentor's consent, a stranger's match, someone
    else's goal). Raised inside the decision's transaction, which rolls back; `audit_refusal` records it after."""

    def __init__(self, message: str, *, actor: str, action: str, target: str) -> None:
        super().__init__(message)
        self.actor, self.action, self.target = actor, action, target


def audit_refusal(*, sessions: SessionFactory, refused: Refused, now: datetime) -> None:
    with transaction(sessions) as session:
        record_audit(session=session, now=now, actor=refused.actor, action=refused.action, target=refused.target,
                     outcome=AuditOutcome.REFUSED)


@contextmanager
def unit_of_work(sessions: SessionFactory, now: datetime) -> Iterator[Session]:
    """One request's transaction: a `Refused` raised inside rolls it back, then is audited in a transaction of its
    own (so the refusal is kept while nothing else the request wrote is)."""
    try:
        with transaction(sessions) as session:
            yield session
    except Refused as refused:
        audit_refusal(sessions=sessions, refused=refused, now=now)
        raise


@dataclass(frozen=True)
class Scope:
    """What a coordinator may see and act on: everything (faculty-wide, `programs` None) or their programs."""

    programs: frozenset[str] | None

    @property
    def faculty_wide(self) -> bool:
        return self.programs is None

    def covers(self, program: str | None) -> bool:
        return self.programs is None or program in self.programs

    def covers_any(self, programs: Iterable[str | None]) -> bool:
        """A cross-program match is visible to both programs' coordinators: one of its programs is enough."""
        return self.programs is None or any(program in self.programs for program in programs)

    def label(self) -> str:
        return _("Faculty-wide") if self.programs is None else ", ".join(sorted(self.programs))


FACULTY_WIDE = Scope(None)
NOTHING = Scope(frozenset())


def scope_of(*, session: Session, slack_user_id: str) -> Scope:
    """The coordinator's scope; NOTHING for anyone who is not an active coordinator. The CLI is faculty-wide."""
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None or not person.active or not person.is_coordinator or person.id is None:
        return NOTHING
    programs = programs_of(session=session, person_id=person.id)
    return Scope(programs) if programs else FACULTY_WIDE


def require_scope(*, session: Session, scope: Scope, actor: str, action: str, programs: Iterable[str | None],
                  now: datetime, target: str = "") -> None:
    """Raise `Refused` (audited by `unit_of_work`) unless the scope covers one of `programs`."""
    wanted = list(programs)
    if scope.covers_any(wanted):
        return
    raise Refused(scope_refusal_text(scope), actor=actor, action=action,
                  target=target or ", ".join(sorted(str(p) for p in wanted)))


def audit_scope_refusal(*, session: Session, scope: Scope, actor: str, action: str, target: str,
                        now: datetime) -> None:
    """A scoped refusal recorded where the caller keeps going (a roster row, a report asked for another program)."""
    record_audit(session=session, now=now, actor=actor, action=action, target=target, outcome=AuditOutcome.REFUSED,
                 detail={"scope": sorted(scope.programs or ())})


def scope_refusal_text(scope: Scope) -> str:
    return _("Sorry, that is outside the programs you coordinate ({programs}).").format(programs=scope.label())
