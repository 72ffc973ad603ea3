"""`/mentor report` and the coordinator App Home headline, through signed requests and the Slack emulator."""

from __future__ import annotations

import json

from storage.engine import transaction
from tests.conftest import COORDINATOR, Harness
from tests.report.conftest import REPORT_TIME
from tests.report.seed import seed_program

RESIDENT = "URES0001"


def seed(harness: Harness) -> None:
    harness.clock.set(REPORT_TIME)
    with transaction(harness.deps.sessions) as session:
        seed_program(session)


def test_report_posts_a_summary_then_charts_and_the_html_report_to_the_coordinator(harness: Harness) -> None:
    seed(harness)
    result = harness.slack.slash_command(COORDINATOR, "/mentor", "report 2026-09-01 2026-11-30")
    acknowledged = json.dumps(result.json, ensure_ascii=False)
    assert "Building the evaluation report for 1 September 2026 – 30 November 2026" in acknowledged
    files = harness.slack.wait_for(lambda: len(harness.slack.files()) == 6 and harness.slack.files(), timeout=30)
    stem = "mentorbot-report-2026-09-01-to-2026-11-30"
    assert sorted(f["filename"] for f in files) == sorted(
        [f"{stem}-{key}.png" for key in ("activity", "pulse", "coverage", "load", "network")] + [f"{stem}.html"])
    assert {f["channel_id"] for f in files} == {harness.slack.dm_channel_id(COORDINATOR)}
    pngs = [f for f in files if f["filename"].endswith(".png")]
    assert all(f["content"].startswith(b"\x89PNG") for f in pngs)
    html = next(f for f in files if f["filename"].endswith(".html"))["content"].decode()
    assert "Early warnings" in html and "I2 and One" in html  # coordinators get names
    summary = harness.slack.messages_to(COORDINATOR)[0]
    text = json.dumps(summary["blocks"], ensure_ascii=False)
    assert "Evaluation report: 1 September 2026 – 30 November 2026" in text
    assert "coverage 29%" in text and "Quiet pairs: *1*" in text and "Unmet requests: *5*" in text


def test_report_is_for_coordinators_and_bad_dates_get_a_clear_answer(harness: Harness) -> None:
    seed(harness)
    refused = harness.slack.slash_command(RESIDENT, "/mentor", "report")
    assert "coordinator" in json.dumps(refused.json, ensure_ascii=False).lower() and harness.slack.files() == []
    bad = harness.slack.slash_command(COORDINATOR, "/mentor", "report 2026-13-01")
    assert "The `from` date must look like 2026-09-01 (got '2026-13-01')." in json.dumps(bad.json, ensure_ascii=False)
    backwards = harness.slack.slash_command(COORDINATOR, "/mentor", "report 2026-11-01 2026-10-01")
    assert "starts (2026-11-01) after it ends (2026-10-01)" in json.dumps(backwards.json, ensure_ascii=False)
    too_many = harness.slack.slash_command(COORDINATOR, "/mentor", "report 2026-09-01 2026-10-01 2026-11-01")
    assert "Usage: `/mentor report [PROGRAM] [YYYY-MM-DD] [YYYY-MM-DD]`" in json.dumps(too_many.json, ensure_ascii=False)
    assert harness.slack.files() == []


def test_coordinator_home_shows_the_evaluation_headline(harness: Harness) -> None:
    seed(harness)
    harness.slack.open_home(COORDINATOR)
    home = json.dumps(harness.slack.wait_for(lambda: harness.slack.home_view(COORDINATOR)))
    # the stored state now: Late joined after the period (18 mentees, 5 covered); 12 wait, as at the period's end
    assert "Network coverage: *28%*" in home and "mentees waiting: *12*" in home
    assert "Mentors over capacity: *1*" in home and "open early warnings: *1*" in home
    harness.slack.open_home(RESIDENT)
    assert "Evaluation now" not in json.dumps(harness.slack.wait_for(lambda: harness.slack.home_view(RESIDENT)))


def test_a_french_coordinator_reads_the_period_as_a_french_sentence(harness: Harness) -> None:
    from storage.queries.people import get_person

    seed(harness)
    with transaction(harness.deps.sessions) as session:
        get_person(session=session, slack_user_id=COORDINATOR).slack_locale = "fr-CA"
    result = harness.slack.slash_command(COORDINATOR, "/mentor", "report 2026-09-01 2026-11-30")
    acknowledged = json.dumps(result.json, ensure_ascii=False)
    assert "le rapport d'évaluation pour la période du 1er septembre 2026 au 30 novembre 2026 (" in acknowledged
