"""Fast service-level tests: a fresh migrated database, people written straight into it, and a recording stand-in
for the Slack side (every Notifier call kept in order, in the spirit of zulip's StubBotHandler). No HTTP, no
emulator: a service is called as a listener or a scheduled job would call it.

Use: `from tests.services import Program, program  # noqa: F401` and take the `program` fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from sqlmodel import select

from bot.clock import ManualClock
from bot.notify import MessageRef
from storage.engine import SessionFactory, make_engine, session_factory, transaction
from storage.tables import ConflictOfInterest, IdentityProfile, MenteeProfile, MentorProfile, Person
from tests.databases import DatabaseMaker

START = datetime(2024, 1, 17, 18, 0, tzinfo=UTC)  # a Wednesday, 11:00 in Edmonton


class RecordingNotifier:
    """Stands in for the Slack side: records every call as (method, args); calls that answer with where a message
    landed get a fresh MessageRef in the recipient's DM; `render_*` calls answer with what they were given."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self._ts = 0

    def within(self, _session: Any, _now: Any) -> RecordingNotifier:
        """Bound to a transaction, it records the same way."""
        return self

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def record(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args + tuple(kwargs.values())))
            if name.startswith("render_"):
                return {"text": name, "args": [repr(a) for a in args]}
            self._ts += 1
            return MessageRef(f"D{name}", f"{self._ts}.000100", outbox_id=self._ts)

        return record

    def named(self, method: str) -> list[tuple[Any, ...]]:
        return [args for name, args in self.calls if name == method]


@dataclass
class Program:
    """A program's database with helpers to add people; `deps` is what scheduled jobs take."""

    sessions: SessionFactory
    clock: ManualClock
    notifier: RecordingNotifier = field(default_factory=RecordingNotifier)
    settings: Any = field(default_factory=lambda: SimpleNamespace(timezone="America/Edmonton"))  # the program's home

    @property
    def deps(self) -> Program:  # jobs read .sessions, .notifier, .clock and .settings.timezone only
        return self

    def session(self) -> Any:
        return transaction(self.sessions)

    def person(self, slack_id: str, *, name: str = "", tz: str = "America/Edmonton", program: str = "Surgery",
               stage: str = "PGY-1", mentee: bool = False, mentor: bool = False, coordinator: bool = False,
               active: bool = True, paused_until: date | None = None, left_at: datetime | None = None) -> int:
        now = self.clock.now()
        with self.session() as session:
            person = Person(slack_user_id=slack_id, display_name=name or slack_id, timezone=tz, program=program,
                            stage=stage, is_mentee=mentee, is_mentor=mentor, is_coordinator=coordinator, active=active,
                            paused_until=paused_until, left_at=left_at, created_at=now, updated_at=now)
            session.add(person)
            session.flush()
            return person.id or 0

    def mentee(self, slack_id: str, *, interests: tuple[str, ...] = (), kinds: tuple[str, ...] = ("career",),
               cadence_days: int = 30, note: str = "", concordance: tuple[str, ...] = (),
               identity: dict[str, str] | None = None, **person: Any) -> int:
        pid = self.person(slack_id, mentee=True, **person)
        with self.session() as session:
            session.add(MenteeProfile(person_id=pid, interests=list(interests), kinds_wanted=list(kinds),
                                      cadence_days=cadence_days, interests_note=note, concordance=list(concordance),
                                      updated_at=self.clock.now()))
            if identity:
                session.add(IdentityProfile(person_id=pid, answers=identity, updated_at=self.clock.now()))
        return pid

    def mentor(self, slack_id: str, *, kinds: tuple[str, ...] = ("career",), expertise: tuple[str, ...] = (),
               capacity: int = 2, per_kind: dict[str, int] | None = None, accepting_from: date | None = None,
               identity: dict[str, str] | None = None, stage: str = "associate_professor", **person: Any) -> int:
        pid = self.person(slack_id, mentor=True, stage=stage, **person)
        with self.session() as session:
            session.add(MentorProfile(person_id=pid, kinds_offered=list(kinds), expertise=list(expertise),
                                      capacity_total=capacity, capacity_per_kind=per_kind or {},
                                      accepting_from=accepting_from, updated_at=self.clock.now()))
            if identity:
                session.add(IdentityProfile(person_id=pid, answers=identity, updated_at=self.clock.now()))
        return pid

    def conflict(self, mentee_id: int, mentor_id: int) -> None:
        with self.session() as session:
            session.add(ConflictOfInterest(mentor_id=mentor_id, mentee_id=mentee_id, reason="direct_supervisor",
                                           recorded_by="UCOORD01", created_at=self.clock.now()))

    def rows(self, model: Any, **where: Any) -> list[Any]:
        with self.sessions() as session:
            query = select(model)
            for column, value in where.items():
                query = query.where(getattr(model, column) == value)
            return list(session.exec(query.order_by(model.id if hasattr(model, "id") else None)))

    def later(self, **delta: float) -> datetime:
        self.clock.advance(timedelta(**delta))
        return self.clock.now()


@pytest.fixture
def program(database_maker: DatabaseMaker) -> Iterator[Program]:
    with database_maker.fresh() as url:
        engine = make_engine(url)
        yield Program(sessions=session_factory(engine), clock=ManualClock(START))
        engine.dispose()
