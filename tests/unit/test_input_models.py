"""The input models on their own (bot/profiles.py, bot/goals.py, bot/broadcasts/draft.py, bot/input_errors.py):
each rule as a table row, field limits from the one model (storage/limits.py), locations as paths and form fields."""

from datetime import date

import pytest
from pydantic import ValidationError

from bot.broadcasts import AnnouncementDraft, BroadcastError, Audience, Announcement, Schedule
from bot.goals import GOAL_FORM_FIELDS, GoalBase, GoalCreate, GoalRules
from bot.input_errors import by_field, field_path, problems_of
from bot.profiles import PROFILE_FORM_FIELDS, ProfileBase, ProfileCreate, checked, validate_profile
from bot.programs import Registry
from storage.limits import max_chars
from storage.tables import Goal, InterestTag, Person

MENTEE = dict(as_mentee=True, program="Internal Medicine", stage="PGY-1", kinds_wanted=["career"])
MENTOR = dict(as_mentor=True, program="Internal Medicine", stage="professor", kinds_offered=["career", "research"],
              capacity_total=2)
RULES = GoalRules(["scholarship", "wellbeing"], date(2026, 9, 1), is_new=True)


def profile_errors(**fields: object) -> dict[str, str]:
    try:
        ProfileCreate.model_validate(fields)
    except ValidationError as exc:
        return by_field(exc, renamed=PROFILE_FORM_FIELDS)
    return {}


@pytest.mark.parametrize(("fields", "expected"), [
    ({}, {"roles": "Choose at least one: mentee, mentor, or both.",
          "program": "Say which program or department you are in.", "stage": "Choose your stage or rank."}),
    ({**MENTEE, "kinds_wanted": []}, {"kinds_wanted": "Pick at least one kind of mentoring you would like now."}),
    ({**MENTEE, "kinds_wanted": ["astrology"]}, {"kinds_wanted": "Unknown kind of mentoring: astrology."}),
    ({**MENTEE, "meeting_mode": "carrier pigeon"}, {"meeting_mode": "Choose in person, virtual or either."}),
    ({**MENTEE, "cadence_days": 3}, {"cadence": "Choose how often you would like to meet."}),
    ({**MENTEE, "cadence_days": "3²"}, {"cadence": "How often to meet must be a whole number, written with the "
                                                   "digits 0-9; got “3²”."}),
    ({**MENTEE, "concordance": ["star sign"]}, {"concordance": "Unknown preference: star sign."}),
    ({**MENTEE, "identity": {"gender": "martian"}},
     {"identity_gender": "Choose one of the listed answers, or leave it empty."}),
    ({**MENTEE, "interests": ["x" * (max_chars(InterestTag, "name") + 1)]},
     {"interests_other": f"Each interest can be at most {max_chars(InterestTag, 'name')} characters "
                         f"(this is {max_chars(InterestTag, 'name') + 1})."}),
    ({**MENTEE, "program": "P" * (max_chars(Person, "program") + 1)},
     {"program": f"The program name can be at most {max_chars(Person, 'program')} characters "
                 f"(this is {max_chars(Person, 'program') + 1})."}),
    ({**MENTOR, "kinds_offered": []}, {"kinds_offered": "Pick at least one kind of mentoring you can offer."}),
    ({**MENTOR, "capacity_total": "25"}, {"capacity": "Capacity must be a whole number from 0 to 20; got 25."}),
    ({**MENTOR, "capacity_total": 25}, {"capacity": "Capacity must be a whole number from 0 to 20."}),
    ({**MENTOR, "capacity_per_kind": "research:3"},
     {"capacity_per_kind": "Per-kind limits must name kinds you offer and be between 0 and your total capacity."}),
    ({**MENTOR, "capacity_per_kind": "lots"}, {"capacity_per_kind": "Write limits like `research:1, career:2`."}),
    ({**MENTEE, "kinds_offered": []}, {}),  # a mentee offers nothing: the mentor's rules do not apply
    ({**MENTOR, "capacity_per_kind": "research:1; career:0"}, {}),
])
def test_each_profile_rule_names_its_form_field(fields: dict, expected: dict) -> None:
    assert profile_errors(**fields) == expected


