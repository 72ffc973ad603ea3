"""Read-only queries for the evaluation report.

Each reads only the columns the indicators need, in bulk, as plain tuples: a year of a 20,000-person program
is a few hundred thousand rows, and ORM objects would cost several times the memory and time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from storage.queries.columns import select_columns

from storage.tables import (
    MeetingRating,
    ScheduledMeeting,
    Agreement,
    DevelopmentPlan,
    Alert,
    AnonymousAnswer,
    AnonymousResponse,
    AuditEvent,
    AuditOutcome,
    CheckIn,
    Goal,
    GoalUpdate,
    IdentityProfile,
    Match,
    MatchPrompt,
    MatchRequest,
    Meeting,
    MenteeProfile,
    MentorProfile,
    NamedAnswer,
    OutboxMessage,
    OutboxStatus,
    Person,
    Survey,
    SurveyQuestion,
    SurveyRecipient,
    SurveyRound,
    SurveyRoundStatus,
)

SURVEY_CHANGE_ACTIONS = ("survey.create", "survey.pause", "survey.resume", "survey.close")


class PersonRow(NamedTuple):
    id: int
    slack_user_id: str
    display_name: str
    program: str | None
    stage: str | None
    is_mentee: bool
    is_mentor: bool
    active: bool
    created_at: datetime
    left_at: datetime | None


class MentorRow(NamedTuple):
    person_id: int
    kinds_offered: list[str]
    capacity_total: int
    capacity_per_kind: dict[str, int]


class MatchRow(NamedTuple):
    id: int
    mentee_id: int
    mentor_id: int
    kind: str
    cadence_days: int
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None


class RequestRow(NamedTuple):
    id: int
    mentee_id: int
    kind: str
    status: str
    created_at: datetime
    closed_at: datetime | None


class CheckInRow(NamedTuple):
    role: str
    sent_at: datetime
    answered_at: datetime | None


class GoalRow(NamedTuple):
    id: int
    mentee_id: int
    title: str
    category: str
    target_date: date | None
    status: str  # as stored now
    shared_with_program: bool  # visible to all the mentee's mentors (visible_to NULL), so coordinators may see it
    created_at: datetime


class RoundRow(NamedTuple):
    id: int
    survey_id: int
    title: str
    kind: str
    number: int
    opens_at: datetime


class QuestionRow(NamedTuple):
    id: int
    survey_id: int
    key: str
    kind: str
    text: str
    options: list[dict[str, str]]
    priority: str | None


class AnswerRow(NamedTuple):
    round_id: int
    response: str  # one submission: the anonymous response id, or "person:subject" for named surveys
    role: str  # mentee, mentor or both
    program: str | None
    stage: str | None
    question_id: int
    value: str


def report_people(*, session: Session) -> list[PersonRow]:
    """Everyone who ever enrolled as a mentee or mentor (coordinators alone are not program members)."""
    query = select_columns(Person.id, Person.slack_user_id, Person.display_name, Person.program, Person.stage, Person.is_mentee,
                   Person.is_mentor, Person.active, Person.created_at, Person.left_at).where(
        col(Person.is_mentee) | col(Person.is_mentor))
    return [PersonRow(*row) for row in session.exec(query.order_by(col(Person.id)))]


def mentee_kinds(*, session: Session) -> dict[int, list[str]]:
    return {person_id: list(kinds) for person_id, kinds in
            session.exec(select(MenteeProfile.person_id, MenteeProfile.kinds_wanted))}


def mentor_rows(*, session: Session) -> dict[int, MentorRow]:
    query = select(MentorProfile.person_id, MentorProfile.kinds_offered, MentorProfile.capacity_total,
                   MentorProfile.capacity_per_kind)
    return {row[0]: MentorRow(row[0], list(row[1]), row[2], dict(row[3])) for row in session.exec(query)}


def identity_answers(*, session: Session) -> dict[int, dict[str, str]]:
    return {person_id: dict(answers) for person_id, answers in
            session.exec(select(IdentityProfile.person_id, IdentityProfile.answers))}


def matches_started_before(*, session: Session, until: datetime | None) -> list[MatchRow]:
    query = select_columns(Match.id, Match.mentee_id, Match.mentor_id, Match.kind, Match.cadence_days, Match.started_at,
                   Match.ended_at, Match.end_reason)
    if until is not None:
        query = query.where(col(Match.started_at) < until)
    return [MatchRow(*row) for row in session.exec(query.order_by(col(Match.id)))]


def requests_created_before(*, session: Session, until: datetime | None) -> list[RequestRow]:
    query = select_columns(MatchRequest.id, MatchRequest.mentee_id, MatchRequest.kind, MatchRequest.status,
                   MatchRequest.created_at, MatchRequest.closed_at)
    if until is not None:
        query = query.where(col(MatchRequest.created_at) < until)
    return [RequestRow(*row) for row in session.exec(query.order_by(col(MatchRequest.id)))]


def meetings_between(*, session: Session, first_day: date, last_day: date) -> list[tuple[int, date, int | None]]:
    """(match id, day, minutes) of meetings held on those days, both included."""
    query = select(col(Meeting.match_id), col(Meeting.met_on), col(Meeting.minutes)).where(
        col(Meeting.met_on) >= first_day, col(Meeting.met_on) <= last_day)
    return [(match_id, met_on, minutes) for match_id, met_on, minutes in session.exec(query)]


def meeting_ratings_between(*, session: Session, first_day: date,
                            last_day: date) -> list[tuple[int, date, str | None]]:
    """(match id, day, rating or None) for meetings held on those days whose mentee was asked to rate them."""
    query = select(col(Meeting.match_id), col(Meeting.met_on), col(MeetingRating.rating)).join(
        MeetingRating, col(MeetingRating.meeting_id) == Meeting.id).where(
        col(Meeting.met_on) >= first_day, col(Meeting.met_on) <= last_day)
    return [(match_id, met_on, rating) for match_id, met_on, rating in session.exec(query)]


def last_meetings_by(*, session: Session, day: date) -> dict[int, date]:
    """Per match, its latest meeting on or before `day`."""
    query = select(Meeting.match_id, func.max(Meeting.met_on)).where(col(Meeting.met_on) <= day).group_by(
        col(Meeting.match_id))
    return {match_id: met_on for match_id, met_on in session.exec(query)}


def checkins_sent_between(*, session: Session, start: datetime, end: datetime) -> list[CheckInRow]:
    query = select(CheckIn.role, CheckIn.sent_at, CheckIn.answered_at).where(
        col(CheckIn.sent_at) >= start, col(CheckIn.sent_at) < end)
    return [CheckInRow(*row) for row in session.exec(query)]


def reminders_between(*, session: Session, start: datetime, end: datetime) -> int:
    query = select(func.count()).select_from(CheckIn).where(col(CheckIn.reminded_at) >= start,
                                                            col(CheckIn.reminded_at) < end)
    return int(session.exec(query).one())


def nudge_times_between(*, session: Session, start: datetime, end: datetime) -> list[datetime]:
    query = select(Alert.nudged_at).where(col(Alert.nudged_at) >= start, col(Alert.nudged_at) < end)
    return [at for at in session.exec(query) if at is not None]


def broadcast_messages_between(*, session: Session, start: datetime, end: datetime) -> list[tuple[str, datetime]]:
    """(announcement, sent at) of each announcement copy delivered in the period.

    Copies are keyed `broadcast:{announcement id}:{recipient}`; the announcement is read from the key.
    """
    query = select(OutboxMessage.key, OutboxMessage.sent_at).where(
        OutboxMessage.purpose == "broadcast", OutboxMessage.status == OutboxStatus.SENT, col(OutboxMessage.sent_at) >= start,
        col(OutboxMessage.sent_at) < end)
    return [(key.split(":")[1] if key.count(":") >= 2 else key, sent_at)
            for key, sent_at in session.exec(query) if sent_at is not None]


def goals_created_before(*, session: Session, until: datetime | None) -> list[GoalRow]:
    query = select_columns(Goal.id, Goal.mentee_id, Goal.title, Goal.category, Goal.target_date, Goal.status, Goal.visible_to,
                   Goal.created_at)
    if until is not None:
        query = query.where(col(Goal.created_at) < until)
    return [GoalRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6] is None, row[7])
            for row in session.exec(query.order_by(col(Goal.id)))]


def goal_log_before(*, session: Session, until: datetime) -> list[tuple[int, datetime, int, str]]:
    """(goal id, at, entry id, status) of every progress-log entry before `until`."""
    query = select(GoalUpdate.goal_id, GoalUpdate.at, GoalUpdate.id, GoalUpdate.status).where(
        col(GoalUpdate.at) < until)
    return [(goal_id, at, entry_id or 0, status) for goal_id, at, entry_id, status in session.exec(query)]


def rounds_opened_between(*, session: Session, start: datetime, end: datetime) -> list[RoundRow]:
    query = select_columns(SurveyRound.id, SurveyRound.survey_id, Survey.title, Survey.kind, SurveyRound.number,
                   SurveyRound.opens_at).join(Survey, col(Survey.id) == col(SurveyRound.survey_id)).where(
        col(SurveyRound.opens_at) >= start, col(SurveyRound.opens_at) < end)
    return [RoundRow(*row) for row in session.exec(query.order_by(col(SurveyRound.opens_at), col(SurveyRound.id)))]


def recipient_counts(*, session: Session, round_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Per round: (asked, responded). Read from the has-responded flags only, never joined to answers."""
    ids = sorted(set(round_ids))
    if not ids:
        return {}
    responded = func.sum(case((col(SurveyRecipient.responded), 1), else_=0))
    query = select(SurveyRecipient.round_id, func.count(), responded).where(
        col(SurveyRecipient.round_id).in_(ids)).group_by(col(SurveyRecipient.round_id))
    return {round_id: (int(asked), int(responded or 0)) for round_id, asked, responded in session.exec(query)}


