"""Coordinators' Slack words in their language: the roster import's report with each language's own plurals
(never "1 rows"), and App Home's evaluation headline."""

from __future__ import annotations

import json
import re

from bot.i18n import speaking
from bot.roster import ImportReport
from bot.roster.importing import RowOutcome
from bot.roster.rows import RowError
from handlers.blocks.roster import build_import_report


def report(bad_rows: int, left: int, *, dry_run: bool = False) -> ImportReport:
    outcomes = [RowOutcome(row=2, slack_user_id="U1", action="created")]
    outcomes += [RowOutcome(row=10 + n, slack_user_id=f"ULEFT{n}", action="skipped_left") for n in range(left)]
    errors = [RowError(row=20 + n, column="capacity", reason="not a number") for n in range(bad_rows)]
    return ImportReport(dry_run=dry_run, outcomes=outcomes, errors=errors)


def test_english_counts_rows_and_people_by_their_number() -> None:
    with speaking("en"):
        assert report(1, 0).summary() == "1 created, 0 updated, 0 unchanged; 1 row was skipped with errors."
        assert report(2, 1).summary().startswith("1 created, 0 updated, 0 unchanged; 2 rows were skipped with errors. "
                                                 "1 person who left the program was skipped (ULEFT0;")
        assert report(0, 2, dry_run=True).summary().endswith(
            "0 rows would be skipped with errors. 2 people who left the program would be skipped (ULEFT0, ULEFT1; "
            "add rejoin=yes to bring them back).")


def test_a_french_coordinator_reads_the_report_in_french_with_french_plurals() -> None:
    with speaking("fr"):
        summary = report(0, 0).summary()
        message = json.dumps(build_import_report(report(2, 0)), ensure_ascii=False)
    assert summary == ("créations\u00a0: 1, mises à jour\u00a0: 0, sans changement\u00a0: 0; 0 ligne a été ignorée pour "
                       "cause d'erreurs.")  # French: 0 and 1 are singular
    assert "Liste importée" in message and "2 lignes ont été ignorées" in message and "• ligne 20, `capacity`" in message


def test_a_french_coordinators_home_headline_reads_in_french() -> None:
    from bot.report.indicators import Indicator
    from bot.report.service import Headline
    from handlers.blocks.report import build_headline_blocks

    headline = Headline(coverage=Indicator("network_coverage", "Network coverage", 0.75, "percent"), waiting_mentees=1234,
                        mentees_per_mentor=Indicator("mentees_per_mentor", "Mentees per mentor", 2.5, "ratio"),
                        over_capacity=1, without_mentee=4, open_alerts=2)
    with speaking("fr"):
        text = json.dumps(build_headline_blocks(headline), ensure_ascii=False)
    assert "L'évaluation en ce moment" in text and re.search(r"en attente\u00a0: \*1\s234\*", text), text
    assert "/mentor report [du] [au]" in text


def test_the_agreements_default_clauses_read_in_the_readers_language_and_a_programs_own_wording_as_written() -> None:
    from bot.program_settings import AGREEMENT_TEXTS
    from handlers.blocks.agreements import clause

    no_fault = AGREEMENT_TEXTS["agreement_no_fault"][0]
    with speaking("fr"):
        assert clause(no_fault).startswith("L'une ou l'autre personne peut mettre fin à ce jumelage en tout temps")
        assert clause("Nous nous voyons au café.") == "Nous nous voyons au café."
        assert clause("") == ""  # never gettext's catalog header
    with speaking("en"):
        assert clause(no_fault) == no_fault
