"""A French-speaking coordinator gets the evaluation report in French: through `/mentor report` (signed request,
files in the emulator), and the report's HTML, CSV headings, charts' captions and numbers rendered with French
conventions; an English coordinator's report is unchanged."""

from __future__ import annotations

import json
from datetime import date

from bot.i18n import speaking
from bot.report.export import report_csv, summary_line
from bot.report.period import Period
from bot.report.render_html import render_html
from bot.report.service import Report, build_report, report_charts, report_for
from storage.engine import SessionFactory, transaction
from storage.queries.people import get_person
from storage.tables import Person
from tests.conftest import COORDINATOR, Harness
from tests.report.conftest import AUTUMN, REPORT_TIME, seeded, seeded_url  # noqa: F401 (the fixtures)
from tests.report.seed import seed_program


def french_report(seeded: tuple[SessionFactory, dict[str, int]]) -> Report:
    sessions, _ = seeded
    with sessions() as session, speaking("fr"):
        return build_report(session=session, period=AUTUMN, now=REPORT_TIME)


def test_the_html_report_reads_in_french(seeded: tuple[SessionFactory, dict[str, int]]) -> None:
    report = french_report(seeded)
    assert report.language == "fr"
    html = render_html(report, [], identified=True)  # rendered outside any language block: the report's own
    assert '<html lang="fr">' in html
    assert "Évaluation du programme de mentorat" in html and "1er septembre 2026 – 30 novembre 2026" in html
    assert "Alertes précoces" in html and "Dyades silencieuses" in html
    assert "aucune rencontre consignée depuis le 15 septembre (76 jours" in html
    assert "Les groupes de moins de 5 personnes ne sont jamais présentés." in html
    assert "Personnes mentorées en attente d&#39;un mentor" in html or "Personnes mentorées en attente d'un mentor" in html
    assert "29\u00a0%" in html  # coverage, written the French way
    body = html.split("Annexe\u00a0: définitions des indicateurs")[0]  # the appendix: the test below
    for english in ("Early warnings", "Quiet pairs", "Mentorship program evaluation", "Groups smaller than"):
        assert english not in body


def test_the_definitions_appendix_reads_in_the_report_language(seeded: tuple[SessionFactory, dict[str, int]]) -> None:
    """The definitions are the docstrings of the code that computes each indicator, translated line by line."""
    french = render_html(french_report(seeded), [], identified=True).split("Annexe\u00a0: définitions des indicateurs")[1]
    assert "<h3>Intrants\u00a0: les personnes et les places de mentorat dont dispose le programme, à la fin.</h3>" in french
    assert "<dt>circle_leaves</dt><dd>personnes ayant quitté un cercle de pairs pendant la période (sans faute," in french
    assert "<h3>Alertes précoces, à la fin de la période.</h3>" in french
    assert "<p>Les indicateurs suivent un modèle logique (intrants, activités, extrants, effets)" in french
    for english in ("Inputs: the people", "people enrolled as mentors", "Early warnings, at the end", "in English",
                    "logic model", "bot/report/"):
        assert english not in french
    sessions, _ = seeded
    with sessions() as session:
        report = build_report(session=session, period=AUTUMN, now=REPORT_TIME)
    english = render_html(report, [], identified=True).split("Appendix: indicator definitions")[1]
    assert "<h3>Inputs: the people and the mentoring places the program has, at the end.</h3>" in english
    assert "<dt>mentors</dt><dd>people enrolled as mentors at the end (those on a pause included).</dd>" in english
    assert "<p>The indicators follow a logic model (inputs, activities, outputs, outcomes)" in english
    assert "Intrants" not in english and "personnes inscrites" not in english


def test_csv_headings_charts_and_the_terminal_line_follow_the_report_language(
        seeded: tuple[SessionFactory, dict[str, int]]) -> None:
    report = french_report(seeded)
    csv = report_csv(report)
    assert csv.splitlines()[0] == "section,indicateur,groupe,valeur,unité,fondé_sur,éclaire,définition"
    assert "\nearly warnings,quiet_pair,,1,count,,,Dyades silencieuses" in csv  # keys stay; labels translate
    assert ",personnes inscrites comme mentors à la fin (y compris celles en pause).\n" in csv  # the definitions too
    assert summary_line(report).startswith("1er septembre 2026 – 30 novembre 2026\u00a0: couverture 29\u00a0%")
    titles = [chart.title for chart in report_charts(report, identified=False)]
    assert titles == ["Activité et portée", "Sondages éclairs", "Couverture par type", "Charge des mentors",
                      "Réseau de mentorat (dépersonnalisé)"]


def test_the_report_is_in_the_language_of_the_coordinator_who_asked(
        seeded: tuple[SessionFactory, dict[str, int]]) -> None:
    sessions, _ = seeded
    with transaction(sessions) as session:
        session.add(Person(slack_user_id="UFRCOORD", display_name="Camille", language="fr", created_at=REPORT_TIME,
                           updated_at=REPORT_TIME))
    with transaction(sessions) as session:
        french = report_for(session=session, period=AUTUMN, now=REPORT_TIME, actor="UFRCOORD")
        english = report_for(session=session, period=AUTUMN, now=REPORT_TIME, actor=COORDINATOR)
    assert (french.language, english.language) == ("fr", "en")
    assert french.outputs.waiting_mentees.label == "Personnes mentorées en attente d'un mentor"
    assert english.outputs.waiting_mentees.label == "Mentees waiting for a mentor"


def test_a_french_coordinator_gets_french_report_files_in_slack(harness: Harness) -> None:
    harness.clock.set(REPORT_TIME)
    with transaction(harness.deps.sessions) as session:
        seed_program(session)
        coordinator = get_person(session=session, slack_user_id=COORDINATOR)
        assert coordinator is not None
        coordinator.language = "fr"  # their own choice, over Slack's and the program's
    harness.slack.slash_command(COORDINATOR, "/mentor", "report 2026-09-01 2026-11-30")
    files = harness.slack.wait_for(lambda: len(harness.slack.files()) == 6 and harness.slack.files(), timeout=30)
    html_file = next(f for f in files if f["filename"].endswith(".html"))
    assert html_file["title"].startswith("Rapport d'évaluation, 1er septembre 2026 – 30 novembre 2026")
    html = html_file["content"].decode()
    assert "Alertes précoces" in html and "I2 et One" in html and "Quiet pairs" not in html
    assert {f["title"] for f in files if f["filename"].endswith(".png")} >= {"Activité et portée", "Réseau de mentorat"}
