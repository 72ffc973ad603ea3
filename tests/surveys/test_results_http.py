"""Results in Slack and from the CLI: response rate, distributions, means and change, a chart and a CSV,
with small groups suppressed, including the complementary suppression that protects them from subtraction."""

from __future__ import annotations

import csv
import io
import json

from collections import Counter

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import cli
from storage.tables import AnonymousResponse
from tests.conftest import BOT_TOKEN, COORDINATOR, SIGNING_SECRET, Harness, delivered
from tests.surveys.helpers import EDMONTON, at, define, dms, enrol, tick

PULSE = {
    "key": "teaching", "title": "Teaching pulse", "anonymous": True, "audience": "mentees",
    "schedule": {"cron": {"day": "1st tue"}, "open_days": 5, "reminder_after_days": 2},
    "questions": [{"key": "supported", "type": "likert", "text": "I feel supported in my teaching."},
                  {"key": "idea", "type": "text", "text": "One thing to change?"}],
}
PROGRAMS = {"Internal Medicine": 6, "Pediatrics": 5, "Surgery": 2}


@pytest.fixture
def cohort(harness: Harness) -> dict[str, list[str]]:
    harness.clock.set(at(2026, 10, 1, 12))
    people: dict[str, list[str]] = {}
    for program, count in PROGRAMS.items():
        people[program] = [f"U{program[:3].upper()}{n:05d}" for n in range(count)]
        for slack_id in people[program]:
            enrol(harness, slack_id, f"Resident {slack_id}", program=program)
    return people


def answer(harness: Harness, user: str, supported: str, idea: str | None = None) -> None:
    harness.slack.click(user, "survey_open")
    harness.slack.wait_for(lambda: harness.slack.open_modal(user))
    harness.slack.submit_view(user, {"q_supported": supported, **({"q_idea": idea} if idea else {})})
    harness.slack.wait_for(lambda: "your answers are recorded" in dms(harness, user)[-1])


def results_in_slack(harness: Harness, *args: str) -> tuple[str, list[dict]]:
    before = len(harness.slack.files())
    harness.slack.slash_command(COORDINATOR, "/mentor", " ".join(("survey", "results", *args)))
    harness.slack.wait_for(lambda: len(harness.slack.files()) > before)
    delivered(harness)
    files = harness.slack.files()[before:]
    message = next(m for m in reversed(harness.slack.messages_to(COORDINATOR)) if "Results:" in json.dumps(m))
    texts = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    return "\n".join(texts), files


def answer_by_program(harness: Harness, cohort: dict[str, list[str]]) -> None:
    scores = {"Internal Medicine": "5", "Pediatrics": "3", "Surgery": "1"}
    for program, users in cohort.items():
        for position, user in enumerate(users):
            answer(harness, user, scores[program], idea=f"Idea {position} from {program}" if position < 2 else None)


def breakdown_rows(files: list[dict]) -> dict[str, tuple[str, str, str]]:
    rows = csv.DictReader(io.StringIO(files[-1]["content"].decode()))
    return {r["group"]: (r["count"], r["mean"], r["note"]) for r in rows if r["section"] == "breakdown"}


def test_named_results_hide_a_small_group_and_its_complement(harness: Harness, cohort) -> None:
    define(harness, {**PULSE, "anonymous": False})
    tick(harness, at(2026, 10, 6, 16))
    answer_by_program(harness, cohort)
    message, files = results_in_slack(harness, "1")  # named rounds show results while open
    # Surgery (2) is under 5; Pediatrics (5) is hidden too, or Surgery = total - Internal Medicine - Pediatrics.
    assert ("By program: Internal Medicine 5.00 (n=6) · 2 groups hidden (Pediatrics and Surgery): fewer than 5 "
            "answered in one of them, and the other is hidden too so it can't be worked out from the total.") in message
    assert breakdown_rows(files) == {"Internal Medicine": ("6", "5.0", ""),
                                     "Pediatrics": ("", "", "hidden: protects a small group"),
                                     "Surgery": ("", "", "hidden: protects a small group")}


