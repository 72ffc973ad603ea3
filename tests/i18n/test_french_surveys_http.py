"""A French respondent reads a survey's title, intro, questions and options in French, an English one in English:
through the invitation DM the scheduler sends and the answer modal a signed click opens; answers are stored by
option value, whatever the language they were read in."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from bot.emulator import EmulatedUser
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from bot.surveys.definition_model import parse_survey
from bot.surveys.errors import DefinitionError
from bot.surveys.templates import template_names, template_raw
from storage.engine import transaction
from storage.tables import AnonymousAnswer
from tests.conftest import Harness
from tests.surveys.helpers import at, define, dms, tick

CAMILLE, RILEY = "URESFR01", "URES0001"


def enrol(harness: Harness, slack_id: str, name: str, locale: str) -> None:
    harness.slack.add_user(EmulatedUser(id=slack_id, name=name.lower().split()[0], real_name=name,
                                        tz="America/Toronto", locale=locale))
    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(slack_id, name, None, "America/Toronto", locale),
                     profile=ProfileBase(as_mentee=True, program="Médecine interne", stage="PGY-1",
                                          kinds_wanted=["career"]), now=harness.clock.now())


@pytest.fixture
def residents(harness: Harness) -> Harness:
    harness.clock.set(at(2026, 10, 1, 12))
    enrol(harness, CAMILLE, "Camille Tremblay", "fr-CA")
    enrol(harness, RILEY, "Riley Resident", "en-US")
    return harness


def modal_of(harness: Harness, user: str) -> str:
    harness.slack.click(user, "survey_open")
    return json.dumps(harness.slack.wait_for(lambda: harness.slack.open_modal(user)), ensure_ascii=False)


def test_each_resident_reads_the_wellbeing_pulse_in_their_language(residents: Harness) -> None:
    define(residents, {**template_raw("wellbeing-monthly"), "schedule": {"once": "2026-10-06"}})
    tick(residents, at(2026, 10, 6, 16))
    french, english = dms(residents, CAMILLE)[-1], dms(residents, RILEY)[-1]
    assert "Sondage éclair mensuel sur le bien-être" in french and "Quatre questions rapides" in french
    assert "Monthly wellbeing pulse" in english and "Sondage" not in english
    french_modal, english_modal = modal_of(residents, CAMILLE), modal_of(residents, RILEY)
    assert "Je me sens épuisé·e professionnellement à cause de mon travail." in french_modal
    assert "Quelques fois par année ou moins" in french_modal and "Fortement d'accord" in french_modal
    assert "Y a-t-il quelque chose que le programme pourrait faire pour mieux vous soutenir?" in french_modal
    assert "I feel burned out from my work." not in french_modal
    assert "I feel burned out from my work." in english_modal and "A few times a year or less" in english_modal
    assert "Jamais" not in english_modal
    residents.slack.submit_view(CAMILLE, {"q_burnout": "5", "q_depersonalization": "2", "q_supported": "4",
                                          "q_support_idea": "Plus de temps protégé."})

    def stored() -> list[str]:
        with residents.deps.sessions() as session:
            return sorted(a.value for a in session.exec(select(AnonymousAnswer)))

    assert residents.slack.wait_for(stored) == sorted(["5", "2", "4", "Plus de temps protégé."])  # values, not labels


def test_a_choice_question_shows_its_french_options_with_the_same_values(residents: Harness) -> None:
    raw = template_raw("mentee-satisfaction-quarterly")
    define(residents, {**raw, "audience": "mentees", "schedule": {"once": "2026-10-06"}})
    tick(residents, at(2026, 10, 6, 16))
    modal = json.loads(modal_of(residents, CAMILLE))
    meetings = next(b for b in modal["blocks"] if b.get("block_id") == "q_meetings")
    options = meetings["element"]["options"]
    assert [o["text"]["text"] for o in options] == ["Aucune fois", "Une fois", "2 ou 3 fois", "Plus de 3 fois"]
    assert [o["value"] for o in options] == ["not-at-all", "once", "2-3-times", "more-than-3-times"]


def test_every_template_has_a_french_title_intro_and_note_and_marks_unvalidated_translations() -> None:
    for name in template_names():
        raw = template_raw(name)
        french = raw["translations"]["fr"]
        assert french["title"] and french["intro"] and "non validée" in french["note"], name
        definition = parse_survey(raw, priorities=["wellbeing"], timezone="America/Toronto", today=date(2026, 12, 3))
        for question in definition.questions:
            shown = question.shown("fr")
            assert shown.text != question.text, (name, question.key)
            assert "non validée" in (shown.source or ""), (name, question.key)
            if question.type != "text":
                assert [o.label for o in shown.options] != [o.label for o in question.options], (name, question.key)
    mbi = parse_survey(template_raw("wellbeing-monthly"), priorities=["wellbeing"], timezone="America/Toronto",
                       today=date(2026, 12, 3)).questions[0].shown("fr")
    assert "Dion G, Tessier R" in (mbi.source or "") and "Mind Garden" in (mbi.source or "")


def test_a_translation_with_the_wrong_number_of_options_or_an_unknown_language_is_refused() -> None:
    raw = {"title": "T", "schedule": {"once": "2026-12-10"}, "translations": {"de": {"title": "Umfrage"}},
           "questions": [{"type": "single", "text": "Colour?", "options": ["Red", "Blue"],
                          "translations": {"fr": {"text": "Couleur?", "options": ["Rouge"]}}}]}
    with pytest.raises(DefinitionError) as refused:
        parse_survey(raw, priorities=[], timezone="America/Toronto", today=date(2026, 12, 3))
    fields = [problem.field for problem in refused.value.problems]
    assert "translations.de" in fields and "questions[1].translations.fr.options" in fields


def test_a_french_coordinator_reads_every_problem_of_a_survey_definition_in_french_at_its_path() -> None:
    from bot.i18n import speaking

    raw = {"title": "", "colour": "bleu", "questions": [{"type": "likert", "text": "Ça va?", "scale": "agreement9",
                                                         "translations": {"de": {"text": "Gut?"}}}]}
    with speaking("fr"), pytest.raises(DefinitionError) as refused:
        parse_survey(raw, priorities=["wellbeing"], timezone="America/Toronto", today=date(2026, 12, 3))
    found = {problem.field: problem.message for problem in refused.value.problems}
    assert found["title"] == "donnez un titre au sondage (de 1 à 150 caractères)"
    assert found["colour"].startswith("champ inconnu; champs connus\u00a0: key, title,")
    assert found["questions[1].scale"].startswith("échelle inconnue `agreement9`; utilisez l'une de agreement5,")
    assert found["questions[1].translations.de"] == "langue inconnue; utilisez fr"


def test_translation_problems_name_their_own_field_and_a_scale_end_left_out_keeps_its_french() -> None:
    def problems(question: dict) -> dict[str, str]:
        raw = {"title": "T", "schedule": {"once": "2026-12-10"}, "questions": [question]}
        try:
            parse_survey(raw, priorities=[], timezone="America/Toronto", today=date(2026, 12, 3))
        except DefinitionError as refused:
            return {problem.field: problem.message for problem in refused.problems}
        return {}

    too_long = problems({"type": "likert", "text": "Q", "labels": ["a", "b", "c", "d", "e"],
                         "translations": {"fr": {"labels": ["x" * 80, "b", "c", "d", "e"]}}})
    assert list(too_long) == ["questions[1].translations.fr.labels"]
    refused_options = problems({"type": "single", "text": "Q", "options": ["only one"],
                                "translations": {"fr": {"options": ["un seul"]}}})
    assert list(refused_options) == ["questions[1].options"]  # no second, spurious "give 0 labels"

    raw = {"title": "T", "schedule": {"once": "2026-12-10"},
           "questions": [{"type": "scale", "text": "Q", "translations": {"fr": {"low": "Pas du tout", "text": "Q?"}}}]}
    (question,) = parse_survey(raw, priorities=[], timezone="America/Toronto", today=date(2026, 12, 3)).questions
    from bot.i18n import speaking
    from bot.surveys.questions import in_language

    with speaking("fr"):
        labels = [option.label for option in in_language(question, "fr").options]
    assert labels[0] == "Pas du tout" and labels[-1] != "Completely"
