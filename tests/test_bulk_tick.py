"""The scheduler's steps work in bulk (issue 17, goal 3); each bulk path stores or finds exactly what the
one-at-a-time code it replaced did, checked here against that code on varied programs."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from bot.alerts import _quiet_pairs, _stalled_goals, shared_with_program
from bot.checkin_plan import plan_cycle, plan_cycles
from bot.checkins import _Batch, checkin_info
from bot.goals import OPEN_STATUSES
from storage.engine import make_engine, session_factory, transaction
from storage.queries.care import last_meetings
from storage.queries.matching import active_matches
from storage.queries.outbox import enqueue_message, enqueue_new_messages
from storage.tables import CheckIn, Goal, Match, Meeting, OutboxMessage, Person
from tests.databases import DatabaseMaker

NOW = datetime(2026, 10, 14, 16, 0, tzinfo=UTC)


def rows_of(session: Session, table: Any) -> list[dict[str, Any]]:
    return [row.model_dump() for row in session.exec(select(table).order_by(table.id))]


def test_bulk_enqueue_stores_what_enqueueing_one_by_one_stores(database_maker: DatabaseMaker) -> None:
    messages = [{"key": f"checkin:{n % 7}", "purpose": "checkin", "recipient": f"U{n}", "payload": {"text": f"hi {n}",
                 "blocks": [{"type": "section", "n": n}]}, "not_before": NOW + timedelta(minutes=n),
                 "created_at": NOW} for n in range(10)]  # keys 0-2 come twice: the first one wins
    stored = []
    for bulk in (False, True):
        with database_maker.fresh() as url:
            sessions = session_factory(make_engine(url))
            with transaction(sessions) as session:  # one key already there: left as it is
                enqueue_message(session=session, key="checkin:4", purpose="checkin", recipient="U0",
                                payload={"text": "earlier"}, not_before=NOW, now=NOW - timedelta(hours=1))
            with transaction(sessions) as session:
                if bulk:
                    assert enqueue_new_messages(session=session, messages=messages) == 6
                else:
                    for m in messages:
                        enqueue_message(session=session, key=m["key"], purpose=m["purpose"], recipient=m["recipient"],
                                        payload=m["payload"], not_before=m["not_before"], now=m["created_at"])
            with sessions() as session:
                stored.append(rows_of(session, OutboxMessage))
    assert stored[0] == stored[1]
    assert [row["key"] for row in stored[1]] == ["checkin:4", *(f"checkin:{n}" for n in (0, 1, 2, 3, 5, 6))]


def populate(session: Session, rng: random.Random, people: int = 60) -> None:
    """People in several zones (some paused or gone), matches with varied cadences and starts (some ended, some
    mentees with two mentors), meetings, goals of every status, private or shared with one mentor."""
    persons = [Person(slack_user_id=f"U{n:04d}", display_name=f"Person {n}" if n % 9 else "", email=None,
                      timezone=rng.choice(["America/Edmonton", "Asia/Tokyo", "Europe/Paris"]), program="IM",
                      stage="PGY-2", is_mentee=n % 3 != 0, is_mentor=n % 3 == 0, is_coordinator=False,
                      active=n % 17 != 5, paused_until=date(2026, 11, 1) if n % 13 == 4 else None,
                      created_at=NOW, updated_at=NOW) for n in range(people)]
    session.add_all(persons)
    session.flush()
    mentors = [p for p in persons if p.is_mentor]
    mentees = [p for p in persons if p.is_mentee]
    matches = []
    for mentee in mentees:
        for mentor in rng.sample(mentors, rng.choice([1, 1, 2])):
            matches.append(Match(mentee_id=mentee.id or 0, mentor_id=mentor.id or 0, kind="career",
                                 status=rng.choice(["active"] * 5 + ["ended"]), cadence_days=rng.choice([7, 14, 30]),
                                 reasons=[], started_at=NOW - timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 23))))
    session.add_all(matches)
    session.flush()
    for match in matches:
        for day in rng.sample(range(1, 100), rng.choice([0, 0, 1, 3])):
            session.add(Meeting(match_id=match.id or 0, met_on=(NOW - timedelta(days=day)).date(), logged_by="U0000",
                                created_at=NOW))
        for cycle in (1, 2):
            session.add(CheckIn(match_id=match.id or 0, role=rng.choice(["mentee", "mentor"]), cycle=cycle,
                                due_at=NOW - timedelta(days=rng.randint(0, 40)),
                                status=rng.choice(["due", "sent", "sent", "answered"]),
                                sent_at=NOW - timedelta(days=rng.randint(0, 20))))
    for mentee in mentees:
        for n in range(rng.randint(0, 4)):
            mentor_ids = [m.mentor_id for m in matches if m.mentee_id == mentee.id]
            session.add(Goal(mentee_id=mentee.id or 0, title=f"goal {n}", status=rng.choice(
                [*OPEN_STATUSES, "done", "dropped"]), target_date=rng.choice([None, (NOW + timedelta(days=rng.randint(
                    -30, 30))).date()]), visible_to=rng.choice([None, None, [], mentor_ids[:1]]),
                created_at=NOW - timedelta(days=30), updated_at=NOW - timedelta(days=rng.randint(0, 30))))
    session.flush()


def test_check_in_messages_read_in_bulk_are_the_ones_read_one_by_one(database_url: str) -> None:
    sessions = session_factory(make_engine(database_url))
    with transaction(sessions) as session:
        populate(session, random.Random(5))
    with sessions() as session:
        checkins = list(session.exec(select(CheckIn).order_by(CheckIn.id)))
        batch = _Batch(session, checkins)
        for checkin in checkins:
            for reminder in (False, True):
                assert batch.info(checkin, reminder=reminder) == checkin_info(session, checkin, reminder=reminder)
        assert any(batch.info(c).goals for c in checkins if c.role == "mentor")


def test_planning_cycles_together_adds_what_planning_one_by_one_adds(database_maker: DatabaseMaker) -> None:
    stored = []
    for together in (False, True):
        with database_maker.fresh() as url:
            sessions = session_factory(make_engine(url))
            with transaction(sessions) as session:
                populate(session, random.Random(8), people=12)
            with transaction(sessions) as session:
                matches = list(session.exec(select(Match).order_by(Match.id)))
                session.execute(insert(CheckIn), [{"match_id": matches[1].id, "role": "mentee", "cycle": 4,
                                                   "due_at": NOW}])  # one side of one planned cycle exists
                plans = [(matches[0], 3), (matches[1], 4), (matches[0], 3), (matches[2], 1), (matches[0], 5)]
                if together:
                    plan_cycles(session=session, plans=plans)
                else:
                    for match, cycle in plans:
                        plan_cycle(session=session, match=match, cycle=cycle)
            with sessions() as session:
                stored.append(rows_of(session, CheckIn))
    assert stored[0] == stored[1]


def quiet_pairs_one_by_one(session: Session, today: date, multiple: int) -> list[tuple[Match, date | None]]:
    """The code the SQL replaced: every active match, in Python."""
    met = last_meetings(session=session)
    quiet = []
    for match in active_matches(session=session):
        last = met.get(match.id or 0)
        if today - (last or match.started_at.date()) > timedelta(days=multiple * match.cadence_days):
            quiet.append((match, last))
    return quiet


def stalled_goals_one_by_one(session: Session, today: date) -> list[tuple[Goal, Match]]:
    stalled = []
    for goal in session.exec(select(Goal).where(Goal.status.in_(OPEN_STATUSES)).order_by(Goal.id)):  # type: ignore[attr-defined]
        if shared_with_program(goal) and (goal.status == "at_risk" or (goal.target_date is not None
                                                                        and goal.target_date < today)):
            matches = [m for m in active_matches(session=session, person_id=goal.mentee_id)
                       if m.mentee_id == goal.mentee_id]
            if matches:
                stalled.append((goal, matches[0]))
    return stalled


def test_quiet_pairs_and_stalled_goals_picked_by_the_database_are_those_found_one_by_one(database_url: str) -> None:
    sessions = session_factory(make_engine(database_url))
    with transaction(sessions) as session:
        populate(session, random.Random(13), people=90)
    with sessions() as session:
        found_quiet = found_stalled = 0
        for days_ahead in (-30, 0, 1, 7, 13, 14, 15, 29, 30, 31, 61, 90, 200):
            today = NOW.date() + timedelta(days=days_ahead)
            quiet = _quiet_pairs(session, today)
            assert quiet == quiet_pairs_one_by_one(session, today, 2)
            assert _stalled_goals(session, today) == stalled_goals_one_by_one(session, today)
            found_quiet += len(quiet)
            found_stalled += len(_stalled_goals(session, today))
        assert found_quiet and found_stalled