def questions_of(*, session: Session, survey_ids: Iterable[int]) -> list[QuestionRow]:
    ids = sorted(set(survey_ids))
    if not ids:
        return []
    query = select_columns(SurveyQuestion.id, SurveyQuestion.survey_id, SurveyQuestion.key, SurveyQuestion.kind,
                   SurveyQuestion.text, SurveyQuestion.options, SurveyQuestion.priority).where(
        col(SurveyQuestion.survey_id).in_(ids))
    return [QuestionRow(*row) for row in session.exec(query.order_by(col(SurveyQuestion.id)))]


def anonymous_answer_rows(*, session: Session, round_ids: Iterable[int]) -> list[AnswerRow]:
    """Answers of closed anonymous rounds only: while a round is open its answers still carry full
    attributes, and comparing two reports around someone's answer could single them out."""
    ids = sorted(set(round_ids))
    if not ids:
        return []
    query = select_columns(AnonymousResponse.round_id, AnonymousResponse.id, AnonymousResponse.role, AnonymousResponse.program,
                   AnonymousResponse.stage, AnonymousAnswer.question_id, AnonymousAnswer.value).join(
        AnonymousAnswer, col(AnonymousAnswer.response_id) == col(AnonymousResponse.id)).join(
        SurveyRound, col(SurveyRound.id) == col(AnonymousResponse.round_id)).where(
        col(AnonymousResponse.round_id).in_(ids), col(SurveyRound.status) == SurveyRoundStatus.CLOSED)
    return [AnswerRow(*row) for row in session.exec(query)]


