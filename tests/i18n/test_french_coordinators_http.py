"""Signed requests in, what the emulator received out: a coordinator whose Slack is in French composes
announcements, creates surveys and reads the evaluation report's summary in French; with Slack in English, the
same requests get English. Recipients still read an announcement's frame in their own language."""

from __future__ import annotations

import json

import pytest

from bot.access import scope_of
from bot.i18n import speaking
from storage.engine import transaction
from storage.queries.people import get_person
from storage.tables import Person
from tests.conftest import COORDINATOR, Harness
from tests.report.conftest import REPORT_TIME
from tests.report.seed import seed_program
from tests.test_broadcasts_http import announcements_to, program, send, status_messages  # noqa: F401 (fixture)


def slack_in_french(harness: Harness) -> None:
    """The coordinator's Slack is set to French, as the join flow or the roster stores it from users.info."""
    with transaction(harness.deps.sessions) as session:
        coordinator = get_person(session=session, slack_user_id=COORDINATOR)
        if coordinator is None:
            coordinator = Person(slack_user_id=COORDINATOR, display_name="Camille Coordonnatrice",
                                 created_at=harness.clock.now(), updated_at=harness.clock.now())
        coordinator.slack_locale = "fr-CA"
        session.add(coordinator)


def seen(harness: Harness) -> str:
    return json.dumps(harness.slack.messages_to(COORDINATOR), ensure_ascii=False)


def open_modal(harness: Harness, command: str) -> str:
    harness.slack.slash_command(COORDINATOR, "/mentor", command)
    return json.dumps(harness.slack.wait_for(lambda: harness.slack.open_modal(COORDINATOR)), ensure_ascii=False)


@pytest.mark.parametrize("french", [False, True], ids=["english", "french"])
def test_the_announcement_composer_preview_and_status_follow_the_coordinators_language(program: Harness,
                                                                                      french: bool) -> None:
    if french:
        slack_in_french(program)
    modal = open_modal(program, "announce")
    refused = program.slack.submit_view(COORDINATOR, {"audience": "people", "message": "Bonjour", "links": ""}).json
    pushed = program.slack.submit_view(COORDINATOR, {"audience": "everyone", "message": "Journée de la recherche."})
    assert (pushed.json or {}).get("response_action") == "push", pushed.body  # the same modal, corrected
    preview = program.slack.open_modal(COORDINATOR) or {}
    program.slack.submit_view(COORDINATOR)  # confirm
    program.slack.wait_for(lambda: status_messages(program.slack))
    send(program)
    send(program)  # the summary follows on the next tick
    if french:
        assert "Nouvelle annonce" in modal and "À qui s'adresse-t-elle?" in modal
        assert "Toutes les personnes mentorées" in modal and "Envoyer maintenant" in modal and "Who is it for" not in modal
        assert refused["errors"] == {"people": "Choisissez au moins une personne (ou un autre public)."}
        assert preview["title"]["text"] == "Vérifier et confirmer" and preview["submit"]["text"] == "Envoyer à 4 personnes"
        assert "*Chaque destinataire verra exactement ceci :*" in json.dumps(preview, ensure_ascii=False)
        assert "Annonce no 1" in seen(program) and "Terminée — *4 envoyées*" in seen(program)
        assert "L'annonce no 1 à toutes les personnes du programme est terminée : 4 remises, 0 non remise." in seen(program)
        assert "Announcement #1" not in seen(program)
    else:
        assert "New announcement" in modal and "Who is it for?" in modal and "Nouvelle annonce" not in modal
        assert refused["errors"] == {"people": "Pick at least one person (or another audience)."}
        assert preview["title"]["text"] == "Check and confirm" and preview["submit"]["text"] == "Send to 4 people"
        assert "Announcement #1" in seen(program) and "Done: *4 sent*" in seen(program)
        assert "has finished: 4 delivered, 0 not delivered" in seen(program)
    received = json.dumps(announcements_to(program.slack, "URES0001"), ensure_ascii=False)
    assert "An announcement from" in received  # the resident's Slack is in English, whoever wrote it


