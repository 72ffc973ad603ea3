"""What one person's survey DM shows: the questions or an answer button, the anonymity promise, the close
date in their timezone, what they have already answered, and (for wellbeing surveys) the support resources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.surveys.audience import NO_SUBJECT
from bot.surveys.questions import QuestionDef
from bot.surveys.service import question_defs
from bot.surveys.settings import minimum_group_size, support_text
from bot.timing import zone
from bot.vocabulary import KINDS
from storage.queries.surveys import named_answers, recipients_of, survey_questions
from storage.tables import Match, Person, Survey, SurveyRound

ONE_CLICK_TYPES = ("likert", "single", "scale")


@dataclass(frozen=True)
class SubjectRef:
    subject: int  # the match id, or NO_SUBJECT
    label: str
    answered: bool


@dataclass(frozen=True)
class Invitation:
    round_id: int
    title: str
    intro: str
    anonymous: bool
    closes_at: datetime  # in the recipient's timezone
    questions: tuple[QuestionDef, ...]
    subjects: tuple[SubjectRef, ...]
    minimum_group: int
    support_text: str | None  # wellbeing surveys only, shown to everyone
    chosen: str | None = None  # a named one-question survey: the answer given so far
    reminder: bool = False

    @property
    def one_click(self) -> bool:
        """One choice question and no mentors to answer about: answered by one click in the message."""
        return (len(self.questions) == 1 and self.questions[0].type in ONE_CLICK_TYPES
                and [s.subject for s in self.subjects] == [NO_SUBJECT])

    @property
    def all_answered(self) -> bool:
        return all(subject.answered for subject in self.subjects)


def subject_label(session: Session, subject: int) -> str:
    match = session.get(Match, subject) if subject != NO_SUBJECT else None
    mentor = session.get(Person, match.mentor_id) if match else None
    if match is None or mentor is None:
        return ""
    return f"{mentor.display_name} ({KINDS.get(match.kind, match.kind).lower()} mentoring)"


def invitation_for(*, session: Session, survey_round: SurveyRound, person: Person, reminder: bool = False) -> Invitation:
    survey = session.get(Survey, survey_round.survey_id)
    assert survey is not None
    questions = question_defs(survey_questions(session=session, survey_id=survey.id or 0))
    asked = recipients_of(session=session, round_id=survey_round.id or 0, person_id=person.id or 0)
    subjects = tuple(SubjectRef(r.subject, subject_label(session, r.subject), r.responded) for r in asked)
    chosen = None
    if not survey.anonymous and len(questions) == 1:
        given = named_answers(session=session, round_id=survey_round.id or 0, person_id=person.id or 0)
        chosen = given[0].value if given else None
    return Invitation(
        round_id=survey_round.id or 0, title=survey.title, intro=survey.intro, anonymous=survey.anonymous,
        closes_at=survey_round.closes_at.astimezone(zone(person.timezone)), questions=questions, subjects=subjects,
        minimum_group=minimum_group_size(session),
        support_text=support_text(session) if survey.kind == "wellbeing" else None, chosen=chosen, reminder=reminder)
