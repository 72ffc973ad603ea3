"""Authorization: every refused attempt is written to the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlmodel import Session

from bot.people import roles_of
from storage.engine import SessionFactory, transaction
from storage.queries.audit import record_audit
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


def authorize(*, sessions: SessionFactory, slack_user_id: str, allowed: frozenset[str], action: str,
              now: datetime) -> tuple[bool, frozenset[str]]:
    """`check_roles` as a unit of work of its own, so a refusal's audit is kept whatever happens next."""
    with transaction(sessions) as session:
        return check_roles(session=session, slack_user_id=slack_user_id, allowed=allowed, action=action, now=now)


def refusal_text(allowed: frozenset[str]) -> str:
    if "coordinator" in allowed:
        return "Sorry, only program coordinators can do that. I've let the program know you tried, in case you need access."
    if allowed <= {"mentee", "mentor", "enrolled"}:
        return "That's for people enrolled in the program. Run `/mentor join` to enrol first."
    return "Sorry, that isn't available to you."


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
