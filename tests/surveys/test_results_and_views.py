"""Results arithmetic and the Block Kit builders, as data: suppression per question and group, Slack's limits."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.surveys.answers import AnswerForm, validate_answers
from bot.surveys.errors import AnswerError
from bot.surveys.invitations import Invitation, SubjectRef
from bot.surveys.questions import Option, QuestionDef
from bot.surveys.results import Response, question_result
from handlers.blocks.common import MESSAGE_BLOCK_LIMIT, MODAL_TITLE_LIMIT, SURFACE_BLOCK_LIMIT
from handlers.blocks.surveys import build_answer_modal, build_survey_invitation

LIKERT = QuestionDef("supported", "likert", "I feel supported.",
                     options=tuple(Option(str(n), label) for n, label in enumerate(
                         ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"], start=1)))
TEXT = QuestionDef("idea", "text", "One idea?", required=False)
CHOICE = QuestionDef("topics", "multiple", "Topics?", options=(Option("career", "Career"), Option("research", "Research")))


def responses(*groups_and_values: tuple[str, str, str | None]) -> list[Response]:
    return [Response({"program": program}, {"supported": [value], **({"idea": [idea]} if idea else {})})
            for program, value, idea in groups_and_values]


def test_question_under_the_minimum_is_hidden_whatever_it_holds() -> None:
    result = question_result(LIKERT, responses(*[("IM", "5", None)] * 4), 5, None, ["program"])
    assert (result.hidden, result.distribution, result.mean) == ("fewer than 5 answers", (), None)


def test_mean_change_and_breakdown_with_complementary_suppression() -> None:
    answers = [("IM", "4", None)] * 6 + [("Peds", "2", None)] * 5 + [("Surgery", "1", None)] * 2
    result = question_result(LIKERT, responses(*answers), 5, 3.5, ["program"])
    assert (result.answered, result.mean, result.change) == (13, 2.77, -0.73)
    assert [(g.group, g.answered, g.mean) for g in result.groups] == [("IM", 6, 4.0), ("Peds", None, None),
                                                                      ("Surgery", None, None)]
    assert [o.count for o in result.distribution] == [2, 5, 0, 6, 0]


def test_free_text_is_a_sorted_list_without_groups() -> None:
    answers = [("IM", "4", f"idea {c}") for c in "edcba"] + [("Surgery", "4", "Zebra crossing")]
    result = question_result(TEXT, responses(*answers), 5, None, ["program"])
    assert result.texts == ("idea a", "idea b", "idea c", "idea d", "idea e", "Zebra crossing")
    assert result.groups == ()


def test_answers_are_checked_against_the_questions() -> None:
    with pytest.raises(AnswerError) as caught:
        validate_answers((LIKERT, TEXT, CHOICE), {"supported": ["9"], "idea": ["x" * 501], "topics": []})
    assert caught.value.errors == {"supported": "Please choose one of the options.",
                                   "idea": "Please keep it under 500 characters.", "topics": "Please answer this question."}
    checked = validate_answers((LIKERT, TEXT, CHOICE), {"supported": ["4"], "topics": ["career", "research"]})
    assert [values for _, values in checked] == [["4"], [], ["career", "research"]]


def many_questions(count: int) -> tuple[QuestionDef, ...]:
    scale = QuestionDef("s", "scale", "x" * 500, options=tuple(Option(str(n), f"label {n}") for n in range(11)))
    return tuple(QuestionDef(f"q{n}", scale.type, scale.text, options=scale.options) for n in range(count))


def test_builders_respect_slack_limits_for_the_largest_survey() -> None:
    closes = datetime(2026, 10, 13, tzinfo=UTC)
    form = AnswerForm(1, 0, "A very long survey title that Slack would refuse", "", True, closes, many_questions(30), {},
                      5, "Support text " * 100)
    modal = build_answer_modal(form, json.dumps({"round": 1}))
    assert len(modal["blocks"]) <= SURFACE_BLOCK_LIMIT and len(modal["title"]["text"]) <= MODAL_TITLE_LIMIT
    subjects = tuple(SubjectRef(n, f"Mentor {n}", False) for n in range(60))
    invitation = Invitation(1, "T" * 200, "intro", True, closes, many_questions(1), subjects, 5, None)
    message = build_survey_invitation(invitation)
    assert len(message["blocks"]) <= MESSAGE_BLOCK_LIMIT
    assert all(len(b["text"]["text"]) <= 150 for b in message["blocks"] if b["type"] == "header")


def test_one_click_buttons_have_unique_action_ids_and_say_nothing_once_answered_anonymously() -> None:
    closes = datetime(2026, 10, 13, tzinfo=UTC)
    question = many_questions(1)
    fresh = build_survey_invitation(Invitation(7, "Pulse", "", True, closes, question, (SubjectRef(0, "", False),), 5, None))
    buttons = [e for b in fresh["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert len({b["action_id"] for b in buttons}) == len(buttons) == 11 and buttons[3]["value"] == "7:3"
    done = build_survey_invitation(Invitation(7, "Pulse", "", True, closes, question, (SubjectRef(0, "", True),), 5, None))
    assert "recorded anonymously" in json.dumps(done) and "label" not in json.dumps(done)
