"""The report never reads anonymous answers of a round that is still open."""

from datetime import UTC, date, datetime, timedelta

from storage.engine import make_engine, session_factory, transaction
from storage.queries.report import anonymous_answer_rows
from storage.tables import AnonymousAnswer, AnonymousResponse, Survey, SurveyQuestion, SurveyRound

NOW = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)


def test_answers_of_an_open_round_stay_out_until_it_closes(database_url: str) -> None:
    sessions = session_factory(make_engine(database_url))
    with transaction(sessions) as session:
        survey = Survey(key="pulse", title="Pulse", kind="wellbeing", created_by="U1", created_at=NOW, updated_at=NOW)
        session.add(survey)
        session.flush()
        question = SurveyQuestion(survey_id=survey.id, position=1, key="q", kind="likert", text="How are you?")
        survey_round = SurveyRound(survey_id=survey.id, number=1, opens_at=NOW, closes_at=NOW + timedelta(days=7),
                                   remind_at=NOW + timedelta(days=3))
        session.add_all([question, survey_round])
        session.flush()
        session.add(AnonymousResponse(id="r1", round_id=survey_round.id, week_of=date(2026, 11, 2), role="mentee",
                                      program="Surgery", stage="PGY-1"))
        session.flush()
        session.add(AnonymousAnswer(id="a1", response_id="r1", question_id=question.id, value="4"))
        round_id = survey_round.id
    with sessions() as session:
        assert anonymous_answer_rows(session=session, round_ids=[round_id]) == []
    with transaction(sessions) as session:
        session.get(SurveyRound, round_id).status = "closed"
    with sessions() as session:
        assert [row.value for row in anonymous_answer_rows(session=session, round_ids=[round_id])] == ["4"]
