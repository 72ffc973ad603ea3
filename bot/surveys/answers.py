"""Answering a survey round: once per person (and per mentor, for surveys about mentors).

Anonymous: the has-responded flag is set by compare-and-set in one transaction, and the answers are written in
a second one as an `anonymous_response` with a random id, the week instead of the time, and coarse attributes
(role, program, stage, kind of mentoring): nothing that names the person or lines up with the flag (not even
PostgreSQL's transaction id). A second try is refused, because nobody (mentorbot included) can tell which
answers were theirs.
Named: the answers carry the person and the time, and can be changed until the round closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.notify import Notifier
from bot.i18n import N_, _, format_day, later
from bot.surveys.audience import NO_SUBJECT, role_label
from bot.surveys.errors import AnswerError, SurveyError
from bot.surveys.invitations import Invitation, invitation_for, subject_label
from bot.surveys.questions import TEXT_MAX_LENGTH, QuestionDef
from bot.surveys.service import audience_of, question_defs
from bot.surveys.settings import minimum_group_size, shown_support_text, support_text
from bot.surveys.translations import survey_text
from bot.timing import UTC, zone
from storage.queries.people import get_person
from storage.engine import SessionFactory, transaction
from storage.queries.surveys import (
    add_anonymous_response,
    cancel_reminder_among_cancelled,
    cancel_unsent_messages,
    lock_round,
    mark_responded,
    mark_responded_among_all,
    named_answers,
    recipients_of,
    replace_named_answers,
    survey_questions,
)
from storage.tables import Match, Person, Survey, SurveyRecipient, SurveyRound, SurveyRoundStatus

ALREADY_ANSWERED_ANONYMOUSLY = N_("You've already answered this survey, thank you. It is anonymous, so nobody "
                                  "(mentorbot included) can tell which answers were yours, and they can't be changed.")
Answers = dict[str, list[str]]  # question key -> chosen option values, or the typed text


@dataclass(frozen=True)
class AnswerForm:
    round_id: int
    subject: int
    title: str
    about: str  # e.g. "Dr. Ada Okafor (research mentoring)", or ""
    anonymous: bool
    closes_at: datetime  # in the person's timezone
    questions: tuple[QuestionDef, ...]
    given: Answers  # named surveys: the answers so far, to change
    minimum_group: int
    support_text: str | None


@dataclass(frozen=True)
class Submitted:
    changed: bool  # a named answer was replaced
    invitation: Invitation  # the person's DM as it should now look


@dataclass(frozen=True)
class _Context:
    survey_round: SurveyRound
    survey: Survey
    person: Person
    recipient: SurveyRecipient


def _context(session: Session, round_id: int, slack_user_id: str, subject: int, now: datetime) -> _Context:
    survey_round = session.get(SurveyRound, round_id)
    survey = session.get(Survey, survey_round.survey_id) if survey_round else None
    if survey_round is None or survey is None:
        raise SurveyError(_("That survey no longer exists."))
    person = get_person(session=session, slack_user_id=slack_user_id)
    asked = recipients_of(session=session, round_id=round_id, person_id=person.id or 0) if person else []
    recipient = next((r for r in asked if r.subject == subject), None)
    if person is None or recipient is None:
        raise SurveyError(_("This survey wasn't sent to you, so it can't take your answers."))
    if survey_round.status != SurveyRoundStatus.OPEN or now >= survey_round.closes_at:
        closed = min(survey_round.closes_at, now).astimezone(zone(person.timezone))
        raise SurveyError(_("This survey closed on {day}, so it no longer takes answers. Thanks all the same!").format(
            day=format_day(closed)))
    return _Context(survey_round, survey, person, recipient)


def answer_form(*, session: Session, round_id: int, slack_user_id: str, subject: int, now: datetime) -> AnswerForm:
    """What the answer modal shows; refuses a closed round, a stranger, or a second anonymous answer."""
    context = _context(session, round_id, slack_user_id, subject, now)
    if context.survey.anonymous and context.recipient.responded:
        raise SurveyError(_(ALREADY_ANSWERED_ANONYMOUSLY))
    rows = survey_questions(session=session, survey_id=context.survey.id or 0)
    given: Answers = {}
    if not context.survey.anonymous:
        keys = {row.id: row.key for row in rows}
        for answer in named_answers(session=session, round_id=round_id, person_id=context.person.id, subject=subject):
            given.setdefault(keys[answer.question_id], []).append(answer.value)
    return AnswerForm(round_id, subject, survey_text(context.survey.title, context.survey.translations, "title"),
                      subject_label(session, subject), context.survey.anonymous,
                      context.survey_round.closes_at.astimezone(zone(context.person.timezone)),
                      tuple(question.shown() for question in question_defs(rows)),
                      given, minimum_group_size(session),
                      shown_support_text(support_text(session)) if context.survey.kind == "wellbeing" else None)


def validate_answers(questions: tuple[QuestionDef, ...], answers: Answers) -> list[tuple[QuestionDef, list[str]]]:
    """Each question with its cleaned answer values; AnswerError names every question with a problem."""
    errors, checked = {}, []
    for question in questions:
        values = [value.strip() for value in answers.get(question.key, []) if value and value.strip()]
        allowed = {option.value for option in question.options}
        if question.required and not values:
            errors[question.key] = _("Please answer this question.")
        elif question.type == "text" and any(len(value) > TEXT_MAX_LENGTH for value in values):
            errors[question.key] = _("Please keep it under {n} characters.").format(n=TEXT_MAX_LENGTH)
        elif question.type != "text" and any(value not in allowed for value in values):
            errors[question.key] = _("Please choose one of the options.")
        elif question.type != "multiple" and len(values) > 1:
            errors[question.key] = _("Please choose just one.")
        checked.append((question, values))
    if errors:
        raise AnswerError(errors)
    return checked


def submit_answers(*, sessions: SessionFactory, round_id: int, slack_user_id: str, subject: int, answers: Answers,
                   now: datetime, notifier: Notifier | None = None) -> Submitted:
    """Record a person's answers. Anonymous answers take two transactions (see `_store_anonymously`). Changed
    named answers are confirmed through `notifier` in the same transaction."""
    with transaction(sessions) as session:
        context = _context(session, round_id, slack_user_id, subject, now)
        rows = survey_questions(session=session, survey_id=context.survey.id or 0)
        ids = {row.key: row.id or 0 for row in rows}
        pairs = [(ids[question.key], value) for question, values in validate_answers(question_defs(rows), answers)
                 for value in values]
        if context.survey.anonymous:
            anonymous = _flag_anonymous_response(session, context, now)
            changed = False
        else:
            changed = context.recipient.responded
            mark_responded(session=session, recipient_id=context.recipient.id or 0)
            replace_named_answers(session=session, round_id=round_id, person_id=context.person.id or 0,
                                  subject=subject, answers=pairs, now=now)
            if changed and notifier is not None:
                notifier.within(session, now).notice(slack_user_id, later(
                    "Your answers are updated. You can change them until the survey closes."))
        session.expire_all()  # the flag was changed by an UPDATE statement: read it back fresh
        invitation = invitation_for(session=session, survey_round=context.survey_round, person=context.person)
        if invitation.all_answered:
            _cancel_reminder(session, context)
    if context.survey.anonymous:
        with transaction(sessions) as session:
            add_anonymous_response(session=session, answers=pairs, **anonymous)
    return Submitted(changed, invitation)


def _flag_anonymous_response(session: Session, context: _Context, now: datetime) -> dict[str, Any]:
    """The first of an anonymous answer's two transactions: the has-responded flag (compare-and-set) and the
    flag rewritten with the round's others; returns the coarse attributes for the second.

    The answers are written in a second transaction, never this one: on PostgreSQL a transaction id (`xmin`)
    shared by the flag and the answers would join them. The flag comes first so a crash in between loses that
    answer (the person is told it was recorded but it never counts) and never lets it be given twice.
    """
    round_id = context.survey_round.id or 0
    lock_round(session=session, round_id=round_id)
    if not mark_responded_among_all(session=session, round_id=round_id, recipient_id=context.recipient.id or 0):
        raise SurveyError(_(ALREADY_ANSWERED_ANONYMOUSLY))
    match = session.get(Match, context.recipient.subject) if context.recipient.subject != NO_SUBJECT else None
    person = context.person
    return {"round_id": round_id, "week_of": week_of(now), "role": role_label(person, audience_of(context.survey).who),
            "program": person.program, "stage": person.stage, "subject_kind": match.kind if match else None}


def _cancel_reminder(session: Session, context: _Context) -> None:
    round_id = context.survey_round.id or 0
    key = f"survey-reminder:{round_id}:{context.person.slack_user_id}"
    if context.survey.anonymous:
        cancel_reminder_among_cancelled(session=session, round_id=round_id, key=key)
    else:
        cancel_unsent_messages(session=session, key=key)


def week_of(now: datetime) -> date:
    """The Monday of the UTC week: anonymous answers keep only this, never the time they arrived."""
    day = now.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def answer_one_click(*, sessions: SessionFactory, round_id: int, slack_user_id: str, value: str,
                     now: datetime) -> Submitted:
    """A one-question survey answered by a button in the message."""
    with sessions() as session:
        questions = questions_of(session, round_id)
    if len(questions) != 1:
        raise SurveyError(_("This survey has several questions: use its Answer button."))
    return submit_answers(sessions=sessions, round_id=round_id, slack_user_id=slack_user_id, subject=NO_SUBJECT,
                          answers={questions[0].key: [value]}, now=now)


def round_questions(*, sessions: SessionFactory, round_id: int) -> tuple[QuestionDef, ...]:
    with sessions() as session:
        return tuple(question.shown() for question in questions_of(session, round_id))


def questions_of(session: Session, round_id: int) -> tuple[QuestionDef, ...]:
    survey_round = session.get(SurveyRound, round_id)
    if survey_round is None:
        raise SurveyError(_("That survey no longer exists."))
    return question_defs(survey_questions(session=session, survey_id=survey_round.survey_id))