def named_answer_rows(*, session: Session, round_ids: Iterable[int]) -> list[AnswerRow]:
    """Named answers with the answering person's current role and program/stage (for aggregates only)."""
    ids = sorted(set(round_ids))
    if not ids:
        return []
    query = select_columns(NamedAnswer.round_id, NamedAnswer.person_id, NamedAnswer.subject, Person.is_mentee, Person.is_mentor,
                   Person.program, Person.stage, NamedAnswer.question_id, NamedAnswer.value).join(
        Person, col(Person.id) == col(NamedAnswer.person_id)).where(col(NamedAnswer.round_id).in_(ids))
    rows = []
    for round_id, person_id, subject, mentee, mentor, program, stage, question_id, value in session.exec(query):
        role = "both" if mentee and mentor else "mentor" if mentor else "mentee"
        rows.append(AnswerRow(round_id, f"{person_id}:{subject}", role, program, stage, question_id, value))
    return rows


def survey_change_events(*, session: Session) -> list[tuple[datetime, str, str]]:
    """(at, action, survey title) of every survey created, paused, resumed or closed."""
    query = select(AuditEvent.at, AuditEvent.action, AuditEvent.target).where(
        col(AuditEvent.action).in_(SURVEY_CHANGE_ACTIONS), AuditEvent.outcome == AuditOutcome.OK).order_by(col(AuditEvent.at))
    events = list(session.exec(query))
    titles = dict(session.exec(select(Survey.id, Survey.title)).all())
    return [(at, action, str(titles.get(_survey_id(target), target or "a survey"))) for at, action, target in events]


