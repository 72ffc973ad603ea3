"""The outbox: durable, idempotent queue of Slack messages that jobs deliver."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from storage.tables import OutboxMessage


def enqueue_message(*, session: Session, key: str, purpose: str, recipient: str, payload: dict[str, Any],
                    not_before: datetime, now: datetime) -> OutboxMessage:
    """Add a message unless one with this key exists (then return that one unchanged)."""
    existing = session.exec(select(OutboxMessage).where(OutboxMessage.key == key)).first()
    if existing is not None:
        return existing
    message = OutboxMessage(key=key, purpose=purpose, recipient=recipient, payload=payload, not_before=not_before,
                            created_at=now)
    session.add(message)
    session.flush()
    return message


def due_message_ids(*, session: Session, now: datetime, limit: int) -> list[int]:
    query = (select(OutboxMessage.id).where(OutboxMessage.status == "pending", OutboxMessage.not_before <= now)
             .order_by(OutboxMessage.not_before, OutboxMessage.id).limit(limit)  # type: ignore[arg-type]
             .with_for_update(skip_locked=True))
    return [row for row in session.exec(query)]  # type: ignore[misc]


def claim_message(*, session: Session, message_id: int, worker: str, now: datetime) -> bool:
    """Compare-and-set pending -> sending, so two workers never both send one message."""
    result = session.execute(update(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.status == "pending"  # type: ignore[arg-type]
    ).values(status="sending", claimed_by=worker, claimed_at=now))
    return result.rowcount == 1  # type: ignore[attr-defined]


def outbox_counts(*, session: Session, purpose_prefix: str = "") -> dict[str, int]:
    counts: dict[str, int] = {}
    query = select(OutboxMessage.status).where(OutboxMessage.key.startswith(purpose_prefix))  # type: ignore[attr-defined]
    for status in session.exec(query):
        counts[status] = counts.get(status, 0) + 1
    return counts
