"""Survey results from the database (no Slack): anonymous answers only after the close, nothing but the rate below
the minimum, hidden questions and groups, means with the change since the last shown round, distributions with
every option, free text sorted on its own, breakdowns by role, program, stage and kind, and the trend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.surveys.answers import submit_answers
from bot.surveys.questions import Option, QuestionDef
from bot.surveys.results import NOT_GIVEN, GroupResult, OptionCount, Response, breakdown, question_result, survey_results
from bot.surveys.errors import SurveyError
from bot.surveys.rounds import open_due_round
from bot.surveys.service import create_survey, definition_from
from storage.tables import Match, Person, SurveyRound
from tests.services import Program, program  # noqa: F401

OPENS = datetime(2026, 10, 6, 16, 0, tzinfo=UTC)
RAW = {
    "key": "pulse", "title": "Pulse", "kind": "wellbeing", "audience": "everyone",
    "schedule": {"cron": {"day": "1st tue"}, "open_days": 5},  # 2026-10-06, 2026-11-03, ...
    "questions": [
        {"key": "score", "type": "scale", "text": "How supported do you feel?"},
        {"key": "mood", "type": "single", "text": "Mood?", "required": False,
         "options": [{"value": "good", "label": "Good"}, {"value": "bad", "label": "Bad"},
                     {"value": "meh", "label": "So-so"}]},
        {"key": "note", "type": "text", "text": "Anything else?", "required": False},
    ],
}


def define(program: Program, **changes) -> int:  # type: ignore[no-untyped-def]  # noqa: F811
    with program.session() as session:
        definition = definition_from(session=session, raw={**RAW, **changes}, timezone="America/Edmonton",
                                     today=datetime(2026, 10, 1).date(), source="test")
        return create_survey(session=session, definition=definition, actor="test", now=program.clock.now()).id or 0


def open_round(program: Program, survey_id: int, at: datetime) -> int:  # noqa: F811
    with program.session() as session:
        survey_round = open_due_round(session=session, survey_id=survey_id, now=at, render=lambda i: {"text": "x"})
        assert survey_round is not None
        return survey_round.id or 0


def close(program: Program, round_id: int) -> None:  # noqa: F811
    with program.session() as session:
        session.get(SurveyRound, round_id).status = "closed"


def answer(program: Program, round_id: int, who: str, score: str, mood: str | None = None,  # noqa: F811
           note: str | None = None, at: datetime = OPENS) -> None:
    answers = {"score": [score], **({"mood": [mood]} if mood else {}), **({"note": [note]} if note else {})}
    submit_answers(sessions=program.sessions, round_id=round_id, slack_user_id=who, subject=0, answers=answers, now=at)


@pytest.fixture
def cohort(program: Program) -> Program:  # noqa: F811
    """Six residents in Surgery (PGY-1), two in Medicine (PGY-2), two mentors in Surgery."""
    program.clock.set(datetime(2026, 10, 1, 12, tzinfo=UTC))
    for n in range(6):
        program.mentee(f"USURG{n}", program="Surgery", stage="PGY-1")
    for n in range(2):
        program.mentee(f"UMED{n}", program="Medicine", stage="PGY-2")
    for n in range(2):
        program.mentor(f"UFAC{n}", program="Surgery")
    return program


def test_an_open_anonymous_round_shows_only_its_response_rate(cohort: Program) -> None:
    survey_id = define(cohort)
    round_id = open_round(cohort, survey_id, OPENS)
    for n in range(6):
        answer(cohort, round_id, f"USURG{n}", "4")
    results = survey_results(session=cohort.sessions(), survey_id=survey_id)
    assert (results.asked, results.responded, results.rate, results.questions) == (10, 6, 0.6, ())
    assert results.withheld.startswith("Answers to an anonymous survey are shown once the round closes")
    assert (results.title, results.kind, results.anonymous, results.round_number, results.status) == (
        "Pulse", "wellbeing", True, 1, "open")
    close(cohort, round_id)
    assert survey_results(session=cohort.sessions(), survey_id=survey_id).withheld is None


def test_below_the_minimum_nothing_but_the_rate_is_shown(cohort: Program) -> None:
    survey_id = define(cohort, anonymous=False)
    round_id = open_round(cohort, survey_id, OPENS)
    for n in range(4):
        answer(cohort, round_id, f"USURG{n}", "5")
    results = survey_results(session=cohort.sessions(), survey_id=survey_id)
    assert results.withheld == "Fewer than 5 responses: the answers stay hidden so nobody can be identified."
    assert results.questions == () and results.responded == 4 and results.minimum_group == 5
    answer(cohort, round_id, "USURG4", "5")
    results = survey_results(session=cohort.sessions(), survey_id=survey_id)  # named: shown while open
    assert results.withheld is None and results.questions[0].mean == 5.0


def test_a_closed_round_shows_means_distributions_texts_and_safe_breakdowns(cohort: Program) -> None:
    survey_id = define(cohort, anonymous=False)
    round_id = open_round(cohort, survey_id, OPENS)
    for n, (score, mood, note) in enumerate([("5", "good", "Zebra"), ("4", "good", "apple"), ("3", "bad", None),
                                             ("4", None, "Mango"), ("5", "good", "banana"), ("2", None, None)]):
        answer(cohort, round_id, f"USURG{n}", score, mood, note)
    answer(cohort, round_id, "UMED0", "1", "bad")
    answer(cohort, round_id, "UFAC0", "3", "good", "kiwi")
    close(cohort, round_id)
    results = survey_results(session=cohort.sessions(), survey_id=survey_id)
    score, mood, note = results.questions
    assert (score.answered, score.mean, score.change, score.hidden) == (8, 3.38, None, None)
    counted = {1: 1, 2: 1, 3: 2, 4: 2, 5: 2}  # on a 0-10 scale, every option listed, unanswered ones as 0
    assert [(c.value, c.count) for c in score.distribution] == [(str(v), counted.get(v, 0)) for v in range(11)]
    assert score.distribution[0].label == "Not at all"
    groups = {(g.dimension, g.group): (g.answered, g.mean) for g in score.groups}
    # role: 7 mentees and 1 mentor -> the mentor hidden, and the mentees too (the total would give the mentor away)
    assert groups[("role", "mentee")] == (None, None) and groups[("role", "mentor")] == (None, None)
    # program: 7 in Surgery, 1 in Medicine -> both hidden for the same reason
    assert groups[("program", "Surgery")] == (None, None) and groups[("program", "Medicine")] == (None, None)
    assert dict(score.under_minimum) == {"role": 1, "program": 1, "stage": 2}  # PGY-2 and the professor
    assert not any(d == "kind" for d, _ in groups)  # not a survey about mentors
    assert (mood.answered, mood.mean, mood.groups) == (6, None, ())
    assert mood.distribution == (OptionCount("good", "Good", 4), OptionCount("bad", "Bad", 2),
                                 OptionCount("meh", "So-so", 0))
    assert note.answered == 5 and note.texts == ("apple", "banana", "kiwi", "Mango", "Zebra")
    assert note.hidden is None and note.groups == () and note.distribution == ()
    assert results.not_broken_down == ()  # every dimension has a stated group ("kind" is not asked here)


def test_a_dimension_nobody_states_is_named_as_not_broken_down(program: Program) -> None:  # noqa: F811
    program.clock.set(datetime(2026, 10, 1, 12, tzinfo=UTC))
    for n in range(5):
        program.mentee(f"UX{n}", program=None, stage="PGY-1")
    survey_id = define(program, anonymous=False)
    round_id = open_round(program, survey_id, OPENS)
    for n in range(5):
        answer(program, round_id, f"UX{n}", "4")
    results = survey_results(session=program.sessions(), survey_id=survey_id)
    assert results.not_broken_down == ("program",) and results.questions[0].groups == ()


def test_a_question_with_too_few_answers_is_hidden(cohort: Program) -> None:
    survey_id = define(cohort, anonymous=False)
    round_id = open_round(cohort, survey_id, OPENS)
    for n in range(6):
        answer(cohort, round_id, f"USURG{n}", "4", note="fine" if n < 4 else None)
    [_, mood, note] = survey_results(session=cohort.sessions(), survey_id=survey_id).questions
    assert (mood.answered, mood.hidden, mood.distribution) == (0, "fewer than 5 answers", ())
    assert (note.answered, note.hidden, note.texts) == (4, "fewer than 5 answers", ())


def test_the_change_is_since_the_previous_rounds_shown_mean_and_the_trend_has_every_round(cohort: Program) -> None:
    survey_id = define(cohort, anonymous=False)
    first = open_round(cohort, survey_id, OPENS)
    for n in range(6):
        answer(cohort, first, f"USURG{n}", "3")
    close(cohort, first)
    second = open_round(cohort, survey_id, OPENS + timedelta(days=31))
    for n in range(6):
        answer(cohort, second, f"USURG{n}", "4" if n % 2 else "5", at=OPENS + timedelta(days=31))
    latest = survey_results(session=cohort.sessions(), survey_id=survey_id)
    assert (latest.round_number, latest.questions[0].mean, latest.questions[0].change) == (2, 4.5, 1.5)
    assert [(p.number, p.asked, p.responded, p.means) for p in latest.trend] == [
        (1, 10, 6, {"score": 3.0}), (2, 10, 6, {"score": 4.5})]
    assert latest.trend[1].opens_at == cohort.rows(SurveyRound)[1].opens_at
    earlier = survey_results(session=cohort.sessions(), survey_id=survey_id, round_number=1)
    assert (earlier.round_number, earlier.questions[0].change, len(earlier.trend)) == (1, None, 1)
    with pytest.raises(SurveyError, match="has rounds 1 to 2; there is no round 3"):
        survey_results(session=cohort.sessions(), survey_id=survey_id, round_number=3)


def test_a_survey_without_rounds_has_no_results(cohort: Program) -> None:
    survey_id = define(cohort)
    with pytest.raises(SurveyError, match=f"Survey #{survey_id} has no rounds yet"):
        survey_results(session=cohort.sessions(), survey_id=survey_id)


def test_a_survey_about_mentors_breaks_down_by_kind(cohort: Program) -> None:
    mentor = cohort.rows(Person, slack_user_id="UFAC0")[0].id
    with cohort.session() as session:
        for n, kind in enumerate(["career"] * 5 + ["research"] * 5):
            mentee = cohort.mentee(f"UKIND{n}", program="Surgery", stage="PGY-1")
            session.add(Match(mentee_id=mentee, mentor_id=mentor, kind=kind, started_at=OPENS - timedelta(days=60)))
    survey_id = define(cohort, key="about", about="mentors", audience="mentees", anonymous=False)
    round_id = open_round(cohort, survey_id, OPENS)
    matches = {m.mentee_id: m.id for m in cohort.rows(Match)}
    people = {p.slack_user_id: p.id for p in cohort.rows(Person)}
    for n in range(10):
        submit_answers(sessions=cohort.sessions, round_id=round_id, slack_user_id=f"UKIND{n}",
                       subject=matches[people[f"UKIND{n}"]], answers={"score": ["5" if n < 5 else "3"]}, now=OPENS)
    score = survey_results(session=cohort.sessions(), survey_id=survey_id).questions[0]
    kinds = [(g.group, g.answered, g.mean) for g in score.groups if g.dimension == "kind"]
    assert kinds == [("Career", 5, 5.0), ("Research", 5, 3.0)]


ONE_TO_FIVE = QuestionDef("q", "scale", "Q?", options=tuple(Option(str(v), str(v)) for v in range(1, 6)))


def responses(*rows: tuple[str, str, str]) -> list[Response]:
    return [Response({"program": program, "role": role}, {"q": [value]}) for program, role, value in rows]


def test_a_single_group_is_not_a_breakdown_and_unstated_groups_are_one_group() -> None:
    same = responses(*[("Surgery", "mentee", "4")] * 6)
    assert breakdown("q", same, "program", 5) == []
    mixed = [*responses(*[("Surgery", "mentee", "4")] * 5), *[Response({}, {"q": ["2"]})] * 5]
    assert breakdown("q", mixed, "program", 5) == [GroupResult("program", NOT_GIVEN, 5, 2.0),
                                                   GroupResult("program", "Surgery", 5, 4.0)]


def test_question_results_at_the_minimum_are_shown() -> None:
    five = responses(*[("Surgery", "mentee", str(v)) for v in (1, 2, 3, 4, 4)])
    result = question_result(ONE_TO_FIVE, five, 5, previous_mean=2.0, dimensions=["program", "role"])
    assert (result.answered, result.hidden, result.mean, result.change, result.groups) == (5, None, 2.8, 0.8, ())
    assert question_result(ONE_TO_FIVE, five[:4], 5, None, ["program"]).hidden == "fewer than 5 answers"
    assert question_result(ONE_TO_FIVE, five, 6, None, ["program"]).hidden == "fewer than 6 answers"
