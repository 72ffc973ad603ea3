"""Peer circle rows the scheduler asks about cheaply, before the formation code (numpy) is loaded."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.tables.circles import CircleStatus, PeerCircle


def due_circle_ids(*, session: Session, now: datetime) -> list[int]:
    return [i for i in session.exec(select(PeerCircle.id).where(
        PeerCircle.status == CircleStatus.ACTIVE, col(PeerCircle.next_checkin_at) <= now)) if i is not None]
