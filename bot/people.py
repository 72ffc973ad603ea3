"""People and roles: who someone is to the program decides what they may do."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from storage.queries.audit import record_audit
from storage.queries.people import get_person, grant_coordinator

EVERYONE = "everyone"


def roles_of(*, session: Session, slack_user_id: str) -> frozenset[str]:
    """The person's roles, plus 'everyone'; unknown or inactive people hold only 'everyone'."""
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None or not person.active:
        return frozenset({EVERYONE})
    return frozenset({EVERYONE, "enrolled", *person.roles})


def bootstrap_coordinators(*, session: Session, slack_user_ids: Iterable[str], now: datetime) -> list[str]:
    """Grant the coordinators named in settings; returns those newly granted (audited as 'settings')."""
    granted = []
    for slack_user_id in slack_user_ids:
        _, changed = grant_coordinator(session=session, slack_user_id=slack_user_id, now=now)
        if changed:
            record_audit(session=session, now=now, actor="settings", action="coordinator.grant", target=slack_user_id)
            granted.append(slack_user_id)
    return granted


def add_coordinator(*, session: Session, actor: str, slack_user_id: str, now: datetime) -> bool:
    """A coordinator grants the role to someone else; returns False if they already had it."""
    _, changed = grant_coordinator(session=session, slack_user_id=slack_user_id, now=now)
    if changed:
        record_audit(session=session, now=now, actor=actor, action="coordinator.grant", target=slack_user_id)
    return changed
