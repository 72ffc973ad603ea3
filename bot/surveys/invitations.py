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
from bot.surveys.settings import minimum_group_size, shown_support_text, support_text
from bot.surveys.translations import survey_text
from bot.timing import zone
from bot.vocabulary import KINDS
from storage.queries.surveys import named_answers, recipients_of, survey_questions
from storage.tables import Match, Person, Survey, SurveyRecipient, SurveyRound

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


@dataclass(frozen=True)
class RoundView:
    """What every invitation of one round shares: read once per round, not once per person."""

    round_id: int
    title: str
    intro: str
    anonymous: bool
    closes_at: datetime
    questions: tuple[QuestionDef, ...]
    minimum_group: int
    support_text: str | None
    translations: dict[str, dict[str, str]] | None = None  # the survey's title and intro in other languages


def round_view(session: Session, survey_round: SurveyRound) -> RoundView:
    survey = session.get(Survey, survey_round.survey_id)
    assert survey is not None
    return RoundView(survey_round.id or 0, survey.title, survey.intro, survey.anonymous, survey_round.closes_at,
                     question_defs(survey_questions(session=session, survey_id=survey.id or 0)),
                     minimum_group_size(session), support_text(session) if survey.kind == "wellbeing" else None,
                     survey.translations)


def personal_invitation(view: RoundView, person: Person, subjects: tuple[SubjectRef, ...], *, chosen: str | None = None,
                        reminder: bool = False) -> Invitation:
    """In the language being rendered: the caller renders each person's invitation in their language."""
    return Invitation(round_id=view.round_id, title=survey_text(view.title, view.translations, "title"),
                      intro=survey_text(view.intro, view.translations, "intro"), anonymous=view.anonymous,
                      closes_at=view.closes_at.astimezone(zone(person.timezone)),
                      questions=tuple(question.shown() for question in view.questions),
                      subjects=subjects, minimum_group=view.minimum_group,
                      support_text=shown_support_text(view.support_text) if view.support_text else None,
                      chosen=chosen, reminder=reminder)


def subject_refs(session: Session, asked: list[SurveyRecipient]) -> tuple[SubjectRef, ...]:
    return tuple(SubjectRef(r.subject, subject_label(session, r.subject), r.responded) for r in asked)


def invitation_for(*, session: Session, survey_round: SurveyRound, person: Person, reminder: bool = False) -> Invitation:
    """One person's DM as it should look now: what they have answered, and (named, one question) their answer."""
    view = round_view(session, survey_round)
    asked = recipients_of(session=session, round_id=view.round_id, person_id=person.id or 0)
    chosen = None
    if not view.anonymous and len(view.questions) == 1:
        given = named_answers(session=session, round_id=view.round_id, person_id=person.id or 0)
        chosen = given[0].value if given else None
    return personal_invitation(view, person, subject_refs(session, asked), chosen=chosen, reminder=reminder)
