"""The Mentoring Competency Assessment ships as a cited structure with its scoring, not as invented items."""

from datetime import date

import pytest

from bot.surveys.definition_model import parse_survey
from bot.surveys.errors import DefinitionError
from bot.surveys.mca import COMPETENCIES, competency_scores, instrument_raw, item_competencies, item_summary
from bot.surveys.templates import template_names


def parse(raw: dict):
    return parse_survey(raw, priorities=["scholarship"], timezone="America/Edmonton", today=date(2026, 9, 1))


def test_the_structure_is_cited_26_items_in_six_competencies_on_a_7_point_scale() -> None:
    raw = instrument_raw()
    assert len(raw["questions"]) == 26
    assert all("Fleming et al., Acad Med 2013" in q["source"] for q in raw["questions"])
    competencies = item_competencies(raw)
    assert set(competencies.values()) == set(COMPETENCIES) and len(competencies) == 26
    assert raw["audience"] == "mentors"


def test_without_verified_wording_it_is_not_offered_and_loading_it_names_each_empty_text() -> None:
    assert "mentoring-competency-assessment" not in template_names()
    with pytest.raises(DefinitionError) as refused:
        parse(instrument_raw())
    problems = [str(p) for p in refused.value.problems]
    assert len(problems) == 26 and all("text" in p for p in problems)


def test_once_the_wording_is_copied_in_it_loads_as_a_7_point_survey_for_mentors() -> None:
    raw = instrument_raw()
    for number, question in enumerate(raw["questions"], start=1):
        question["text"] = f"(item {number} as worded in the article)"
    survey = parse(raw)
    assert survey.audience.who == "mentors" and {len(q.options) for q in survey.questions} == {7}
    labels = [o.label for o in survey.questions[0].options]
    assert (labels[0], labels[3], labels[6]) == ("Not at all skilled", "Moderately skilled", "Extremely skilled")


def test_scoring_is_the_mean_of_answered_items_per_competency() -> None:
    keys = {competency: [k for k, c in item_competencies().items() if c == competency] for competency in COMPETENCIES}
    answers = {keys["communication"][0]: 7, keys["communication"][1]: 5, keys["diversity"][0]: 4}
    scores = competency_scores(answers)
    assert scores["communication"] == 6 and scores["diversity"] == 4 and scores["development"] is None
    assert item_summary([5, 7]) == (6, pytest.approx(1.4142, abs=1e-3)) and item_summary([]) == (None, None)
