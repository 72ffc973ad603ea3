"""Authorization: every refused attempt is written to the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.people import roles_of
from storage.engine import SessionFactory, transaction
from storage.queries.audit import record_audit


def check_roles(
    *, session: Session, slack_user_id: str, allowed: frozenset[str], action: str, now: datetime
) -> tuple[bool, frozenset[str]]:
    """Whether the person holds one of the allowed roles; a refusal is audited. Returns (allowed, roles)."""
    roles = roles_of(session=session, slack_user_id=slack_user_id)
    if allowed & roles:
        return True, roles
    record_audit(session=session, now=now, actor=slack_user_id, action=action, outcome="refused",
                 detail={"needed": sorted(allowed), "held": sorted(roles)})
    return False, roles


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
                     outcome="refused")
