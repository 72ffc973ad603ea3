"""Survey definitions, templates and recurrence, as data (no Slack)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.surveys.definition_model import parse_survey
from bot.surveys.definitions import SurveyFileError, read_definition_file
from bot.surveys.errors import DefinitionError, Problems
from bot.surveys.questions import questions_from_lines
from bot.surveys.recurrence import ScheduleDef, due_opening, next_opening, round_window
from bot.surveys.templates import template_names, template_raw
from bot.timing import zone
from tests.surveys.helpers import EDMONTON, at

PRIORITIES = ["scholarship", "career transition", "wellbeing", "clinical skill", "leadership"]
TODAY = date(2026, 9, 1)


def parse(raw: dict, today: date = TODAY):
    return parse_survey(raw, priorities=PRIORITIES, timezone="America/Edmonton", today=today)


def problems_of(raw: dict) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse(raw)
    return [str(problem) for problem in caught.value.problems]


def test_every_template_is_valid_and_names_the_source_of_each_item() -> None:
    assert template_names() == ["mentee-satisfaction-quarterly", "mentor-satisfaction-quarterly",
                                "mentorship-effectiveness", "wellbeing-monthly"]
    for name in template_names():
        survey = parse(template_raw(name))
        assert survey.anonymous and all(q.source for q in survey.questions), name
        assert all(q.level for q in survey.questions), name


def test_wellbeing_template_has_both_single_item_burnout_measures_on_the_mbi_scale() -> None:
    survey = parse(template_raw("wellbeing-monthly"))
    items = {q.key: q for q in survey.questions}
    assert items["burnout"].text == "I feel burned out from my work."
    assert items["depersonalization"].text == "I have become more callous toward people since I took this job."
    for key in ("burnout", "depersonalization"):
        assert [o.label for o in items[key].options][::6] == ["Never", "Every day"]
        assert "West CP" in (items[key].source or "") and "2009" in (items[key].source or "")
    assert survey.kind == "wellbeing" and survey.schedule.cron == {"day": "1st tue"}


def test_effectiveness_template_is_the_12_item_six_point_scale_about_each_mentor() -> None:
    survey = parse(template_raw("mentorship-effectiveness"))
    assert (len(survey.questions), survey.about, survey.audience.who) == (12, "mentors", "mentees")
    assert {len(q.options) for q in survey.questions} == {6}
    assert all("Berk" in (q.source or "") for q in survey.questions)


def test_mentor_pulse_asks_time_burden_value_and_continuing() -> None:
    keys = [q.key for q in parse(template_raw("mentor-satisfaction-quarterly")).questions]
    assert {"hours", "time_burden", "value", "continue"} <= set(keys)


def test_every_problem_is_reported_with_its_field() -> None:
    found = problems_of({"titel": "x", "title": "Pulse", "anonymous": "yes",
                         "audience": {"who": "mentees", "stage": "PGY-9", "matched": "sometimes"},
                         "schedule": {"once": "2026-08-01", "open_days": 0},
                         "questions": [{"type": "likert", "text": "a", "labels": ["no", "yes"]},
                                       {"type": "single", "text": "b", "options": ["x", "x"]},
                                       {"type": "text", "text": "c", "priority": "golf", "level": "vibes"},
                                       {"type": "scale", "text": "d", "key": "Bad Key"}]})
    for expected in ("titel: unknown field", "anonymous: must be true or false",
                     "audience.stage: unknown stage 'PGY-9'", "audience.matched: must be true",
                     "schedule.once: 2026-08-01 is in the past", "schedule.open_days: must be a whole number from 1 to 90",
                     "questions[1].labels: a Likert item needs 5, 6 or 7", "questions[2].options: two options are the same",
                     "questions[3].priority: `golf` is not a program priority",
                     "questions[3].level: must be one of reaction", "questions[4].key: use lower-case letters"):
        assert any(problem.startswith(expected) for problem in found), (expected, found)


def test_about_mentors_needs_a_mentee_audience_and_schedules_need_one_kind() -> None:
    found = problems_of({"title": "t", "about": "mentors", "audience": "everyone",
                         "schedule": {"once": "2026-10-06", "cron": "0 9 * * mon"},
                         "questions": [{"type": "scale", "text": "d"}]})
    assert "about: a survey about mentors goes to mentees: set `audience: mentees`" in found
    assert "schedule: give exactly one of `once` (a date, or date and time) and `cron` (recurring)" in found


def test_schedules_recurring_more_than_daily_are_refused() -> None:
    found = problems_of({"title": "t", "schedule": {"cron": "0 * * * *"}, "questions": [{"type": "text", "text": "d"}]})
    assert found == ["schedule.cron: a pulse survey can recur at most once a day"]


def test_question_lines_report_bad_lines_by_number() -> None:
    problems = Problems()
    raw = questions_from_lines("likert7: I feel heard.\n\nsingle: Best day? | Mon | Fri\nwhat is this\n", problems)
    assert raw == [{"type": "likert", "text": "I feel heard.", "scale": "agreement7"},
                   {"type": "single", "text": "Best day?", "options": ["Mon", "Fri"]}]
    assert [str(p) for p in problems.found] == [
        "questions: line 4: start with a type and a colon, e.g. `likert: I feel supported`"]


def test_files_that_are_not_yaml_or_json_say_where(tmp_path: Path) -> None:
    broken = tmp_path / "survey.json"
    broken.write_text('{"title": "x",\n "questions": [}')
    with pytest.raises(SurveyFileError, match="not valid JSON: line 2"):
        read_definition_file(broken)
    with pytest.raises(SurveyFileError, match="cannot read the file"):
        read_definition_file(tmp_path / "missing.yaml")


MONTHLY = ScheduleDef(timezone="America/Edmonton", cron={"day": "1st tue"}, open_days=7, starts_on=TODAY)


def test_first_tuesday_monthly_opens_at_midnight_program_time_across_dst() -> None:
    openings, after = [], at(2026, 9, 1, tz=EDMONTON) - timedelta(seconds=1)
    for _ in range(3):
        after = next_opening(MONTHLY, after)
        openings.append(after.astimezone(zone("America/Edmonton")))
    assert [(o.date(), o.hour) for o in openings] == [(date(2026, 9, 1), 0), (date(2026, 10, 6), 0), (date(2026, 11, 3), 0)]
    assert openings[2].utcoffset() == timedelta(hours=-7)  # MST after the DST change on Nov 1


def test_missed_openings_are_coalesced_into_the_latest() -> None:
    assert due_opening(MONTHLY, None, at(2026, 8, 30)) is None
    assert due_opening(MONTHLY, None, at(2026, 11, 20)) == at(2026, 11, 3, tz=EDMONTON)
    assert due_opening(MONTHLY, at(2026, 11, 3, tz=EDMONTON), at(2026, 11, 20)) is None


def test_a_round_closes_after_open_days_or_at_the_survey_end_whichever_is_first() -> None:
    closes, remind = round_window(MONTHLY, at(2026, 10, 6, tz=EDMONTON))
    assert (closes, remind) == (at(2026, 10, 13, tz=EDMONTON), at(2026, 10, 9, tz=EDMONTON))
    ending = ScheduleDef(timezone="America/Edmonton", cron={"day": "1st tue"}, open_days=30, starts_on=TODAY,
                         close_on=date(2026, 10, 20))
    assert round_window(ending, at(2026, 10, 6, tz=EDMONTON))[0] == at(2026, 10, 21, tz=EDMONTON)
    assert next_opening(ending, at(2026, 10, 6, tz=EDMONTON)) is None
    weekly = ScheduleDef(timezone="America/Edmonton", cron={"day_of_week": "mon"}, open_days=10, starts_on=TODAY)
    assert round_window(weekly, at(2026, 9, 7, tz=EDMONTON))[0] == at(2026, 9, 14, tz=EDMONTON)  # next round's start
