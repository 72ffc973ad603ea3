"""When each check-in of a match falls due: cycle n is due `n * cadence` days after the match started."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session, col, select

from storage.tables import CheckIn, CheckInStatus, Match

ROLES = ("mentee", "mentor")


def cycle_due_at(match: Match, cycle: int) -> datetime:
    return match.started_at + timedelta(days=match.cadence_days * cycle)


def plan_cycle(*, session: Session, match: Match, cycle: int) -> None:
    """Create both sides' check-in for this cycle, unless they exist (so planning twice is harmless)."""
    existing = set(session.exec(select(CheckIn.role).where(CheckIn.match_id == match.id, CheckIn.cycle == cycle)))
    for role in ROLES:
        if role not in existing:
            session.add(CheckIn(match_id=match.id or 0, role=role, cycle=cycle, due_at=cycle_due_at(match, cycle)))


def plan_cycles(*, session: Session, plans: list[tuple[Match, int]]) -> None:
    """plan_cycle for each (match, cycle) in turn, with one query for what exists and one insert: the same rows,
    in the same order (so given the same ids)."""
    match_ids = sorted({match.id or 0 for match, _ in plans})
    existing: set[tuple[int, int, str]] = set()
    for start in range(0, len(match_ids), 500):
        chunk = match_ids[start:start + 500]
        existing.update(session.exec(select(CheckIn.match_id, CheckIn.cycle, CheckIn.role).where(
            col(CheckIn.match_id).in_(chunk))))
    rows = []
    for match, cycle in plans:
        for role in ROLES:
            if (match.id or 0, cycle, role) not in existing:
                existing.add((match.id or 0, cycle, role))
                rows.append({"match_id": match.id or 0, "role": role, "cycle": cycle, "due_at": cycle_due_at(match, cycle)})
    if rows:
        session.execute(insert(CheckIn), rows)  # the other columns take their defaults, as a new CheckIn does


def next_cycle(match: Match, after_cycle: int, now: datetime) -> int:
    """The cycle after `after_cycle` whose due time is still ahead: after an outage, stale cycles are skipped
    rather than sent in a flood."""
    cycle = after_cycle + 1
    while cycle_due_at(match, cycle) <= now:
        cycle += 1
    return cycle


def latest_due_cycle(match: Match, now: datetime) -> int:
    """The newest cycle whose due time has passed (0 if none yet)."""
    return max(0, (now - match.started_at) // timedelta(days=match.cadence_days))


def replan_open_checkins(*, session: Session, match: Match) -> None:
    """After a cadence change, move the not-yet-sent check-ins to the new schedule."""
    for checkin in session.exec(select(CheckIn).where(CheckIn.match_id == match.id, CheckIn.status == CheckInStatus.DUE)):
        checkin.due_at = cycle_due_at(match, checkin.cycle)
        session.add(checkin)
