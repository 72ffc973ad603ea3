"""A person's own survey data, for `/mentor my-data`: their named answers, and which anonymous surveys they
answered (from the has-responded record). Their anonymous answers cannot be found, so they cannot be included."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.i18n import N_, _
from bot.surveys.service import question_defs
from storage.queries.surveys import named_answers_of_person, rounds_answered_by
from storage.tables import SurveyRound

ANONYMOUS_NOTE = N_("Answers to anonymous surveys are stored without your name, so nobody, mentorbot included, can "
                    "find them to show them here.")


def personal_survey_data(*, session: Session, person_id: int) -> dict[str, Any]:
    named = []
    for answer, question, survey in named_answers_of_person(session=session, person_id=person_id):
        survey_round = session.get(SurveyRound, answer.round_id)
        label = question_defs([question])[0].label_of(answer.value)
        named.append({"survey": survey.title, "round": survey_round.number if survey_round else None,
                      "question": question.text, "answer": label, "answered_at": answer.answered_at.isoformat()})
    anonymous = [{"survey": survey.title, "round": survey_round.number}
                 for survey_round, survey in rounds_answered_by(session=session, person_id=person_id) if survey.anonymous]
    return {"named_answers": named, "anonymous_surveys_answered": anonymous, "about_anonymous_answers": _(ANONYMOUS_NOTE)}
