"""The survey tick step: close rounds whose time is up, open rounds that are due, send the one reminder.

Each person's invitation goes into the outbox (key `survey:{round}:{slack id}`) to be delivered at their next
working hour; the reminder likewise (`survey-reminder:{round}:{slack id}`). Everything is computed from the
database at `now`, so a late, repeated or resumed tick does each piece of work once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from sqlmodel import Session, col, select

from bot.deps import Deps
from bot.i18n import _, speaking
from bot.i18n.choice import person_language, program_language, speaking_to
from bot.program_settings import delivery_window
from bot.surveys.audience import NO_SUBJECT, audience_members, on_pause
from bot.surveys.invitations import (
    Invitation,
    SubjectRef,
    personal_invitation,
    round_view,
    subject_label,
    subject_refs,
)
from bot.surveys.recurrence import due_opening, next_opening, round_window
from bot.surveys.service import audience_of, close_round, schedule_of
from bot.surveys.translations import survey_text
from bot.timing import DeliveryWindow, next_window_start
from storage.engine import transaction
from storage.queries.outbox import enqueue_message, enqueue_new_messages
from storage.queries.coordinators import coordinators_covering, faculty_wide_coordinators
from storage.queries.surveys import (
    add_recipients,
    add_round,
    all_surveys,
    open_rounds,
    people_by_id,
    recipients_of,
    response_counts,
    rounds_of,
)
from storage.tables import Match, Person, Survey, SurveyRound, SurveyRoundStatus, SurveyStatus

logger = logging.getLogger(__name__)

Render = Callable[[Invitation], dict[str, Any]]


def run_survey_schedule(deps: Deps, now: datetime) -> None:
    """The tick step: closing first, so a round that ends now never overlaps the next one opening now."""
    render = deps.notifier.render_survey_invitation
    with deps.sessions() as session:
        round_ids = [r.id or 0 for r in open_rounds(session=session)]
        survey_ids = [s.id or 0 for s in all_surveys(session=session, statuses=[SurveyStatus.ACTIVE])]
    for round_id in round_ids:
        _isolated(deps, f"closing round {round_id}", partial(close_if_due, round_id=round_id, now=now))  # not text: a log line
    for survey_id in survey_ids:
        _isolated(deps, f"opening survey {survey_id}", partial(open_due_round, survey_id=survey_id, now=now,  # not text: a log line
                                                               render=render))
    for round_id in round_ids:
        _isolated(deps, f"reminders of round {round_id}", partial(send_reminders, round_id=round_id, now=now,  # not text: a log line
                                                                  render=render))


def _isolated(deps: Deps, what: str, work: Callable[..., object]) -> None:
    """One survey's trouble must not hold up the others: each piece of work is its own transaction."""
    try:
        with transaction(deps.sessions) as session:
            work(session=session)
    except Exception:
        logger.exception("survey step failed (%s); it will be retried on the next tick", what)


def close_if_due(*, session: Session, round_id: int, now: datetime) -> None:
    survey_round = session.get(SurveyRound, round_id)
    if survey_round is None or survey_round.status != SurveyRoundStatus.OPEN or survey_round.closes_at > now:
        return
    close_round(session=session, survey_round=survey_round, now=now)
    survey = session.get(Survey, survey_round.survey_id)
    assert survey is not None
    if survey.status != SurveyStatus.CLOSED and next_opening(schedule_of(survey), survey_round.opens_at) is None:
        survey.status, survey.updated_at = SurveyStatus.CLOSED, now  # that was the last round
        session.add(survey)
    asked, responded = response_counts(session=session, round_id=round_id)
    within = audience_of(survey).within  # a program coordinator's survey: theirs, and the faculty-wide ones'
    told = coordinators_covering(session=session, programs=list(within)) if within else \
        faculty_wide_coordinators(session=session)
    for coordinator in told:
        with speaking_to(session, coordinator.slack_user_id):  # each coordinator's own language
            note = _("Survey #{id} “{title}”, round {number}, has closed: {responded} of {asked} responded. See the "
                     "results with `/mentor survey results {id}`.").format(
                id=survey.id, title=survey_text(survey.title, survey.translations, "title"), number=survey_round.number,
                responded=responded, asked=asked)
        enqueue_message(session=session, key=f"survey-closed:{round_id}:{coordinator.slack_user_id}",
                        purpose="survey", recipient=coordinator.slack_user_id, payload={"text": note},
                        not_before=now, now=now)


