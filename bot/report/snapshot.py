"""Everything the indicators read, loaded once: the program's state and what happened in the period.

State can be taken at any instant of the period (`at`), from the dated rows, counting what happened before
that instant: a person is enrolled from `created_at` until `left_at`, a match is active from `started_at` until
`ended_at`, a request is open from `created_at` until `closed_at`, and a goal has the status of its latest
progress-log entry before then. "At the end" is thus the state just before the period's end instant. Roles,
profiles (kinds wanted, capacities) and identity answers have no history: their stored values are used.
`at=None` means the state as stored now (the App Home headline needs no clock).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlmodel import Session

from bot.program_settings import setting
from bot.report.period import Period
from bot.surveys.settings import minimum_group_size
from bot.timing import zone
from storage.queries.events import EventRows, event_outcome_rows, event_rows_between
from storage.queries.circles import circle_checkin_rows, circle_links, circle_seat_rows
from storage.queries.flash import FlashRow, flash_links, flash_rows_between
from storage.queries.report import (
    AgreementRow,
    PromptRow,
    agreement_rows,
    plan_rows,
    prompt_rows,
    AnswerRow,
    CheckInRow,
    GoalRow,
    MatchRow,
    MentorRow,
    PersonRow,
    QuestionRow,
    RequestRow,
    RoundRow,
    ScheduledRow,
    anonymous_answer_rows,
    broadcast_messages_between,
    checkins_sent_between,
    first_meetings,
    goal_log_before,
    goals_created_before,
    identity_answers,
    last_meetings_by,
    matches_started_before,
    meetings_between,
    meeting_ratings_between,
    mentee_kinds,
    mentor_rows,
    named_answer_rows,
    nudge_times_between,
    questions_of,
    recipient_counts,
    reminders_between,
    report_people,
    requests_created_before,
    rounds_opened_between,
    scheduled_meetings_between,
)
from storage.tables import GoalStatus, RequestStatus

OPEN_GOAL_STATUSES = (GoalStatus.NOT_STARTED, GoalStatus.ON_TRACK, GoalStatus.AT_RISK)


@dataclass
class ProgramState:
    """People, profiles, matches, requests and goals, with the rules for reading them at an instant."""

    people: dict[int, PersonRow]
    kinds_wanted: dict[int, list[str]]
    mentors: dict[int, MentorRow]
    identities: dict[int, dict[str, str]]
    matches: list[MatchRow]
    requests: list[RequestRow]
    goals: list[GoalRow]
    goal_log: dict[int, list[tuple[datetime, int, str]]] = field(default_factory=dict)
    circle_links: list[tuple[int, int, datetime, datetime | None]] = field(default_factory=list)  # (hub, member, from, left)
    flash_links: list[tuple[int, int, datetime]] = field(default_factory=list)  # (mentee, mentor, accepted at)
    _memo: dict[tuple[str, datetime | None], list[Any]] = field(default_factory=dict, repr=False)

    def _remember(self, name: str, at: datetime | None, compute: Callable[[], list[Any]]) -> list[Any]:
        """The rows are loaded once and never change, so each question about an instant is answered once."""
        if (name, at) not in self._memo:
            self._memo[(name, at)] = compute()
        return self._memo[(name, at)]

    def enrolled(self, person: PersonRow, at: datetime | None) -> bool:
        """Enrolled at `at`; someone inactive without a leaving date counts as gone throughout."""
        if at is None:
            return person.active
        if person.created_at >= at:
            return False
        return person.left_at >= at if person.left_at is not None else person.active

    def mentees(self, at: datetime | None) -> list[PersonRow]:
        return self._remember("mentees", at, lambda: [p for p in self.people.values()
                                                      if p.is_mentee and self.enrolled(p, at)])

    def mentor_people(self, at: datetime | None) -> list[PersonRow]:
        return [p for p in self.people.values() if p.is_mentor and self.enrolled(p, at)]

    def active_matches(self, at: datetime | None) -> list[MatchRow]:
        if at is None:
            return self._remember("matches", at, lambda: [m for m in self.matches if m.ended_at is None])
        return self._remember("matches", at, lambda: [m for m in self.matches if m.started_at < at and (
            m.ended_at is None or m.ended_at >= at)])

    def open_requests(self, at: datetime | None) -> list[RequestRow]:
        if at is None:
            return [r for r in self.requests if r.status == RequestStatus.OPEN]
        return [r for r in self.requests if r.created_at < at and (
            r.closed_at >= at if r.closed_at is not None else r.status == RequestStatus.OPEN)]

    def goal_status(self, goal: GoalRow, at: datetime | None) -> str | None:
        """The status at `at` (None if the goal did not exist yet): the latest log entry before then."""
        if at is None:
            return goal.status
        if goal.created_at >= at:
            return None
        entries = [entry for entry in self.goal_log.get(goal.id, []) if entry[0] < at]
        return max(entries)[2] if entries else GoalStatus.NOT_STARTED


@dataclass
class PulseData:
    rounds: list[RoundRow]
    asked_responded: dict[int, tuple[int, int]]
    questions: dict[int, QuestionRow]
    answers: list[AnswerRow]


@dataclass(frozen=True)
class CircleRows:
    """What the report reads about circles and the other formats (bot/report/snapshot.py loads it)."""

    seats: list[tuple[int, int, datetime, datetime | None]] = field(default_factory=list)  # circle, person, formed, left
    checkins: list[tuple[int, str | None]] = field(default_factory=list)  # (person, answer) sent in the period
    rsvps: list[tuple[int, str]] = field(default_factory=list)  # (invitee, RSVP), events starting in the period
    one_sided_picks: list[int] = field(default_factory=list)  # the mentee of each pick not returned (became a request)


@dataclass
class Snapshot:
    """The state at the end of the period (`as_of`) plus the period's activity."""

    period: Period
    as_of: datetime
    state: ProgramState
    meetings: list[tuple[int, date, int | None]]
    last_meetings: dict[int, date]
    checkins: list[CheckInRow]
    reminders: int
    nudges: list[datetime]
    broadcasts: list[tuple[str, datetime]]
    pulse: PulseData
    minimum_group: int
    priorities: list[str]
    quiet_after_cadences: int
    scheduled: list[ScheduledRow] = field(default_factory=list)  # "Find a time" in the period
    first_meetings: dict[int, date] = field(default_factory=dict)  # per match, its first logged meeting
    agreements: list[AgreementRow] = field(default_factory=list)  # of matches started before the end
    prompts: list[PromptRow] = field(default_factory=list)  # pulses and reviews sent before the end
    plans: list[tuple[int, datetime]] = field(default_factory=list)  # (mentee id, saved at) of development plans
    flash: list[FlashRow] = field(default_factory=list)  # flash requests answered in the period
    events: EventRows = field(default_factory=EventRows)  # events starting in the period
    circles: CircleRows = field(default_factory=CircleRows)  # circles, and events' RSVPs and one-sided picks
    meeting_ratings: list[tuple[int, date, str | None]] = field(default_factory=list)  # (match, day, rating) asked

    @cached_property
    def meetings_per_match(self) -> Counter[int]:
        return Counter(match_id for match_id, _, _ in self.meetings)