def test_a_profile_base_holds_a_half_filled_form_and_validate_profile_names_form_fields() -> None:
    half = ProfileBase(as_mentor=True, capacity_total="3")  # typed text read by the one number parser
    assert half.capacity_total == 3 and half.program == ""
    assert set(validate_profile(half)) == {"program", "stage", "kinds_offered"}


def test_the_program_is_the_registered_name_when_a_registry_is_given() -> None:
    programs = Registry(("Internal Medicine",), {"internal medicine": "Internal Medicine", "im": "Internal Medicine"})
    assert checked({**MENTEE, "program": "IM"}, programs).program == "Internal Medicine"
    with pytest.raises(ValidationError) as refused:
        checked({**MENTEE, "program": "Dermatology"}, programs)
    assert list(by_field(refused.value)) == ["program"]


@pytest.mark.parametrize(("fields", "rules", "expected"), [
    ({"title": " "}, RULES, {"title": "Say what the goal is, in a few words."}),
    ({"title": "T" * (max_chars(Goal, "title") + 1)}, RULES,
     {"title": f"The goal can be at most {max_chars(Goal, 'title')} characters (this is {max_chars(Goal, 'title') + 1})."}),
    ({"title": "Publish", "category": "astrology"}, RULES,
     {"category": "Choose one of the program's priorities: scholarship, wellbeing."}),
    ({"title": "Publish", "status": "someday"}, RULES, {"status": "Choose a status."}),
    ({"title": "Publish", "target_date": "2026-08-31"}, RULES,
     {"target_date": "A new goal's target date can't be in the past."}),
    ({"title": "Publish", "target_date": "2026-08-31"}, GoalRules(RULES.priorities, RULES.today, is_new=False), {}),
    ({"title": "Publish", "visible_to": "nobody"}, RULES, {"visibility": "Input should be a valid integer, unable to "
                                                                         "parse string as an integer"}),
])
def test_each_goal_rule_names_its_form_field(fields: dict, rules: GoalRules, expected: dict) -> None:
    try:
        GoalCreate.model_validate(fields, context={"rules": rules})
    except ValidationError as exc:
        assert by_field(exc, renamed=GOAL_FORM_FIELDS) == expected
    else:
        assert expected == {}


def test_goal_text_is_stripped_and_the_form_visibility_words_become_the_stored_list() -> None:
    assert GoalBase(title="  Publish  ", visible_to="all").model_dump()["title"] == "Publish"
    assert (GoalBase(title="x", visible_to="all").visible_to, GoalBase(title="x", visible_to="private").visible_to,
            GoalBase(title="x", visible_to="7").visible_to) == (None, [], [7])


def test_an_announcement_draft_lists_every_problem_and_compose_names_the_first() -> None:
    with pytest.raises(ValidationError) as refused:
        AnnouncementDraft.model_validate({"audience": "stage", "stage": "astronaut", "when": "local",
                                          "links": "\n".join(f"L{n} | https://e.org/{n}" for n in range(6))})
    assert [path for path, _ in problems_of(refused.value)] == ["message", "links", "stage", "date", "time"]
    with pytest.raises(BroadcastError) as first:
        AnnouncementDraft.of(Audience("stage", "astronaut"), Announcement("Hi"), Schedule())
    assert (str(first.value), first.value.field) == ("Choose the career stage (or another audience).", "stage")


@pytest.mark.parametrize(("loc", "path"), [
    (("questions", 2, "options"), "questions[3].options"),
    (("schedule", "cron"), "schedule.cron"),
    (("questions", 0), "questions[1]"),
    ((), ""),
])
def test_locations_read_as_paths_counted_from_one(loc: tuple, path: str) -> None:
    assert field_path(loc) == path