def open_due_round(*, session: Session, survey_id: int, now: datetime, render: Render) -> SurveyRound | None:
    """Open the survey's due round (if none is open) and queue each person's invitation for their working hours."""
    survey = session.get(Survey, survey_id)
    rounds = rounds_of(session=session, survey_id=survey_id)
    if survey is None or survey.status != SurveyStatus.ACTIVE or any(
            r.status == SurveyRoundStatus.OPEN for r in rounds):
        return None
    schedule = schedule_of(survey)
    opening = due_opening(schedule, rounds[-1].opens_at if rounds else None, now)
    if opening is None:
        return None
    closes_at, remind_at = round_window(schedule, opening)
    if closes_at <= now:
        return None  # the whole round fell inside an outage: skip it rather than open it closed
    survey_round = add_round(session=session, survey_id=survey_id, opens_at=opening, closes_at=closes_at,
                             remind_at=remind_at)
    members = audience_members(session=session, audience=audience_of(survey), about=survey.about, now=now)
    add_recipients(session=session, round_id=survey_round.id or 0,
                   people_and_subjects=[(person.id or 0, subject) for person, subject in members])
    view, window, subjects = round_view(session, survey_round), delivery_window(session), defaultdict(list)
    held = load_subjects(session, {subject for _unused, subject in members})  # subject_label finds them in the session
    for person, subject in members:
        subjects[person.id].append(SubjectRef(subject, subject_label(session, subject), False))
    del held
    # An invitation differs between people only by their timezone (the closing time) and their subjects: each
    # different one is rendered once.
    rendered: dict[tuple[str, str, tuple[SubjectRef, ...]], dict[str, Any]] = {}
    messages = []
    program = program_language(session)
    for person in {person.id: person for person, _unused in members}.values():
        key = (person_language(person, program), person.timezone, tuple(subjects[person.id]))
        if key not in rendered:
            with speaking(key[0]):
                rendered[key] = render(personal_invitation(view, person, key[2]))
        messages.append(_message(survey_round, person, rendered[key], "survey", window, max(now, opening), now))
    enqueue_new_messages(session=session, messages=messages)  # one insert, in the order one by one would have
    logger.info("survey #%s round %s opened for %s people", survey_id, survey_round.number, len(members))
    return survey_round


def send_reminders(*, session: Session, round_id: int, now: datetime, render: Render) -> int:
    """One reminder per person who has not answered, once the reminder time has come; never after the close."""
    survey_round = session.get(SurveyRound, round_id)
    survey = session.get(Survey, survey_round.survey_id) if survey_round else None
    if survey_round is None or survey is None or survey_round.status != SurveyRoundStatus.OPEN \
            or survey.status != SurveyStatus.ACTIVE or survey_round.remind_at > now:
        return 0
    asked = recipients_of(session=session, round_id=round_id)
    waiting = [r for r in asked if not r.responded and not r.reminded]
    people = people_by_id(session=session, person_ids=[r.person_id for r in waiting])
    view, window = round_view(session, survey_round), delivery_window(session)
    asked_by_person: dict[int, list[Any]] = defaultdict(list)
    for recipient in asked:
        asked_by_person[recipient.person_id].append(recipient)
    held = load_subjects(session, {recipient.subject for recipient in asked})  # for subject_label
    messages = []
    for person in people.values():
        if not on_pause(person, now) and next_window_start(now, person.timezone, window) < survey_round.closes_at:
            theirs = subject_refs(session, asked_by_person[person.id or 0])
            with speaking_to(session, person):
                payload = render(personal_invitation(view, person, theirs, reminder=True))
            messages.append(_message(survey_round, person, payload, "survey-reminder", window, now, now))
    del held
    sent = len(messages)
    enqueue_new_messages(session=session, messages=messages)
    for recipient in waiting:
        recipient.reminded = True
        session.add(recipient)
    return sent


def _message(survey_round: SurveyRound, person: Person, payload: dict[str, Any], prefix: str,
             window: DeliveryWindow, earliest: datetime, now: datetime) -> dict[str, Any]:
    """The outbox row enqueue_message would add for this person's invitation (or reminder)."""
    return {"key": f"{prefix}:{survey_round.id}:{person.slack_user_id}", "purpose": "survey",
            "recipient": person.slack_user_id, "payload": payload,
            "not_before": next_window_start(earliest, person.timezone, window), "created_at": now}


def load_subjects(session: Session, subjects: set[int]) -> list[Any]:
    """The matches named as subjects and their mentors, read in two queries; returned so that the caller holds
    them while subject_label reads them from the session (rather than one query each)."""
    match_ids = sorted(subject for subject in subjects if subject != NO_SUBJECT)
    held: list[Any] = []
    for start in range(0, len(match_ids), 500):
        held += session.exec(select(Match).where(col(Match.id).in_(match_ids[start:start + 500]))).all()
    mentor_ids = sorted({match.mentor_id for match in held})
    for start in range(0, len(mentor_ids), 500):
        held += session.exec(select(Person).where(col(Person.id).in_(mentor_ids[start:start + 500]))).all()
    return held
