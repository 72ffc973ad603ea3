"""Each person reads mentorbot in their language: Slack's locale, their own choice, else the program's."""

from __future__ import annotations

import json
from datetime import date

from bot.emulator import EmulatedUser
from bot.i18n import _, format_count, format_day, format_list, speaking, translations
from slack_sdk import WebClient

from bot.i18n.choice import language_from_locale, language_of, speaking_to
from bot.program_settings import change_setting
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from handlers.slack_users import slack_identity
from tests.conftest import Harness

FRENCH = "URESFR01"
ENGLISH = "URES0001"


def enrol(harness: Harness, slack_id: str, locale: str | None) -> None:
    if slack_id not in {user.id for user in harness.slack.users()}:
        harness.slack.add_user(EmulatedUser(id=slack_id, name=slack_id.lower(), real_name=slack_id,
                                            tz="America/Montreal", locale=locale or "en-US"))
    with harness.deps.sessions() as session:
        save_profile(session=session, who=SlackIdentity(slack_id, slack_id, None, "America/Montreal", locale),
                     profile=ProfileBase(as_mentee=True, program="Médecine familiale", stage="pgy1",
                                          kinds_wanted=["career"], meeting_mode="either", cadence_days=30),
                     now=harness.clock.now())
        session.commit()


def test_plural_forms_follow_each_language() -> None:
    with speaking("en"):
        assert [format_count("{n} alert", "{n} alerts", n) for n in (0, 1, 2)] == ["0 alerts", "1 alert", "2 alerts"]
    assert [translations("fr").plural(n) for n in (0, 1, 2)] == [0, 0, 1]  # French: 0 and 1 are singular
    with speaking("fr"):
        assert format_list(["a", "b", "c"]) == "a, b et c"
        assert format_day(date(2026, 12, 3)) == "jeudi 3 décembre"


def test_slack_locales_map_to_languages_mentorbot_speaks() -> None:
    assert [language_from_locale(code) for code in ("fr-CA", "fr_FR", "en-US", "es-ES", None, "")] == [
        "fr", "fr", "en", None, None, None]


def test_a_french_person_gets_french_help_and_an_english_one_english(harness: Harness) -> None:
    enrol(harness, FRENCH, "fr-CA")
    enrol(harness, ENGLISH, "en-US")
    harness.slack.slash_command(FRENCH, "/mentor", "help")
    harness.slack.slash_command(ENGLISH, "/mentor", "help")
    (french,) = [json.dumps(m, ensure_ascii=False) for m in harness.slack.ephemerals_to(FRENCH)]
    (english,) = [json.dumps(m, ensure_ascii=False) for m in harness.slack.ephemerals_to(ENGLISH)]
    assert "Voici ce que vous pouvez faire avec mentorbot" in french
    assert "ce que vous pouvez faire ici" in french
    assert "Here is what you can do with mentorbot" in english and "Voici" not in english


def test_the_profile_choice_wins_over_slack_and_the_program_default_covers_the_rest(harness: Harness) -> None:
    enrol(harness, FRENCH, "fr-CA")
    enrol(harness, ENGLISH, "es-ES")  # Slack in a language mentorbot does not speak
    with harness.deps.sessions() as session:
        assert (language_of(session, FRENCH), language_of(session, ENGLISH)) == ("fr", "en")
        change_setting(session=session, key="language", text="fr", actor="UCOORD01", now=harness.clock.now())
        session.commit()
        assert language_of(session, ENGLISH) == "fr"
        assert language_of(session, "UNKNOWN1") == "fr"
        person = __import__("storage.queries.people", fromlist=["get_person"]).get_person(
            session=session, slack_user_id=FRENCH)
        person.language = "en"
        session.commit()
        assert language_of(session, FRENCH) == "en"
        with speaking_to(session, f"{FRENCH},{ENGLISH}"):  # a group DM: the program's language
            assert _("mentorbot commands") == "Commandes de mentorbot"


def test_slack_gives_the_locale_only_when_asked_and_it_is_stored(harness: Harness) -> None:
    harness.slack.add_user(EmulatedUser(id=FRENCH, name="camille", real_name="Camille Tremblay", tz="America/Montreal",
                                        locale="fr-CA"))
    client = WebClient(token="xoxb-test-token", base_url=harness.slack.api_url.rstrip("/") + "/")
    assert "locale" not in client.users_info(user=FRENCH)["user"]
    assert client.users_info(user=FRENCH, include_locale=True)["user"]["locale"] == "fr-CA"
    assert slack_identity(client, FRENCH, "America/Edmonton").locale == "fr-CA"


def test_a_matchs_stored_reasons_are_said_again_in_the_readers_language() -> None:
    from handlers.blocks.reasons import reason_words

    stored = ["both interested in cardiology", "same program (Internal Medicine)", "near-peer, 1 year ahead",
              "9 years ahead", "an associate professor, well ahead in their career",
              "senior faculty (professor)"]
    with speaking("en"):
        assert [reason_words(reason) for reason in stored] == stored
    with speaking("fr"):
        assert [reason_words(reason) for reason in stored] == [
            "intérêts communs\u00a0: cardiology", "même programme (Internal Medicine)", "pair proche, 1 an d'avance",
            "9 ans d'avance", "professeur·e agrégé·e, bien avancé·e dans sa carrière",
            "membre chevronné du corps professoral (professeur·e titulaire)"]


def test_the_check_in_question_names_its_period_as_french_says_it() -> None:
    """The period is one whole phrase with its preposition: French adjectives agree with it and go before the noun."""
    from bot.checkins import met_question

    with speaking("fr"):
        asked = [met_question("mentee", "Dre Lee", 2, days) for days in (7, 14, 30, 1)]
    assert asked == ["Avez-vous rencontré Dre Lee au cours de la dernière semaine?",
                     "Avez-vous rencontré Dre Lee au cours des deux dernières semaines?",
                     "Avez-vous rencontré Dre Lee au cours des 30 derniers jours?",
                     "Avez-vous rencontré Dre Lee au cours du dernier jour?"]


def test_a_label_and_its_text_are_punctuated_as_each_language_does() -> None:
    """French puts a non-breaking space before a colon; English does not (the help list, App Home's lines)."""
    from bot.commands import SUBCOMMANDS
    from bot.i18n import labelled
    from handlers.blocks.help import build_help_message

    def help_text(language: str) -> str:
        with speaking(language):
            return json.dumps(build_help_message(list(SUBCOMMANDS[:3]), enrolled=True), ensure_ascii=False)

    assert "`: " in help_text("en") and "`\u00a0: " not in help_text("en")
    assert "`\u00a0: " in help_text("fr") and "`: " not in help_text("fr")
    with speaking("fr"):
        assert labelled("*Carrière*", "Dre Okafor") == "*Carrière*\u00a0: Dre Okafor"