def _survey_id(target: str | None) -> int | None:
    number = (target or "").removeprefix("survey:")
    return int(number) if number.isdigit() else None


class ScheduledRow(NamedTuple):
    match_id: int
    status: str
    created_at: datetime
    confirmed_at: datetime | None
    starts_at: datetime | None


def scheduled_meetings_between(*, session: Session, start: datetime, end: datetime) -> list[ScheduledRow]:
    """Scheduled meetings asked for (found a time or not) in [start, end)."""
    query = select_columns(ScheduledMeeting.match_id, ScheduledMeeting.status, ScheduledMeeting.created_at,
                           ScheduledMeeting.confirmed_at, ScheduledMeeting.starts_at).where(
        col(ScheduledMeeting.created_at) >= start, col(ScheduledMeeting.created_at) < end)
    return [ScheduledRow(*row) for row in session.exec(query)]


def first_meetings(*, session: Session) -> dict[int, date]:
    """Per match, the day of its first logged meeting."""
    query = select(Meeting.match_id, func.min(Meeting.met_on)).group_by(col(Meeting.match_id))
    return {match_id: met_on for match_id, met_on in session.exec(query)}


class AgreementRow(NamedTuple):
    match_id: int
    created_at: datetime
    agreed_at: datetime | None
    ends_at: datetime
    renewed_at: datetime | None


class PromptRow(NamedTuple):
    match_id: int
    role: str
    kind: str
    sent_at: datetime | None
    answer: str | None
    answered_at: datetime | None


def agreement_rows(*, session: Session, until: datetime) -> list[AgreementRow]:
    query = select_columns(Agreement.match_id, Agreement.created_at, Agreement.agreed_at, Agreement.ends_at,
                           Agreement.renewed_at).where(col(Agreement.created_at) < until)
    return [AgreementRow(*row) for row in session.exec(query)]


def prompt_rows(*, session: Session, until: datetime) -> list[PromptRow]:
    """Pulses and reviews sent before `until`, with their answers (never the notes)."""
    query = select_columns(MatchPrompt.match_id, MatchPrompt.role, MatchPrompt.kind, MatchPrompt.sent_at,
                           MatchPrompt.answer, MatchPrompt.answered_at).where(col(MatchPrompt.sent_at) < until)
    return [PromptRow(*row) for row in session.exec(query)]


def plan_rows(*, session: Session, until: datetime) -> list[tuple[int, datetime]]:
    """(mentee id, last saved) of development plans saved before `until`: never their ratings or goals."""
    query = select(DevelopmentPlan.mentee_id, DevelopmentPlan.updated_at).where(col(DevelopmentPlan.updated_at) < until)
    return [(mentee_id, updated_at) for mentee_id, updated_at in session.exec(query)]
