"""Queries for check-ins and alerts; each due-query is indexed so its cost grows with what is due."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, func, select

from storage.tables import Alert, CheckIn, CheckInStatus, Match, MatchStatus, Meeting, OutboxMessage, OutboxStatus


def due_checkins(*, session: Session, now: datetime, limit: int = 500) -> list[CheckIn]:
    query = select(CheckIn).where(CheckIn.status == CheckInStatus.DUE, CheckIn.due_at <= now)
    return list(session.exec(query.order_by(col(CheckIn.due_at), col(CheckIn.id)).limit(limit)))


def unanswered_checkins(*, session: Session, sent_before: datetime, limit: int = 500) -> list[CheckIn]:
    query = select(CheckIn).where(CheckIn.status == CheckInStatus.SENT, col(CheckIn.reminded_at).is_(None),
                                  col(CheckIn.sent_at) <= sent_before)
    return list(session.exec(query.order_by(col(CheckIn.id)).limit(limit)))


def last_meetings(*, session: Session) -> dict[int, date]:
    """Per active match, the date of its latest logged meeting."""
    rows = session.exec(select(Meeting.match_id, func.max(Meeting.met_on)).join(Match)
                        .where(col(Match.status) == MatchStatus.ACTIVE).group_by(col(Meeting.match_id)))
    return {match_id: met_on for match_id, met_on in rows}


def open_alerts(*, session: Session) -> list[Alert]:
    return list(session.exec(select(Alert).where(col(Alert.resolved_at).is_(None)).order_by(col(Alert.id))))


def open_alert_for(*, session: Session, kind: str, subject_id: int) -> Alert | None:
    return session.exec(select(Alert).where(Alert.kind == kind, Alert.subject_id == subject_id,
                                            col(Alert.resolved_at).is_(None))).first()


def sent_message(*, session: Session, key: str) -> OutboxMessage | None:
    return session.exec(select(OutboxMessage).where(OutboxMessage.key == key, OutboxMessage.status == OutboxStatus.SENT)).first()


def resolve_alert(*, session: Session, kind: str, subject_id: int, now: datetime) -> None:
    alert = open_alert_for(session=session, kind=kind, subject_id=subject_id)
    if alert is not None:
        alert.resolved_at = now
        session.add(alert)
