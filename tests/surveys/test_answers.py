"""Answering a survey round, called as the modal and the buttons call it (no Slack): every answer checked, once per
person for anonymous surveys (answers keep only the week and coarse attributes), changeable until the round closes
for named ones; strangers and closed rounds refused with a reason in the person's own calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.surveys.answers import (
    ALREADY_ANSWERED_ANONYMOUSLY,
    answer_form,
    answer_one_click,
    questions_of,
    round_questions,
    submit_answers,
    validate_answers,
    week_of,
)
from bot.surveys.errors import AnswerError, SurveyError
from bot.surveys.questions import TEXT_MAX_LENGTH, Option, QuestionDef
from bot.surveys.rounds import open_due_round
from bot.surveys.service import create_survey, definition_from
from storage.tables import (
    AnonymousAnswer,
    AnonymousResponse,
    Match,
    NamedAnswer,
    OutboxMessage,
    Person,
    SurveyRecipient,
    SurveyRound,
)
from tests.services import Program, program  # noqa: F401

OPENS = datetime(2026, 10, 6, 16, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Edmonton
CHOICES = tuple(Option(v, v.title()) for v in ("red", "green", "blue"))
SINGLE = QuestionDef("colour", "single", "Favourite colour?", options=CHOICES)
MULTIPLE = QuestionDef("colours", "multiple", "Colours you like?", required=False, options=CHOICES)
TEXT = QuestionDef("why", "text", "Why?", required=False)
QUESTIONS = (SINGLE, MULTIPLE, TEXT)


@pytest.mark.parametrize(("answers", "errors"), [
    ({}, {"colour": "Please answer this question."}),
    ({"colour": ["  "]}, {"colour": "Please answer this question."}),  # blank is no answer
    ({"colour": ["purple"]}, {"colour": "Please choose one of the options."}),
    ({"colour": ["red", "blue"]}, {"colour": "Please choose just one."}),
    ({"colour": ["red"], "colours": ["red", "pink"]}, {"colours": "Please choose one of the options."}),
    ({"colour": ["red"], "why": ["x" * (TEXT_MAX_LENGTH + 1)]},
     {"why": f"Please keep it under {TEXT_MAX_LENGTH} characters."}),
    ({"colour": ["red"], "why": ["a", "b"]}, {"why": "Please choose just one."}),
    ({"colours": ["nope"], "why": ["y" * (TEXT_MAX_LENGTH + 1)]},
     {"colour": "Please answer this question.", "colours": "Please choose one of the options.",
      "why": f"Please keep it under {TEXT_MAX_LENGTH} characters."}),  # every problem at once
])
def test_every_question_with_a_problem_is_named(answers: dict[str, list[str]], errors: dict[str, str]) -> None:
    with pytest.raises(AnswerError) as refused:
        validate_answers(QUESTIONS, answers)
    assert refused.value.errors == errors


def test_valid_answers_are_cleaned() -> None:
    checked = validate_answers(QUESTIONS, {"colour": [" red "], "colours": ["red", "", "blue"],
                                           "why": ["x" * TEXT_MAX_LENGTH], "unknown": ["ignored"]})
    assert checked == [(SINGLE, ["red"]), (MULTIPLE, ["red", "blue"]), (TEXT, ["x" * TEXT_MAX_LENGTH])]
    assert validate_answers(QUESTIONS, {"colour": ["green"]}) == [(SINGLE, ["green"]), (MULTIPLE, []), (TEXT, [])]


@pytest.mark.parametrize(("instant", "monday"), [
    (datetime(2026, 10, 5, 0, 0, tzinfo=UTC), date(2026, 10, 5)),
    (datetime(2026, 10, 11, 23, 59, tzinfo=UTC), date(2026, 10, 5)),
    (datetime(2026, 10, 12, 0, 0, tzinfo=UTC), date(2026, 10, 12)),
    (datetime(2026, 10, 12, 1, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
     date(2026, 10, 5)),  # Monday in Tokyo, still Sunday in UTC
])
def test_anonymous_answers_keep_only_the_monday_of_the_utc_week(instant: datetime, monday: date) -> None:
    assert week_of(instant) == monday


RAW = {
    "key": "pulse", "title": "Pulse", "kind": "wellbeing", "audience": "mentees",
    "schedule": {"once": "2026-10-06", "open_days": 5},
    "questions": [
        {"key": "mood", "type": "single", "text": "How are you?",
         "options": [{"value": "good", "label": "Good"}, {"value": "bad", "label": "Bad"}]},
        {"key": "note", "type": "text", "text": "Anything else?", "required": False},
    ],
}


def survey(program: Program, **changes: Any) -> int:  # noqa: F811
    """Define the survey and open its round at OPENS; returns the round id."""
    with program.session() as session:
        definition = definition_from(session=session, raw={**RAW, **changes}, timezone="America/Edmonton",
                                     today=date(2026, 10, 1), source="test")
        survey_id = create_survey(session=session, definition=definition, actor="test", now=program.clock.now()).id
    with program.session() as session:
        survey_round = open_due_round(session=session, survey_id=survey_id, now=OPENS,
                                      render=lambda invitation: {"text": "invitation"})
        assert survey_round is not None
        return survey_round.id or 0


@pytest.fixture
def people(program: Program) -> Program:  # noqa: F811
    program.clock.set(datetime(2026, 10, 1, 12, 0, tzinfo=UTC))
    program.mentee("URILEY", name="Riley", tz="America/Toronto", program="Surgery", stage="PGY-2")
    program.mentee("USAM", name="Sam", tz="Asia/Tokyo")
    program.mentor("ULEE", name="Dr Lee")
    return program


def submit(program: Program, round_id: int, who: str, answers: dict[str, list[str]], now: datetime = OPENS):  # type: ignore[no-untyped-def]  # noqa: F811
    return submit_answers(sessions=program.sessions, round_id=round_id, slack_user_id=who, subject=0,
                          answers=answers, now=now)


def test_an_anonymous_answer_is_taken_once_with_only_coarse_attributes(people: Program) -> None:
    round_id = survey(people)
    form = answer_form(session=people.sessions(), round_id=round_id, slack_user_id="URILEY", subject=0, now=OPENS)
    assert (form.title, form.anonymous, form.given, form.minimum_group) == ("Pulse", True, {}, 5)
    assert [q.key for q in form.questions] == ["mood", "note"] and form.support_text  # wellbeing: support offered
    assert form.closes_at.utcoffset() == timedelta(hours=-4)  # shown in Riley's Toronto time
    done = submit(people, round_id, "URILEY", {"mood": ["good"], "note": [" fine "]},
                  now=datetime(2026, 10, 8, 15, 0, tzinfo=UTC))
    assert not done.changed and done.invitation.all_answered
    [response] = people.rows(AnonymousResponse)
    assert (response.round_id, response.week_of, response.role, response.program, response.stage,
            response.subject_kind) == (round_id, date(2026, 10, 5), "mentee", "Surgery", "PGY-2", None)
    assert sorted(a.value for a in people.rows(AnonymousAnswer)) == ["fine", "good"]
    assert people.rows(NamedAnswer) == []
    riley = people.rows(Person, slack_user_id="URILEY")[0].id
    assert [r.responded for r in people.rows(SurveyRecipient) if r.person_id == riley] == [True]
    for attempt in (lambda: answer_form(session=people.sessions(), round_id=round_id, slack_user_id="URILEY",
                                        subject=0, now=OPENS),
                    lambda: submit(people, round_id, "URILEY", {"mood": ["bad"]})):
        with pytest.raises(SurveyError, match="^" + ALREADY_ANSWERED_ANONYMOUSLY.replace("(", r"\(").replace(
                ")", r"\)") + "$"):
            attempt()
    assert len(people.rows(AnonymousResponse)) == 1


def test_a_named_answer_can_be_changed_until_the_round_closes(people: Program) -> None:
    round_id = survey(people, anonymous=False)
    first = submit(people, round_id, "USAM", {"mood": ["bad"]})
    assert not first.changed and first.invitation.all_answered
    form = answer_form(session=people.sessions(), round_id=round_id, slack_user_id="USAM", subject=0, now=OPENS)
    assert (form.anonymous, form.given) == (False, {"mood": ["bad"]})
    again = submit(people, round_id, "USAM", {"mood": ["good"], "note": ["better now"]}, now=OPENS + timedelta(days=1))
    assert again.changed
    assert sorted((a.value, a.answered_at) for a in people.rows(NamedAnswer)) == [
        ("better now", OPENS + timedelta(days=1)), ("good", OPENS + timedelta(days=1))]
    assert answer_form(session=people.sessions(), round_id=round_id, slack_user_id="USAM", subject=0,
                       now=OPENS).given == {"mood": ["good"], "note": ["better now"]}
    assert people.rows(AnonymousResponse) == []


def test_answering_cancels_the_unsent_reminder(people: Program) -> None:
    for anonymous in (False, True):
        round_id = survey(people, anonymous=anonymous, key=f"pulse-{str(anonymous).lower()}")
        key = f"survey-reminder:{round_id}:URILEY"
        with people.session() as session:
            session.add(OutboxMessage(key=key, purpose="survey_reminder", recipient="URILEY", not_before=OPENS,
                                      created_at=OPENS))
            session.add(OutboxMessage(key=f"survey-reminder:{round_id}:USAM", purpose="survey_reminder",
                                      recipient="USAM", not_before=OPENS, created_at=OPENS))
        submit(people, round_id, "URILEY", {"mood": ["good"]})
        statuses = {m.key: m.status for m in people.rows(OutboxMessage) if m.key.startswith("survey-reminder")}
        assert statuses[key] == "cancelled", anonymous
        assert statuses[f"survey-reminder:{round_id}:USAM"] == "pending", anonymous


def test_a_stranger_and_a_closed_round_are_refused(people: Program) -> None:
    round_id = survey(people)
    for who in ("ULEE", "UNOBODY"):  # a mentor was not in the audience; an unknown person was never asked
        with pytest.raises(SurveyError, match="wasn't sent to you"):
            submit(people, round_id, who, {"mood": ["good"]})
    with pytest.raises(SurveyError, match="wasn't sent to you"):
        submit_answers(sessions=people.sessions, round_id=round_id, slack_user_id="URILEY", subject=99,
                       answers={"mood": ["good"]}, now=OPENS)
    with pytest.raises(SurveyError, match="no longer exists"):
        submit(people, 999, "URILEY", {"mood": ["good"]})
    closes = people.rows(SurveyRound)[0].closes_at
    closed_on = f"{closes.astimezone(ZoneInfo('America/Toronto')):%A, %B %-d}"
    with pytest.raises(SurveyError, match=f"^This survey closed on {closed_on}, so it no longer takes answers. "
                                          "Thanks all the same!$"):
        submit(people, round_id, "URILEY", {"mood": ["good"]}, now=closes)
    with pytest.raises(SurveyError, match="closed on"):  # closed by a coordinator before its time
        with people.session() as session:
            session.get(SurveyRound, round_id).status = "closed"
        submit(people, round_id, "URILEY", {"mood": ["good"]}, now=OPENS)
    assert people.rows(AnonymousResponse) == []


def test_a_round_closed_early_names_the_day_it_was_refused(people: Program) -> None:
    round_id = survey(people)
    with people.session() as session:
        session.get(SurveyRound, round_id).status = "closed"
    # Sam is in Tokyo: 20:00 UTC on Wednesday is already Thursday there
    with pytest.raises(SurveyError, match="closed on Thursday, October 8"):
        submit(people, round_id, "USAM", {"mood": ["good"]}, now=datetime(2026, 10, 7, 20, 0, tzinfo=UTC))


def test_invalid_answers_store_nothing(people: Program) -> None:
    round_id = survey(people)
    with pytest.raises(AnswerError):
        submit(people, round_id, "URILEY", {"mood": ["maybe"]})
    assert people.rows(AnonymousResponse) == [] and not any(r.responded for r in people.rows(SurveyRecipient))


def test_one_click_answers_a_one_question_survey_only(people: Program) -> None:
    one = survey(people, key="one", questions=[RAW["questions"][0]])
    done = answer_one_click(sessions=people.sessions, round_id=one, slack_user_id="URILEY", value="good", now=OPENS)
    assert done.invitation.all_answered and [a.value for a in people.rows(AnonymousAnswer)] == ["good"]
    two = survey(people)
    with pytest.raises(SurveyError, match="several questions: use its Answer button"):
        answer_one_click(sessions=people.sessions, round_id=two, slack_user_id="URILEY", value="good", now=OPENS)
    assert [q.key for q in round_questions(sessions=people.sessions, round_id=two)] == ["mood", "note"]
    with pytest.raises(SurveyError, match="no longer exists"):
        questions_of(people.sessions(), 999)


def test_a_survey_about_mentors_names_the_mentor_and_keeps_only_the_kind_of_mentoring(people: Program) -> None:
    riley, lee = (people.rows(Person, slack_user_id=who)[0].id for who in ("URILEY", "ULEE"))
    with people.session() as session:
        session.add(Match(mentee_id=riley, mentor_id=lee, kind="research", started_at=OPENS - timedelta(days=60)))
    round_id = survey(people, key="about-mentors", kind="effectiveness", about="mentors")
    [subject] = [r.subject for r in people.rows(SurveyRecipient) if r.person_id == riley]
    form = answer_form(session=people.sessions(), round_id=round_id, slack_user_id="URILEY", subject=subject, now=OPENS)
    assert form.about == "Dr Lee (research mentoring)"
    assert form.support_text is None  # support lines belong to wellbeing surveys only
    submit_answers(sessions=people.sessions, round_id=round_id, slack_user_id="URILEY", subject=subject,
                   answers={"mood": ["good"]}, now=OPENS)
    [response] = people.rows(AnonymousResponse)
    assert (response.subject_kind, response.role) == ("research", "mentee")