def test_anonymous_results_with_chart_csv_trend_and_small_groups_not_even_kept(harness: Harness, cohort) -> None:
    define(harness, PULSE)
    tick(harness, at(2026, 10, 6, 16))
    for user in cohort["Internal Medicine"][:5]:  # round 1: five answers, all "Agree"
        answer(harness, user, "4")
    tick(harness, at(2026, 10, 11, 12))  # round 1 closed
    tick(harness, at(2026, 11, 3, 16))  # round 2 opens on the first Tuesday of November
    answer_by_program(harness, cohort)
    harness.slack.slash_command(COORDINATOR, "/mentor", "survey results 1")
    assert "shown once the round closes" in harness.slack.wait_for(
        lambda: [t for t in dms(harness, COORDINATOR) if "Results: Teaching pulse" in t])[-1]
    tick(harness, at(2026, 11, 8, 12))  # round 2 closed

    message, files = results_in_slack(harness, "1")
    assert "13 of 13 responded (100%)" in message
    assert "mean *3.62*" in message and "▼ 0.38 since the last round" in message
    # At the close, Surgery (2) and, complementarily, Pediatrics (5) were not kept with the anonymous answers:
    assert "By program: (small or unstated groups) 2.43 (n=7) · Internal Medicine 5.00 (n=6)" in message
    with harness.deps.sessions() as session:
        kept = Counter(r.program for r in session.exec(select(AnonymousResponse).where(AnonymousResponse.round_id == 2)))
    assert kept == {"Internal Medicine": 6, None: 7}
    assert "• Idea 0 from Internal Medicine\n• Idea 0 from Pediatrics" in message  # listed apart from any group
    assert [f["filename"] for f in files] == ["survey-1-round-2.png", "survey-1-round-2.csv"]
    assert files[0]["content"].startswith(b"\x89PNG")
    rows = list(csv.DictReader(io.StringIO(files[1]["content"].decode())))
    assert breakdown_rows(files) == {"Internal Medicine": ("6", "5.0", ""), "(small or unstated groups)": ("7", "2.43", "")}
    assert {(r["round"], r["mean"]) for r in rows if r["section"] == "trend"} == {("1", "4.0"), ("2", "3.62")}
    assert [r["label"] for r in rows if r["section"] == "free text"] == [
        "Idea 0 from Internal Medicine", "Idea 0 from Pediatrics", "Idea 0 from Surgery", "Idea 1 from Internal Medicine",
        "Idea 1 from Pediatrics", "Idea 1 from Surgery"]  # alphabetical, with no attributes beside them


def test_a_round_with_fewer_than_five_answers_shows_only_its_response_rate(harness: Harness, cohort) -> None:
    define(harness, PULSE)
    tick(harness, at(2026, 10, 6, 16))
    for user in cohort["Surgery"] + cohort["Pediatrics"][:2]:
        answer(harness, user, "2", idea="Too few to show")
    tick(harness, at(2026, 10, 11, 12))
    message, files = results_in_slack(harness, "1", "1")
    assert "4 of 13 responded" in message and "Fewer than 5 responses" in message
    assert "Too few to show" not in message and "I feel supported" not in message
    assert [f["filename"] for f in files] == ["survey-1-round-1.csv"]  # nothing to chart
    assert b"Too few to show" not in files[0]["content"]


def test_cli_exports_results_as_csv_and_json(harness: Harness, cohort) -> None:
    define(harness, PULSE)
    tick(harness, at(2026, 10, 6, 16))
    for user in cohort["Internal Medicine"]:
        answer(harness, user, "5")
    tick(harness, at(2026, 10, 11, 6, 0, EDMONTON))
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": harness.slack.api_url, "DATABASE_URL": harness.settings.database_url}

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["survey", "results", *args], env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    as_csv = list(csv.DictReader(io.StringIO(run("1", "--format", "csv"))))
    assert {"section": "responses", "option": "responded", "count": "6"}.items() <= as_csv[1].items()
    data = json.loads(run("1", "--format", "json"))
    assert (data["responded"], data["minimum_group"], data["questions"][0]["mean"]) == (6, 5, 5.0)
    assert data["questions"][1]["hidden"] == "fewer than 5 answers"  # nobody wrote free text
    wrong = CliRunner().invoke(cli, ["survey", "results", "1", "--round", "7"], env=env)
    assert wrong.exit_code == 1 and "there is no round 7" in wrong.output


def test_programs_of_5_5_and_2_hide_the_2_and_one_5_not_the_whole_breakdown(harness: Harness) -> None:
    # Issue 13 point 10. Stages differ within a program, so the stored answers must also be k-anonymous on
    # (program, stage): the old greedy rule blanked every program and the text said no program had 5.
    harness.clock.set(at(2026, 10, 1, 12))
    cohort = {"Internal Medicine": [], "Pediatrics": [], "Surgery": []}
    for program, stage, count in [("Internal Medicine", "PGY-1", 3), ("Internal Medicine", "PGY-2", 2),
                                  ("Pediatrics", "PGY-2", 5), ("Surgery", "PGY-3", 2)]:
        for n in range(count):
            slack_id = f"U{program[:3].upper()}{stage[-1]}{n:04d}"
            enrol(harness, slack_id, f"Resident {slack_id}", program=program, stage=stage)
            cohort[program].append(slack_id)
    define(harness, PULSE)
    tick(harness, at(2026, 10, 6, 16))
    answer_by_program(harness, cohort)
    tick(harness, at(2026, 10, 11, 12))  # closed: the stored answers are generalised
    message, files = results_in_slack(harness, "1")
    assert "By program: (small or unstated groups) 3.86 (n=7) · Pediatrics 3.00 (n=5)" in message
    with harness.deps.sessions() as session:
        kept = Counter((r.program, r.stage) for r in session.exec(select(AnonymousResponse)))
    assert kept == {("Pediatrics", "PGY-2"): 5, (None, None): 7}
    assert "Not broken down" not in json.dumps(harness.slack.messages_to(COORDINATOR))  # it was said, falsely