def test_problems_go_to_known_fields_or_the_fallback() -> None:
    with pytest.raises(ValidationError) as refused:
        ProfileCreate.model_validate({"identity": {"gender": "martian"}, "as_mentee": True})
    error = refused.value
    shown = by_field(error, renamed=PROFILE_FORM_FIELDS, known={"roles", "program"}, fallback="roles")
    assert set(shown) == {"program", "roles"}  # stage, kinds_wanted and identity_gender are not on this form
    assert "Choose your stage or rank." in shown["roles"] and "listed answers" in shown["roles"]


def survey_problems(raw: object) -> list[str]:
    from bot.surveys.definition_model import parse_survey
    from bot.surveys.errors import DefinitionError

    with pytest.raises(DefinitionError) as refused:
        parse_survey(raw, priorities=["wellbeing"], timezone="America/Edmonton", today=date(2026, 9, 1))
    return [str(problem) for problem in refused.value.problems]


def test_a_survey_definition_names_each_question_and_field_counted_from_one() -> None:
    found = survey_problems({"title": "Pulse", "colour": "blue", "schedule": {"once": "2026-10-06"}, "about": "peers",
                             "audience": {"who": "mentees", "matched": "yes"},
                             "questions": [{"type": "scale", "text": "How are you?"},
                                           "not a mapping",
                                           {"type": "single", "text": "Day?", "options": [f"d{n}" for n in range(21)]},
                                           {"type": "multiple", "text": "Which?", "options": ["a", True, "a"],
                                            "extra": 1},
                                           {"type": "likert", "text": "Fine", "scale": "agreement9"}]})
    assert found == [
        "colour: unknown field; known fields: key, title, kind, anonymous, about, intro, audience, schedule, questions, "
        "translations",
        "audience.matched: must be true (people with a current match) or false (people without one)",
        "about: the only choice is `mentors` (mentees answer once about each current mentor)",
        "questions[2]: each question must be a mapping with at least `type` and `text`",
        "questions[3].options: give a list of 2 to 20 options",
        "questions[4].extra: unknown field; known fields: key, type, text, required, scale, labels, options, low, "
        "high, priority, level, source, translations",
        "questions[4].options: put Yes/No options in quotes (\"Yes\"): unquoted, YAML reads them as true/false",
        "questions[4].options: two options are the same",
        "questions[5].scale: unknown scale `agreement9`; use one of agreement5, agreement6, agreement7, "
        "satisfaction5, mbi_frequency, mca_skill7 or give `labels`",
    ]


def test_a_valid_definition_becomes_the_survey_definition_with_keys_by_position() -> None:
    from bot.surveys.definition_model import parse_survey

    survey = parse_survey({"title": "Monthly pulse", "audience": "mentors", "schedule": {"cron": {"day": "1st tue"}},
                           "questions": [{"type": "likert", "text": "Supported"}, {"type": "text", "text": "Else?"},
                                         {"type": "single", "text": "Yes?", "options": ["Yes", "No"], "key": "yes"}]},
                          priorities=["wellbeing"], timezone="America/Edmonton", today=date(2026, 9, 1))
    assert (survey.key, survey.audience.who, survey.anonymous) == ("monthly-pulse", "mentors", True)
    assert [(q.key, q.required, len(q.options)) for q in survey.questions] == [("q1", True, 5), ("q2", False, 0),
                                                                                ("yes", True, 2)]
    with pytest.raises(Exception, match="two questions have the key `q1`"):
        parse_survey(
            {"title": "t", "schedule": {"once": "2026-10-06"},
             "questions": [{"type": "text", "text": "a"}, {"type": "text", "text": "b", "key": "q1"}]},
            priorities=[], timezone="America/Edmonton", today=date(2026, 9, 1))
