"""`mentorbot demo` plays every chapter against the strict emulator, and Slack refuses nothing."""

from __future__ import annotations

import os

import pytest

from bot.demo import CHAPTERS, run_demo


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgresql"),
                    reason="the demo always runs on its own SQLite file; once per CI run is enough")
def test_every_demo_chapter_plays_with_nothing_refused_by_slack() -> None:
    lines: list[str] = []
    run_demo(echo=lines.append)  # raises DemoRefused at the end of the first chapter with a refusal
    transcript = "\n".join(lines)
    chapter_headings = [line for line in transcript.splitlines() if line[:3].rstrip(". ").isdigit()]
    assert len(chapter_headings) == len(CHAPTERS)
    assert "Demo finished: Slack (the strict emulator) accepted every message, view and reply." in transcript
    # The core loop a lenient emulator hid: the check-in reached Riley and the click was recorded.
    assert "clicks [Yes, we met]" in transcript and "Received, thank you" in transcript
    # Recognition: the program thanks the mentor, who gets a record; the coordinator gets the list as two files.
    assert "clicks [Thank Dr. Okafor]" in transcript and "(file shared: Your mentoring record)" in transcript
    assert "(file shared: Mentor recognition 2026)" in transcript
    assert "(file shared: Mentor recognition 2026 (CSV))" in transcript


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgresql"),
                    reason="the demo always runs on its own SQLite file; once per CI run is enough")
def test_the_french_demo_plays_to_the_end_and_the_coordinators_surfaces_read_in_french() -> None:
    """`mentorbot demo --locale fr`: no chapter may find its way by English words (it crashed on one that did)."""
    lines: list[str] = []
    run_demo(echo=lines.append, locale="fr")
    transcript = "\n".join(lines)
    assert "Démo terminée" in transcript
    for french in ("[fenêtre «\u00a0Nouvelle annonce\u00a0»]", "[fenêtre «\u00a0Vérifier et confirmer\u00a0»]",
                   "== Annonce no 1 ==", "(fichier partagé\u00a0: Votre relevé de mentorat)",
                   "(fichier partagé\u00a0: Reconnaissance des mentors 2026)", "clique sur [Accepter]",
                   "Soumettre mon premier résumé de recherche"):  # the narration, and what its people type
        assert french in transcript, french
    for english in ("New announcement", "Check and confirm", "Announcement #", "Your mentoring record", "Time passes",
                    " types: /mentor", " clicks [", "presses the modal's button", "Submit my first research abstract"):
        assert english not in transcript, english
