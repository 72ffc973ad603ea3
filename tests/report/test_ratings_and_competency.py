"""The report's meeting ratings (mentees' perspective) and mentors' competency self-assessment (the MCA, the
institution's and mentors' perspectives): aggregates only, hidden below the minimum group (5 here)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select

from bot.report.perspectives import perspectives
from bot.report.service import build_report
from storage.engine import SessionFactory
from storage.tables import AnonymousAnswer, AnonymousResponse, Meeting, MeetingRating, Survey, SurveyQuestion, SurveyRound
from tests.report.conftest import AUTUMN, REPORT_TIME

ASKED_AT = datetime(2026, 11, 21, tzinfo=UTC)


def rate(sessions: SessionFactory, ids: dict[str, int], ratings: dict[str, list[str | None]]) -> None:
    """Each match's meetings in the period, in date order, asked about and rated as given (None: not clicked)."""
    with sessions() as session:
        for label, given in ratings.items():
            meetings = session.exec(select(Meeting).where(Meeting.match_id == ids[label], Meeting.met_on >= date(2026, 9, 1))
                                    .order_by(Meeting.met_on)).all()
            for meeting, rating in zip(meetings, given, strict=True):
                session.add(MeetingRating(meeting_id=meeting.id, match_id=ids[label], asked_at=ASKED_AT, rating=rating,
                                          rated_at=ASKED_AT if rating else None))
        session.commit()


def report(sessions: SessionFactory):
    with sessions() as session:
        return build_report(session=session, period=AUTUMN, now=REPORT_TIME)


FOUR_MENTEES = {"m1": ["useful", "useful", "somewhat"], "m2": ["not_useful"], "m3": [None], "m4": ["useful", None]}


def test_meeting_ratings_are_hidden_until_five_mentees_were_asked(seeded) -> None:
    sessions, ids = seeded
    rate(sessions, ids, FOUR_MENTEES)
    hidden = report(sessions).meeting_ratings
    assert (hidden.meeting_rating_rate.value, hidden.meetings_rated_useful.value, hidden.meeting_rating_rate.n) == (
        None, None, 4)
    rate(sessions, ids, {"m6": ["useful"]})  # S1: the fifth mentee asked, the fourth to rate
    shown = report(sessions)
    # asked 8 meetings (I1 3, I2 1, P1 1, P2 2, S1 1), rated 6: the rate rests on five mentees, but what they
    # thought of them rests on four, so it stays hidden
    assert shown.meeting_ratings.meeting_rating_rate.value == 6 / 8
    assert (shown.meeting_ratings.meetings_rated_useful.value, shown.meeting_ratings.meetings_rated_useful.n) == (None, 4)
    with sessions() as session:  # P1 rates their meeting too: the fifth mentee to rate
        rating = session.exec(select(MeetingRating).where(MeetingRating.match_id == ids["m3"])).one()
        rating.rating, rating.rated_at = "useful", ASKED_AT
        session.add(rating)
        session.commit()
    shown = report(sessions)
    assert shown.meeting_ratings.meetings_rated_useful.value == 5 / 7
    mentees = next(view for view in perspectives(shown) if view.key == "mentees")
    assert "meetings_rated_useful" in {indicator.key for indicator in mentees.indicators}


def mca_round(sessions: SessionFactory, answers: list[dict[str, str]]) -> None:
    """An anonymous MCA round in October, one response per mentor (item key -> rating 1-7)."""
    opens = datetime(2026, 10, 13, tzinfo=UTC)
    with sessions() as session:
        survey = Survey(key="mca", title="Mentoring Competency Assessment", kind="custom", anonymous=True,
                        created_by="UCOORD", created_at=opens, updated_at=opens)
        session.add(survey)
        session.flush()
        keys = ["mca01_active_listening", "mca02_constructive_feedback", "mca07_relationship_expectations"]
        questions = {}
        for position, key in enumerate(keys, start=1):
            question = SurveyQuestion(survey_id=survey.id, position=position, key=key, kind="likert", text=key,
                                      options=[{"value": str(n), "label": str(n)} for n in range(1, 8)])
            session.add(question)
            session.flush()
            questions[key] = question.id
        survey_round = SurveyRound(survey_id=survey.id, number=1, opens_at=opens, closes_at=opens, remind_at=opens,
                                   status="closed")
        session.add(survey_round)
        session.flush()
        for n, given in enumerate(answers):
            response = AnonymousResponse(id=f"mca{n}", round_id=survey_round.id, week_of=date(2026, 10, 12),
                                         role="mentor", program=None, stage=None)
            session.add(response)
            session.flush()
            for key, value in given.items():
                session.add(AnonymousAnswer(id=f"mca{n}-{questions[key]}", response_id=response.id, question_id=questions[key],
                                            value=value))
        session.commit()


def test_competency_self_assessment_is_a_mean_over_five_or_more_mentors_else_hidden(seeded) -> None:
    sessions, _ = seeded
    four = [{"mca01_active_listening": "6", "mca02_constructive_feedback": "4"}] * 4
    mca_round(sessions, four)
    hidden = report(sessions).competency
    assert hidden.competency_self_assessment.value is None and hidden.competency_self_assessment.n == 4
    assert all(row.mean is None for row in hidden.by_competency)


def test_competency_by_domain_leaves_blank_items_out(seeded) -> None:
    sessions, _ = seeded
    answers = [{"mca01_active_listening": "6", "mca02_constructive_feedback": "4"}] * 4 + [
        {"mca01_active_listening": "7", "mca07_relationship_expectations": "3"}]
    mca_round(sessions, answers)
    shown = report(sessions)
    # each mentor's mean item rating: 5, 5, 5, 5 and 5 -> 5.0
    assert shown.competency.competency_self_assessment.value == 5.0
    rows = {row.competency: (row.mean, row.respondents) for row in shown.competency.by_competency}
    assert rows["Maintaining effective communication"] == ((5 * 4 + 7) / 5, 5)  # 5, 5, 5, 5 and 7
    assert rows["Aligning expectations"] == (None, 1)  # one mentor rated it: hidden
    views = {view.key: {i.key for i in view.indicators} for view in perspectives(shown)}
    assert "competency_self_assessment" in views["institution"] and "competency_self_assessment" in views["mentors"]
