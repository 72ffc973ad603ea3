"""The audit log: append-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.tables import AuditEvent, AuditOutcome


def record_audit(
    *,
    session: Session,
    now: datetime,
    actor: str,
    action: str,
    target: str | None = None,
    outcome: str = AuditOutcome.OK,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(at=now, actor_slack_id=actor, action=action, target=target, outcome=outcome, detail=detail or {})
    session.add(event)
    return event


def audit_events(*, session: Session, actor: str | None = None, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(col(AuditEvent.id))
    if actor is not None:
        query = query.where(AuditEvent.actor_slack_id == actor)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(session.exec(query))


def audit_events_about(*, session: Session, target: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.target == target).order_by(col(AuditEvent.id))))
