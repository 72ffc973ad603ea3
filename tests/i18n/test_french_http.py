"""Signed requests in, messages out: each person reads mentorbot in their own language, in the same program.

Riley (Slack in English) asks a French-speaking mentor (Slack in fr-CA); the mentor's consent request arrives in
French, Riley's "a mentor is being asked" in English; the pair's group DM speaks the program's language; a person's
own choice in the profile wins over Slack's.
"""

from __future__ import annotations

import json

import pytest

from bot.emulator import EmulatedUser
from storage.engine import transaction
from storage.queries.people import get_person
from tests.conftest import Harness
from tests.test_matching_http import dms, enrol

MENTEE, FRENCH_MENTOR = "URES0001", "UFACFR01"


@pytest.fixture
def program(harness: Harness) -> Harness:
    harness.slack.add_user(EmulatedUser(id=FRENCH_MENTOR, name="gagnon", real_name="Dre Isabelle Gagnon",
                                        tz="America/Montreal", locale="fr-CA"))
    enrol(harness, MENTEE, "Riley Resident", as_mentee=True, stage="PGY-1", kinds_wanted=["research"],
          interests=["cardiology"])
    enrol(harness, FRENCH_MENTOR, "Dre Isabelle Gagnon", as_mentor=True, stage="associate_professor",
          kinds_offered=["research"], expertise=["cardiology"], capacity_total=2)
    with transaction(harness.deps.sessions) as session:  # as the join flow stores it from users.info
        get_person(session=session, slack_user_id=FRENCH_MENTOR).slack_locale = "fr-CA"
    return harness


def test_the_french_mentor_is_asked_in_french_and_the_english_mentee_told_in_english(program: Harness) -> None:
    slack = program.slack
    slack.slash_command(MENTEE, "/mentor", "find research")
    assert "Your best research mentors right now" in json.dumps(slack.ephemerals_to(MENTEE)[-1])
    slack.click(MENTEE, "shortlist_pick", value=f"research:{FRENCH_MENTOR}")
    asked = slack.wait_for(lambda: dms(program, FRENCH_MENTOR))[-1]
    assert "Accepteriez-vous d'être le mentor de *Riley Resident*" in asked and "pour le volet *recherche*" in asked
    assert "intérêts communs" in asked and "Would you" not in asked
    assert '"text": "Accepter"' in asked and '"text": "Refuser"' in asked
    slack.wait_for(lambda: any("I've asked Dre Isabelle Gagnon to be your research mentor" in json.dumps(r)
                               for r in slack.responses()))
    slack.click(FRENCH_MENTOR, "consent_accept")
    answered = slack.wait_for(lambda: [t for t in dms(program, FRENCH_MENTOR) if "Vous avez accepté" in t])
    assert "je vous ai présenté·e à Riley Resident" in answered[-1]
    intro = slack.wait_for(lambda: [json.dumps(c.params, ensure_ascii=False) for c in slack.calls("chat.postMessage")
                                    if "intro_met" in json.dumps(c.params)])[-1]
    assert "Meet your research mentoring partner" in intro  # a group DM: the program's language (English)


def test_a_group_dm_speaks_the_programs_language(program: Harness) -> None:
    slack = program.slack
    program.slack.slash_command("UCOORD01", "/mentor", "settings language fr")
    slack.slash_command(MENTEE, "/mentor", "find research")
    slack.click(MENTEE, "shortlist_pick", value=f"research:{FRENCH_MENTOR}")
    slack.wait_for(lambda: dms(program, FRENCH_MENTOR))
    slack.click(FRENCH_MENTOR, "consent_accept")
    intro = slack.wait_for(lambda: [json.dumps(c.params, ensure_ascii=False) for c in slack.calls("chat.postMessage")
                                    if "intro_met" in json.dumps(c.params)])[-1]
    assert "Faites connaissance avec votre partenaire de mentorat (volet recherche)" in intro
    assert "Première rencontre suggérée" in intro


def test_the_profile_choice_wins_over_slacks_language(program: Harness) -> None:
    slack = program.slack
    slack.slash_command(FRENCH_MENTOR, "/mentor", "profile")
    modal = json.dumps(slack.wait_for(lambda: slack.open_modal(FRENCH_MENTOR)), ensure_ascii=False)
    assert "Votre profil de mentorat" in modal and "La langue de mon Slack" in modal
    slack.submit_view(FRENCH_MENTOR, {"language": "en"})
    slack.wait_for(lambda: [t for t in dms(program, FRENCH_MENTOR) if "Your profile is saved" in t])
    with program.deps.sessions() as session:
        assert get_person(session=session, slack_user_id=FRENCH_MENTOR).language == "en"
    slack.slash_command(FRENCH_MENTOR, "/mentor", "help")
    assert "Here is what you can do with mentorbot" in json.dumps(slack.ephemerals_to(FRENCH_MENTOR)[-1])


def test_joining_stores_the_slack_language_asked_for_with_include_locale(harness: Harness) -> None:
    harness.slack.add_user(EmulatedUser(id="URESFR02", name="camille", real_name="Camille Tremblay",
                                        tz="America/Montreal", locale="fr-CA"))
    harness.slack.slash_command("URESFR02", "/mentor", "join")
    modal = json.dumps(harness.slack.wait_for(lambda: harness.slack.open_modal("URESFR02")), ensure_ascii=False)
    assert "Join the program" in modal  # not enrolled yet: the program's language until Slack has said
    harness.slack.submit_view("URESFR02", {"roles": ["mentee"], "program": "Médecine familiale", "stage": "PGY-1",
                                           "kinds_wanted": ["career"]})
    saved = harness.slack.wait_for(lambda: [json.dumps(m, ensure_ascii=False) for m in
                                            harness.slack.messages_to("URESFR02") if "profil" in json.dumps(m)])
    assert "Votre profil est enregistré" in saved[-1]  # said in the language Slack gave for the person
    with harness.deps.sessions() as session:
        assert get_person(session=session, slack_user_id="URESFR02").slack_locale == "fr-CA"
    harness.slack.slash_command("URESFR02", "/mentor", "help")
    assert "Voici ce que vous pouvez faire avec mentorbot" in json.dumps(harness.slack.ephemerals_to("URESFR02")[-1],
                                                                          ensure_ascii=False)


def test_a_french_mentor_logging_a_meeting_is_answered_in_french(program: Harness) -> None:
    slack = program.slack
    slack.slash_command(MENTEE, "/mentor", "find research")
    slack.click(MENTEE, "shortlist_pick", value=f"research:{FRENCH_MENTOR}")
    slack.wait_for(lambda: dms(program, FRENCH_MENTOR))
    slack.click(FRENCH_MENTOR, "consent_accept")
    slack.wait_for(lambda: [t for t in dms(program, FRENCH_MENTOR) if "Vous avez accepté" in t])

    answer = slack.slash_command(FRENCH_MENTOR, "/mentor", f"met <@{MENTEE}>")

    text = json.dumps(answer.json, ensure_ascii=False)
    assert f"Rencontre avec <@{MENTEE}> notée" in text and "Merci" in text, text