def load_state(*, session: Session, until: datetime | None) -> ProgramState:
    """The program's rows created before `until` (None: all of them)."""
    people = {p.id: p for p in report_people(session=session) if until is None or p.created_at < until}
    state = ProgramState(people=people, kinds_wanted=mentee_kinds(session=session), mentors=mentor_rows(session=session),
                         identities=identity_answers(session=session),
                         matches=matches_started_before(session=session, until=until),
                         requests=requests_created_before(session=session, until=until),
                         goals=goals_created_before(session=session, until=until),
                         circle_links=circle_links(session=session, until=until),
                         flash_links=flash_links(session=session, until=until))
    if until is not None:
        log: dict[int, list[tuple[datetime, int, str]]] = defaultdict(list)
        for goal_id, at, entry_id, status in goal_log_before(session=session, until=until):
            log[goal_id].append((at, entry_id, status))
        state.goal_log = dict(log)
    return state


def load_snapshot(*, session: Session, period: Period, now: datetime) -> Snapshot:
    start, end = period.start, period.end
    as_of = min(end, now)
    rounds = rounds_opened_between(session=session, start=start, end=end)
    round_ids = [r.id for r in rounds]
    pulse = PulseData(rounds=rounds, asked_responded=recipient_counts(session=session, round_ids=round_ids),
                      questions={q.id: q for q in questions_of(session=session, survey_ids={r.survey_id for r in rounds})},
                      answers=anonymous_answer_rows(session=session, round_ids=round_ids)
                      + named_answer_rows(session=session, round_ids=round_ids))
    return Snapshot(
        period=period, as_of=as_of, state=load_state(session=session, until=end),
        meetings=meetings_between(session=session, first_day=period.first_day, last_day=period.last_day),
        last_meetings=last_meetings_by(session=session, day=min(period.last_day, local_day(as_of, period))),
        checkins=checkins_sent_between(session=session, start=start, end=end),
        reminders=reminders_between(session=session, start=start, end=end),
        nudges=nudge_times_between(session=session, start=start, end=end),
        broadcasts=broadcast_messages_between(session=session, start=start, end=end),
        pulse=pulse, minimum_group=minimum_group_size(session),
        priorities=[str(p) for p in setting(session, "priorities")],
        quiet_after_cadences=int(setting(session, "quiet_after_cadences")),
        scheduled=scheduled_meetings_between(session=session, start=start, end=end),
        first_meetings=first_meetings(session=session),
        agreements=agreement_rows(session=session, until=end), prompts=prompt_rows(session=session, until=end),
        flash=flash_rows_between(session=session, start=start, end=end),
        events=event_rows_between(session=session, start=start, end=end),
        circles=_circle_rows(session, start, end),
        plans=plan_rows(session=session, until=end),
        meeting_ratings=meeting_ratings_between(session=session, first_day=period.first_day, last_day=period.last_day))


def _circle_rows(session: Session, start: datetime, end: datetime) -> CircleRows:
    rsvps, one_sided = event_outcome_rows(session=session, start=start, end=end)
    return CircleRows(seats=circle_seat_rows(session=session, until=end),
                      checkins=circle_checkin_rows(session=session, start=start, end=end), rsvps=rsvps,
                      one_sided_picks=one_sided)


def local_day(instant: datetime, period: Period) -> date:
    return instant.astimezone(zone(period.timezone)).date()
