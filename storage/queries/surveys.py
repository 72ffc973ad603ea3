"""Survey storage: definitions, rounds, recipients (has-responded) and the two kinds of answers.

Nothing here joins `survey_recipient` to `anonymous_response`: they share only the round.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, insert, update
from sqlmodel import Session, col, delete, select

from storage.queries.columns import changed_rows
from storage.queries.decisions import hold
from storage.tables import (
    AnonymousAnswer,
    AnonymousResponse,
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


def random_id() -> str:
    """128 random bits as hex: anonymous rows get ids that say nothing about when or in which order they came."""
    return secrets.token_hex(16)


def survey_by_key(*, session: Session, key: str) -> Survey | None:
    return session.exec(select(Survey).where(Survey.key == key)).first()


def all_surveys(*, session: Session, statuses: Iterable[str] | None = None) -> list[Survey]:
    query = select(Survey).order_by(col(Survey.id))
    if statuses is not None:
        query = query.where(col(Survey.status).in_(list(statuses)))
    return list(session.exec(query))


def add_survey(*, session: Session, survey: Survey, questions: list[SurveyQuestion]) -> Survey:
    session.add(survey)
    session.flush()
    for question in questions:
        question.survey_id = survey.id or 0
        session.add(question)
    session.flush()
    return survey


def survey_questions(*, session: Session, survey_id: int) -> list[SurveyQuestion]:
    query = select(SurveyQuestion).where(SurveyQuestion.survey_id == survey_id).order_by(col(SurveyQuestion.position))
    return list(session.exec(query))


def rounds_of(*, session: Session, survey_id: int) -> list[SurveyRound]:
    return list(session.exec(select(SurveyRound).where(SurveyRound.survey_id == survey_id)
                             .order_by(col(SurveyRound.number))))


def open_rounds(*, session: Session) -> list[SurveyRound]:
    return list(session.exec(select(SurveyRound).where(SurveyRound.status == SurveyRoundStatus.OPEN).order_by(col(SurveyRound.id))))


def add_round(*, session: Session, survey_id: int, opens_at: datetime, closes_at: datetime,
              remind_at: datetime) -> SurveyRound:
    number = (session.exec(select(func.max(SurveyRound.number)).where(SurveyRound.survey_id == survey_id)).one()
              or 0) + 1
    survey_round = SurveyRound(survey_id=survey_id, number=number, opens_at=opens_at, closes_at=closes_at,
                               remind_at=remind_at)
    session.add(survey_round)
    session.flush()
    return survey_round


def add_recipients(*, session: Session, round_id: int, people_and_subjects: Iterable[tuple[int, int]]) -> None:
    """One insert for the whole round, in the order given (the other columns take their defaults)."""
    rows = [{"round_id": round_id, "person_id": person_id, "subject": subject}
            for person_id, subject in people_and_subjects]
    if rows:
        session.execute(insert(SurveyRecipient), rows)


def recipients_of(*, session: Session, round_id: int, person_id: int | None = None) -> list[SurveyRecipient]:
    query = select(SurveyRecipient).where(SurveyRecipient.round_id == round_id)
    if person_id is not None:
        query = query.where(SurveyRecipient.person_id == person_id)
    return list(session.exec(query.order_by(col(SurveyRecipient.person_id), col(SurveyRecipient.subject))))


def mark_responded(*, session: Session, recipient_id: int) -> bool:
    """Compare-and-set not responded -> responded: of two simultaneous submissions, exactly one wins."""
    result = session.execute(update(SurveyRecipient).where(
        col(SurveyRecipient.id) == recipient_id, col(SurveyRecipient.responded).is_(False)).values(responded=True))
    return changed_rows(result) == 1


def response_counts(*, session: Session, round_id: int) -> tuple[int, int]:
    """(asked, responded) in a round."""
    rows = session.exec(select(SurveyRecipient.responded).where(SurveyRecipient.round_id == round_id)).all()
    return len(rows), sum(1 for responded in rows if responded)


def lock_round(*, session: Session, round_id: int) -> None:
    """Serialise the answering of one round: hold the round's row before reading who has responded.

    A no-op UPDATE takes the write lock on both databases (SQLite ignores FOR UPDATE, and its deferred
    transactions would otherwise let two answers read "not responded" before either writes).
    """
    hold(session=session, model=SurveyRound, row_id=round_id)


def mark_responded_among_all(*, session: Session, round_id: int, recipient_id: int) -> bool:
    """Set one recipient's has-responded flag, rewriting every responded flag of the round in the same statement.

    Call under `lock_round`. On PostgreSQL every row version carries the id of the transaction that wrote it
    (`xmin`), in time order: rewriting all responded flags together leaves them sharing the newest transaction id,
    so the flags say nothing about who answered when (and one statement keeps their physical order the round's).
    False if this recipient had already responded.
    """
    already = session.exec(select(SurveyRecipient.responded).where(SurveyRecipient.id == recipient_id)).first()
    if already is None or already:
        return False
    session.execute(update(SurveyRecipient).where(
        col(SurveyRecipient.round_id) == round_id,
        col(SurveyRecipient.responded).is_(True) | (col(SurveyRecipient.id) == recipient_id)).values(responded=True))
    return True


def cancel_reminder_among_cancelled(*, session: Session, round_id: int, key: str) -> None:
    """Cancel one person's pending survey reminder, rewriting the round's cancelled reminders with it (for the
    same reason as `mark_responded_among_all`: no reminder row keeps the time its person answered)."""
    cancelled_or_mine = (col(OutboxMessage.status) == OutboxStatus.CANCELLED) | (
        (col(OutboxMessage.key) == key) & (col(OutboxMessage.status) == OutboxStatus.PENDING))
    session.execute(update(OutboxMessage).where(
        col(OutboxMessage.key).startswith(f"survey-reminder:{round_id}:", autoescape=True), cancelled_or_mine)
        .values(status=OutboxStatus.CANCELLED))


def add_anonymous_response(*, session: Session, round_id: int, week_of: date, role: str, program: str | None,
                           stage: str | None, subject_kind: str | None,
                           answers: list[tuple[int, str]]) -> None:
    response = AnonymousResponse(id=random_id(), round_id=round_id, week_of=week_of, role=role, program=program,
                                 stage=stage, subject_kind=subject_kind)
    session.add(response)
    session.flush()
    for question_id, value in answers:
        session.add(AnonymousAnswer(id=random_id(), response_id=response.id, question_id=question_id, value=value))
    session.flush()


def anonymous_responses(*, session: Session, round_id: int) -> list[tuple[AnonymousResponse, list[AnonymousAnswer]]]:
    """Each anonymous response with its answers, ordered by the random id (so in no meaningful order)."""
    responses = list(session.exec(select(AnonymousResponse).where(AnonymousResponse.round_id == round_id)
                                  .order_by(col(AnonymousResponse.id))))
    answers: dict[str, list[AnonymousAnswer]] = {response.id: [] for response in responses}
    if responses:
        query = select(AnonymousAnswer).where(col(AnonymousAnswer.response_id).in_(list(answers)))
        for answer in session.exec(query.order_by(col(AnonymousAnswer.id))):
            answers[answer.response_id].append(answer)
    return [(response, answers[response.id]) for response in responses]


def named_answers(*, session: Session, round_id: int, person_id: int | None = None,
                  subject: int | None = None) -> list[NamedAnswer]:
    query = select(NamedAnswer).where(NamedAnswer.round_id == round_id)
    if person_id is not None:
        query = query.where(NamedAnswer.person_id == person_id)
    if subject is not None:
        query = query.where(NamedAnswer.subject == subject)
    return list(session.exec(query.order_by(col(NamedAnswer.person_id), col(NamedAnswer.subject), col(NamedAnswer.id))))


def replace_named_answers(*, session: Session, round_id: int, person_id: int, subject: int,
                          answers: list[tuple[int, str]], now: datetime) -> None:
    session.exec(delete(NamedAnswer).where(col(NamedAnswer.round_id) == round_id,
                                           col(NamedAnswer.person_id) == person_id,
                                           col(NamedAnswer.subject) == subject))
    for question_id, value in answers:
        session.add(NamedAnswer(round_id=round_id, person_id=person_id, subject=subject, question_id=question_id,
                                value=value, answered_at=now))
    session.flush()


def named_answers_of_person(*, session: Session, person_id: int) -> list[tuple[NamedAnswer, SurveyQuestion, Survey]]:
    query = (select(NamedAnswer, SurveyQuestion, Survey)
             .where(NamedAnswer.person_id == person_id, NamedAnswer.question_id == SurveyQuestion.id,
                    SurveyQuestion.survey_id == Survey.id).order_by(col(NamedAnswer.id)))
    return [(answer, question, survey) for answer, question, survey in session.exec(query)]


def people_by_id(*, session: Session, person_ids: Iterable[int]) -> dict[int, Person]:
    wanted = sorted(set(person_ids))
    if not wanted:
        return {}
    return {person.id or 0: person for person in session.exec(select(Person).where(col(Person.id).in_(wanted)))}


def cancel_unsent_messages(*, session: Session, key_prefix: str | None = None, key: str | None = None) -> int:
    """Cancel outbox messages not yet sent: all under a key prefix (a round that closes), or one key (a reminder
    to someone who has just answered; an exact key uses the unique index)."""
    matching = (col(OutboxMessage.key) == key if key is not None
                else col(OutboxMessage.key).startswith(key_prefix or "", autoescape=True))
    result = session.execute(update(OutboxMessage).where(matching, col(OutboxMessage.status) == OutboxStatus.PENDING)
                             .values(status=OutboxStatus.CANCELLED))
    return changed_rows(result)


def rounds_answered_by(*, session: Session, person_id: int) -> list[tuple[SurveyRound, Survey]]:
    """The rounds someone has responded to (from the has-responded record, never from the answers)."""
    answered = (select(SurveyRecipient.round_id)
                .where(SurveyRecipient.person_id == person_id, col(SurveyRecipient.responded)))
    query = (select(SurveyRound, Survey).where(col(SurveyRound.id).in_(answered), SurveyRound.survey_id == Survey.id)
             .order_by(col(SurveyRound.id)))
    return [(survey_round, survey) for survey_round, survey in session.exec(query)]


def rewrite_anonymous_round(*, session: Session, round_id: int) -> None:
    """Write a round's anonymous rows again, in one transaction, under new random ids, in the order of those ids.

    Each answer was written in its own transaction, so until now PostgreSQL's `xmin` and physical order (`ctid`)
    followed the order people answered; afterwards all rows carry one transaction id and a random order.
    """
    kept = [(AnonymousResponse.model_validate(response), [AnonymousAnswer.model_validate(a) for a in answers])
            for response, answers in anonymous_responses(session=session, round_id=round_id)]
    responses = [response.id for response, _ in kept]
    if not responses:
        return
    session.execute(delete(AnonymousAnswer).where(col(AnonymousAnswer.response_id).in_(responses)))
    session.execute(delete(AnonymousResponse).where(col(AnonymousResponse.round_id) == round_id))
    session.flush()
    new_responses: list[AnonymousResponse] = []
    new_answers: list[AnonymousAnswer] = []
    for response, answers in kept:
        response.id = random_id()
        new_responses.append(response)
        new_answers += [AnonymousAnswer(id=random_id(), response_id=response.id, question_id=answer.question_id,
                                        value=answer.value) for answer in answers]
    # the answers' foreign keys need their responses first; rows of one table are inserted in the order added
    for table_rows in (sorted(new_responses, key=lambda row: row.id), sorted(new_answers, key=lambda row: row.id)):
        session.add_all(table_rows)
        session.flush()


def anonymous_response_rows(*, session: Session, round_id: int) -> list[AnonymousResponse]:
    return list(session.exec(select(AnonymousResponse).where(AnonymousResponse.round_id == round_id)
                             .order_by(col(AnonymousResponse.id))))
