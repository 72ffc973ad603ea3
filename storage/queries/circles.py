"""Peer circle rows the scheduler and the report read, without the formation code (numpy)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.tables.circles import CircleCheckIn, CircleMember, CircleSeat, CircleStatus, PeerCircle


def due_circle_ids(*, session: Session, now: datetime) -> list[int]:
    return [i for i in session.exec(select(PeerCircle.id).where(
        PeerCircle.status == CircleStatus.ACTIVE, col(PeerCircle.next_checkin_at) <= now)) if i is not None]


def circle_links(*, session: Session, until: datetime | None) -> list[tuple[int, int, datetime, datetime | None]]:
    """Each seat of each active circle formed before `until`, as a link (hub, member, from, left_at): the hub is the
    circle's facilitator, or its first member when it has none. The report's network picture draws them as stars."""
    query = select(PeerCircle).where(PeerCircle.status == CircleStatus.ACTIVE)
    if until is not None:
        query = query.where(col(PeerCircle.created_at) < until)
    links = []
    for circle in session.exec(query.order_by(col(PeerCircle.id))):
        seats = list(session.exec(select(CircleSeat).where(CircleSeat.circle_id == circle.id)
                                  .order_by(col(CircleSeat.role), col(CircleSeat.person_id))))
        if not seats:
            continue
        hub = seats[0].person_id  # "facilitator" sorts before "member": the facilitator, if any, is the hub
        links += [(hub, seat.person_id, circle.created_at, seat.left_at) for seat in seats[1:]]
    return links


def circle_seat_rows(*, session: Session, until: datetime) -> list[tuple[int, int, datetime, datetime | None]]:
    """(circle, person, circle formed at, left at) of every seat of the circles approved and formed before `until`."""
    rows = session.exec(select(CircleSeat.circle_id, CircleSeat.person_id, PeerCircle.created_at, CircleSeat.left_at)
                        .where(CircleSeat.circle_id == PeerCircle.id, PeerCircle.status == CircleStatus.ACTIVE,
                               col(PeerCircle.created_at) < until))
    return [(circle, person, formed, left) for circle, person, formed, left in rows]


def circle_checkin_rows(*, session: Session, start: datetime, end: datetime) -> list[tuple[int, str | None]]:
    """(person, answer or None) of the circle check-ins sent in the period."""
    rows = session.exec(select(CircleCheckIn.person_id, CircleCheckIn.answer).where(
        col(CircleCheckIn.send_at) >= start, col(CircleCheckIn.send_at) < end))
    return [(person, answer) for person, answer in rows]


def leave_circles_of(*, session: Session, person_id: int, now: datetime) -> None:
    """Someone left the program: their circle seats end (as a no-fault leave) and they wait for no new circle."""
    session.execute(update(CircleSeat).where(col(CircleSeat.person_id) == person_id, col(CircleSeat.left_at).is_(None))
                    .values(left_at=now))
    session.execute(delete(CircleMember).where(col(CircleMember.person_id) == person_id))