@pytest.mark.parametrize("french", [False, True], ids=["english", "french"])
def test_the_survey_admin_modal_list_and_ready_message_follow_the_coordinators_language(harness: Harness,
                                                                                       french: bool) -> None:
    if french:
        slack_in_french(harness)
    modal = open_modal(harness, "survey new")
    created = harness.slack.submit_view(COORDINATOR, {
        "title": "Pouls de l'enseignement", "kind": "custom", "anonymous": "named", "audience_who": "mentees",
        "questions": "likert: J'ai le temps d'enseigner.", "schedule": "weekly"})
    assert created.status == 200 and not (created.json or {}).get("errors"), created.body
    ready = harness.slack.wait_for(lambda: [t for t in json.loads(seen(harness)) if "“Pouls" in json.dumps(t, ensure_ascii=False)
                                            or "« Pouls" in json.dumps(t, ensure_ascii=False)])
    listed = json.dumps(harness.slack.slash_command(COORDINATOR, "/mentor", "survey list").json, ensure_ascii=False)
    ready_text = json.dumps(ready[-1], ensure_ascii=False)
    if french:
        assert "Nouveau sondage éclair" in modal and "Chaque semaine, le lundi" in modal
        assert "Sondage éclair sur le bien-être" in modal and "Anonyme : les réponses" in modal
        assert "New pulse survey" not in modal and "Weekly, on Mondays" not in modal
        assert "Le sondage no 1 « Pouls de l'enseignement » est prêt : 1 question, nominatif" in ready_text
        assert "Sondages éclairs" in listed and "(actif, nominatif)" in listed and "aucune vague pour l'instant" in listed
    else:
        assert "New pulse survey" in modal and "Weekly, on Mondays" in modal and "Nouveau sondage" not in modal
        assert "Survey #1 “Pouls de l'enseignement” is ready: 1 question, named" in ready_text
        assert "Pulse surveys" in listed and "(active, named)" in listed and "no rounds yet" in listed


@pytest.mark.parametrize("french", [False, True], ids=["english", "french"])
def test_the_report_summary_follows_the_coordinators_language(harness: Harness, french: bool) -> None:
    harness.clock.set(REPORT_TIME)
    with transaction(harness.deps.sessions) as session:
        seed_program(session)
    if french:
        slack_in_french(harness)
    harness.slack.slash_command(COORDINATOR, "/mentor", "report 2026-09-01 2026-11-30")
    summary = harness.slack.wait_for(lambda: [m for m in json.loads(seen(harness))
                                              if m.get("blocks") and m["blocks"][0]["type"] == "header"],
                                     timeout=30)[-1]  # the report is computed and charted first
    text = json.dumps(summary, ensure_ascii=False)
    if french:
        assert summary["blocks"][0]["text"]["text"].startswith("Rapport d'évaluation : 1er septembre 2026")
        for words in ("*Intrants* :", "personnes mentorées (ratio 1:", "*Activités* :", "*Cercles de pairs* :",
                      "*Alertes précoces* (les noms figurent dans le rapport HTML)", "Les groupes de moins de"):
            assert words in text, words
        assert "*Inputs*" not in text and "mentees (ratio" not in text
    else:
        assert summary["blocks"][0]["text"]["text"].startswith("Evaluation report: 1 September 2026")
        for words in ("*Inputs*:", "mentees (ratio 1:", "*Activities*:", "*Peer circles*:",
                      "*Early warnings* (names in the HTML report)", "Groups under"):
            assert words in text, words


def test_a_faculty_wide_coordinators_home_reads_in_french_when_refreshed_from_someone_elses_click(
        harness: Harness) -> None:
    slack_in_french(harness)
    with transaction(harness.deps.sessions) as session:
        assert scope_of(session=session, slack_user_id=COORDINATOR).faculty_wide
    with speaking("en"):  # the language of the moment: another person's click, or a job
        harness.deps.notifier.refresh_home(COORDINATOR)
    home = json.dumps(harness.slack.home_view(COORDINATOR), ensure_ascii=False)
    assert "Toute la faculté" in home and "Faculty-wide" not in home
