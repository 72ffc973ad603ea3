"""Signed `/mentor` commands in, answers out: a French-speaking resident reads the command answers and the services'
refusals in French (usage, unknown subcommand, coordinator-only, matching, meetings, numbers), while an
English-speaking resident typing the same commands in the same program still reads English."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.emulator import EmulatedUser
from storage.engine import transaction
from storage.queries.people import get_person
from tests.conftest import Harness
from tests.test_matching_http import dms, enrol

FRENCH_MENTEE, ENGLISH_MENTEE, MENTOR = "URESFR09", "URESEN09", "UFACEN09"


@pytest.fixture
def program(harness: Harness) -> Harness:
    harness.slack.add_user(EmulatedUser(id=FRENCH_MENTEE, name="camille", real_name="Camille Tremblay",
                                        tz="America/Montreal", locale="fr-CA"))
    harness.slack.add_user(EmulatedUser(id=ENGLISH_MENTEE, name="riley", real_name="Riley Resident"))
    harness.slack.add_user(EmulatedUser(id=MENTOR, name="okafor", real_name="Dr. Ada Okafor"))
    enrol(harness, FRENCH_MENTEE, "Camille Tremblay", as_mentee=True, stage="PGY-1", kinds_wanted=["research"],
          interests=["cardiology"])
    enrol(harness, ENGLISH_MENTEE, "Riley Resident", as_mentee=True, stage="PGY-1", kinds_wanted=["research"],
          interests=["cardiology"])
    enrol(harness, MENTOR, "Dr. Ada Okafor", as_mentor=True, stage="associate_professor", kinds_offered=["research"],
          expertise=["cardiology"], capacity_total=2)
    with transaction(harness.deps.sessions) as session:  # as the join flow stores it from users.info
        get_person(session=session, slack_user_id=FRENCH_MENTEE).slack_locale = "fr-CA"
    return harness


def answer(harness: Harness, user: str, text: str) -> str:
    response: Any = harness.slack.slash_command(user, "/mentor", text)
    return json.dumps(response.json, ensure_ascii=False)


def test_usage_and_an_unknown_subcommand_are_answered_in_french(program: Harness) -> None:
    usage = answer(program, FRENCH_MENTEE, "find")
    assert "Utilisation\u00a0: `/mentor find <volet>`." in usage and "Usage" not in usage, usage
    unknown = answer(program, FRENCH_MENTEE, "fnd research")
    assert "Je ne connais pas `fnd`." in unknown and "Vouliez-vous dire `/mentor find`?" in unknown
    assert "`/mentor met @personne [AAAA-MM-JJ] [minutes]`\u00a0: consigner une rencontre" in unknown, unknown
    assert "Usage: `/mentor find <kind>`." in answer(program, ENGLISH_MENTEE, "find")


def test_a_coordinator_only_subcommand_is_refused_in_the_readers_language(program: Harness) -> None:
    assert "Désolé, seules les personnes qui coordonnent le programme peuvent faire cela." in answer(
        program, FRENCH_MENTEE, "match")
    assert "Sorry, only program coordinators can do that." in answer(program, ENGLISH_MENTEE, "match")


def test_a_refusal_from_matching_is_said_in_french(program: Harness) -> None:
    slack = program.slack
    shortlist = answer(program, FRENCH_MENTEE, "find research")
    assert "Dr. Ada Okafor" in shortlist
    slack.click(FRENCH_MENTEE, "shortlist_pick", value=f"research:{MENTOR}")
    slack.wait_for(lambda: dms(program, MENTOR))

    again = answer(program, FRENCH_MENTEE, "find research")

    assert "Un mentor est déjà sollicité pour cette demande; je vous écris dès qu'il ou elle répond." in again, again
    unknown_kind = answer(program, FRENCH_MENTEE, "find cooking")
    assert "Utilisation\u00a0: `/mentor find <volet>`." in unknown_kind


def test_meeting_and_number_refusals_are_said_in_french(program: Harness) -> None:
    no_match = answer(program, FRENCH_MENTEE, f"met <@{MENTOR}>")
    assert f"<@{MENTOR}> et vous n'avez aucun jumelage actif." in no_match, no_match
    cadence = answer(program, FRENCH_MENTEE, f"cadence <@{MENTOR}> 1²")
    assert "La fréquence (jours entre les suivis)\u00a0: il faut un nombre entier, écrit avec les chiffres 0 à 9; " \
           "reçu\u00a0: “1²”." in cadence, cadence
    english = answer(program, ENGLISH_MENTEE, f"met <@{MENTOR}>")
    assert f"<@{MENTOR}> and you have no active mentoring match." in english


def test_a_command_too_long_to_read_is_refused_in_french_with_the_numbers_written_the_french_way(
        program: Harness) -> None:
    refused = answer(program, FRENCH_MENTEE, "x" * 5000)
    assert "Cette commande compte 5\u00a0000 caractères; je n'en lis pas plus de 4\u00a0000." in refused, refused


def test_a_coordinator_reads_the_settings_and_their_refusals_in_the_programs_french(program: Harness) -> None:
    assert "`language` is now fr" in answer(program, "UCOORD01", "settings language fr")  # asked in English

    listing = answer(program, "UCOORD01", "settings")

    assert "Paramètres du programme (à modifier avec `/mentor settings <nom> <valeur>`)\u00a0:" in listing, listing
    assert "• `cadence_days` = 30: nombre de jours par défaut entre les suivis des nouveaux jumelages" in listing
    refused = answer(program, "UCOORD01", "settings cadence_days 3")
    assert "`cadence_days`\u00a0: il faut un nombre entier de 7 à 120; reçu\u00a0: 3." in refused, refused
    hours = answer(program, "UCOORD01", "settings working_hours 17:00-09:00")
    assert "`working_hours` doit ressembler à 09:00-17:00 (le début avant la fin)." in hours, hours
    assert "Utilisation\u00a0: `/mentor coordinator [add @personne [PROGRAMME …] | remove @personne]`." in answer(
        program, "UCOORD01", "coordinator add nobody")


def test_a_too_long_text_is_refused_in_french_with_the_columns_limit(program: Harness) -> None:
    topic = "cardiologie " * 10  # 120 characters, 119 once tidied; a topic's column holds 80

    refused = answer(program, FRENCH_MENTEE, f"flash {topic}")

    assert "Un sujet\u00a0: 80 caractères au plus (ce texte en compte 119)." in refused, refused
    assert "A topic can be at most 80 characters (this is 119)." in answer(program, ENGLISH_MENTEE, f"flash {topic}")
