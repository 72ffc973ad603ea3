"""A report for some programs: the faculty's snapshot cut down to their people and the matches they are part of.

A cross-program match counts in both programs' reports (each program's coordinators see it), and so does the
partner from the other program, as that match's mentor or mentee. Check-ins, reminders, nudges, announcements
and survey response rates are not attributed to programs in storage: a program report leaves them out (empty)
rather than show faculty-wide figures under a program's name; the HTML says so. Anonymous answers and meeting
ratings are also withheld wherever the rest of the faculty is a small group: the faculty report's figure minus the
program's would otherwise show that group."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date

from bot.report.snapshot import CircleRows, ProgramState, PulseData, Snapshot
from storage.queries.report import AnswerRow
from storage.queries.events import EventRows
from storage.queries.program import ProgramCounts
from storage.tables import RequestStatus


def for_programs(snapshot: Snapshot, programs: frozenset[str]) -> Snapshot:
    state = state_for(snapshot.state, programs)
    match_ids = {match.id for match in state.matches}
    people = set(state.people)
    pulse = snapshot.pulse
    return replace(
        snapshot, state=state,
        meetings=[m for m in snapshot.meetings if m[0] in match_ids],
        last_meetings={k: v for k, v in snapshot.last_meetings.items() if k in match_ids},
        checkins=[], reminders=0, nudges=[], broadcasts=[],
        pulse=PulseData(rounds=pulse.rounds, asked_responded={}, questions=pulse.questions,
                        answers=answers_safe_from_subtraction(pulse.answers, programs, snapshot.minimum_group)),
        scheduled=[s for s in snapshot.scheduled if s.match_id in match_ids],
        first_meetings={k: v for k, v in snapshot.first_meetings.items() if k in match_ids},
        agreements=[a for a in snapshot.agreements if a.match_id in match_ids],
        prompts=[p for p in snapshot.prompts if p.match_id in match_ids],
        plans=[p for p in snapshot.plans if p[0] in people],
        flash=[row for row in snapshot.flash if row.mentee_id in people or row.mentor_id in people],
        events=events_for(snapshot.events, people),
        circles=CircleRows(seats=[s for s in snapshot.circles.seats if s[1] in people],
                           checkins=[c for c in snapshot.circles.checkins if c[0] in people],
                           rsvps=[r for r in snapshot.circles.rsvps if r[0] in people],
                           one_sided_picks=[p for p in snapshot.circles.one_sided_picks if p in people]),
        meeting_ratings=ratings_safe_from_subtraction(snapshot, match_ids))


def answers_safe_from_subtraction(answers: list[AnswerRow], programs: frozenset[str], minimum: int) -> list[AnswerRow]:
    """The programs' anonymous answers, less every round in which the rest of the faculty answered a question with
    fewer people than the minimum group (but some): the faculty report's figure minus this one would show them."""
    others: dict[tuple[int, int], set[str]] = defaultdict(set)
    for answer in answers:
        if answer.program not in programs:
            others[(answer.round_id, answer.question_id)].add(answer.response)
    exposed = {round_id for (round_id, _), responses in others.items() if len(responses) < minimum}
    return [a for a in answers if a.program in programs and a.round_id not in exposed]


def ratings_safe_from_subtraction(snapshot: Snapshot, match_ids: set[int]) -> list[tuple[int, date, str | None]]:
    """The programs' meeting ratings, or none when the rest of the faculty's were asked of, or given by, fewer mentees
    than the minimum group (but some): the faculty's share minus the programs' would show theirs."""
    mentee_of = {match.id: match.mentee_id for match in snapshot.state.matches}
    others = [row for row in snapshot.meeting_ratings if row[0] not in match_ids]
    asked = {mentee_of.get(match_id) for match_id, _, _ in others}
    raters = {mentee_of.get(match_id) for match_id, _, rating in others if rating is not None}
    if any(0 < len(group) < snapshot.minimum_group for group in (asked, raters)):
        return []
    return [row for row in snapshot.meeting_ratings if row[0] in match_ids]


def events_for(events: EventRows, people: set[int]) -> EventRows:
    """The events the programs' people sat at, their conversations and their mutual picks."""
    seats = [seat for seat in events.seats if seat[1] in people or seat[2] in people]
    picks = [pick for pick in events.mutual_picks if pick[1] in people or pick[2] in people]
    return EventRows(sorted({seat[0] for seat in seats}), seats, picks)


def state_for(state: ProgramState, programs: frozenset[str]) -> ProgramState:
    own = {pid for pid, person in state.people.items() if person.program in programs}
    matches = [m for m in state.matches if m.mentee_id in own or m.mentor_id in own]
    people = own | {m.mentee_id for m in matches} | {m.mentor_id for m in matches}
    goals = [g for g in state.goals if g.mentee_id in people]
    goal_ids = {g.id for g in goals}
    return ProgramState(
        people={pid: p for pid, p in state.people.items() if pid in people},
        kinds_wanted={k: v for k, v in state.kinds_wanted.items() if k in people},
        mentors={k: v for k, v in state.mentors.items() if k in people},
        identities={k: v for k, v in state.identities.items() if k in people},
        matches=matches, requests=[r for r in state.requests if r.mentee_id in people], goals=goals,
        goal_log={k: v for k, v in state.goal_log.items() if k in goal_ids},
        circle_links=[link for link in state.circle_links if link[0] in people and link[1] in people],
        flash_links=[link for link in state.flash_links if link[0] in people and link[1] in people])


def counts_for(state: ProgramState, programs: frozenset[str]) -> ProgramCounts:
    """The App Home counts of the programs' own people (partners from other programs are not theirs to count;
    the faculty's counts come straight from storage)."""
    active = [p for p in state.people.values() if p.active and p.program in programs]
    own = {p.id for p in active}
    matches = [m for m in state.matches if m.ended_at is None and (m.mentee_id in own or m.mentor_id in own)]
    load = Counter(m.mentor_id for m in matches)
    free = sum(1 for p in active if p.id in state.mentors and state.mentors[p.id].capacity_total > load[p.id])
    return ProgramCounts(enrolled=sum(1 for p in active if p.is_mentee or p.is_mentor),
                         mentees=sum(1 for p in active if p.is_mentee), mentors=sum(1 for p in active if p.is_mentor),
                         matched_mentees=len({m.mentee_id for m in matches} & own),
                         waiting_mentees=len({r.mentee_id for r in state.requests
                                              if r.status == RequestStatus.OPEN and r.mentee_id in own}),
                         mentors_with_free_capacity=free)
