"""What an ending must withdraw: the agreement and pulse/review messages of a match still waiting in the outbox."""

from __future__ import annotations

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from storage.queries.columns import changed_rows
from storage.tables import Agreement, MatchPrompt, OutboxMessage, OutboxStatus


def cancel_pending_about_match(*, session: Session, match_id: int) -> int:
    """Cancel the match's agreement, reminder, pulse and review messages not yet sent (an ended match's agreement
    should not arrive after the ending)."""
    agreement_ids = list(session.exec(select(Agreement.id).where(Agreement.match_id == match_id)))
    prompt_ids = list(session.exec(select(MatchPrompt.id).where(MatchPrompt.match_id == match_id)))
    prefixes = [f"agreement:{a}:" for a in agreement_ids] + [f"agreement-reminder:{a}:" for a in agreement_ids]
    keys = [f"prompt:{p}" for p in prompt_ids]
    if not prefixes and not keys:
        return 0
    about = [col(OutboxMessage.key).startswith(prefix) for prefix in prefixes] + [col(OutboxMessage.key).in_(keys)]
    result = session.execute(update(OutboxMessage).where(col(OutboxMessage.status) == OutboxStatus.PENDING, or_(*about))
                             .values(status=OutboxStatus.CANCELLED))
    return changed_rows(result)
