"""Matches made before agreements existed have none: offer each its agreement once, from the program's template.

One-time and idempotent: a match that has an agreement (the agreement's match is unique) is never offered another,
so running it twice offers nothing the second time. Each person's copy goes through the outbox like any new
agreement's, paced, in the same transaction; it says plainly that the match began before agreements existed, and
the term (with its midpoint and end reviews and an early pulse) starts on the day it is offered, not the day the
match began, so nobody is asked about a term they never agreed to.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.agreements.service import open_agreement
from bot.notify import Notifier
from storage.queries.audit import record_audit
from storage.tables import Agreement, Match, MatchStatus

OFFERED_LATE = "offered_late"  # in the agreement's sections: the match began before agreements existed


def matches_without_agreement(*, session: Session) -> list[Match]:
    with_agreement = select(Agreement.match_id)
    return list(session.exec(select(Match).where(Match.status == MatchStatus.ACTIVE,
                                                 col(Match.id).not_in(with_agreement)).order_by(col(Match.id))))


def offer_missing_agreements(*, session: Session, notifier: Notifier, actor: str, now: datetime) -> list[int]:
    """Open an agreement for every active match without one; the ids of the matches offered one."""
    offered = []
    for match in matches_without_agreement(session=session):
        open_agreement(session=session, notifier=notifier, match_id=match.id or 0, now=now,
                       extra_sections={OFFERED_LATE: True})
        offered.append(match.id or 0)
    if offered:
        record_audit(session=session, now=now, actor=actor, action="agreements.offer_missing", target="matches",
                     detail={"matches": offered})
    return offered
