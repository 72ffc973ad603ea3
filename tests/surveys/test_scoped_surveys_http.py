"""Surveys by a program coordinator through signed requests and the emulator: asked only of their programs' people
(said in the summary), another program refused on the modal, other surveys neither listed, read nor changed, the
faculty's survey settings left to faculty-wide coordinators; every refusal audited. Results keep the minimum group
size: a small program is not a way round it."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from bot.emulator import EmulatedUser
from bot.programs import add_program
from storage.queries.audit import audit_events
from storage.tables import OutboxMessage, Survey
from tests.conftest import COORDINATOR, Harness
from tests.surveys.helpers import at, define, dms, tick
from tests.surveys.test_results_http import PULSE, cohort  # noqa: F401 (fixture)

SURGEON = "UCOORDSU"
SMALL_SURVEY = {"title": "Surgery teaching pulse", "kind": "custom", "anonymous": "named", "audience_who": "mentees",
                "questions": "likert: I feel supported in my teaching.", "schedule": "monthly", "open_days": "5",
                "priority": "wellbeing", "level": "reaction"}


@pytest.fixture
def scoped(harness: Harness, cohort: dict[str, list[str]]) -> dict[str, list[str]]:  # noqa: F811
    for name in ("Internal Medicine", "Pediatrics", "Surgery"):
        add_program(sessions=harness.deps.sessions, actor=COORDINATOR, name=name, now=harness.clock.now())
    harness.slack.add_user(EmulatedUser(id=SURGEON, name="surgeon", real_name="Dr. Sam Surgeon"))
    harness.slack.slash_command(COORDINATOR, "/mentor", f"coordinator add <@{SURGEON}> Surgery")
    return cohort


def refusals(harness: Harness) -> list[tuple[str, str]]:
    with harness.deps.sessions() as session:
        return [(e.action, e.target) for e in audit_events(session=session, actor=SURGEON) if e.outcome == "refused"]


def new_survey(harness: Harness, values: dict) -> dict:
    harness.slack.slash_command(SURGEON, "/mentor", "survey new")
    harness.slack.wait_for(lambda: harness.slack.open_modal(SURGEON))
    return harness.slack.submit_view(SURGEON, values).json or {}


def say(harness: Harness, text: str) -> str:
    harness.slack.slash_command(SURGEON, "/mentor", text)
    return harness.slack.ephemerals_to(SURGEON)[-1]["text"]


def test_a_program_coordinators_survey_asks_only_their_programs_people_and_says_so(harness: Harness, scoped) -> None:
    assert not new_survey(harness, SMALL_SURVEY).get("errors")
    created = harness.slack.wait_for(lambda: [t for t in dms(harness, SURGEON) if "is ready" in t])[-1]
    assert "for mentees (only those in Surgery)" in created
    tick(harness, at(2026, 10, 6, 16))
    with harness.deps.sessions() as session:
        asked = {m.recipient for m in session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "survey"))}
    assert asked == set(scoped["Surgery"])


def test_another_program_is_refused_on_the_modal_and_audited(harness: Harness, scoped) -> None:
    errors = new_survey(harness, {**SMALL_SURVEY, "audience_program": "internal medicine"})["errors"]
    assert "internal medicine is not one of the programs you coordinate (Surgery)" in errors["audience_program"]
    assert refusals(harness) == [("survey.create", "internal medicine")]
    with harness.deps.sessions() as session:
        assert not session.exec(select(Survey)).all()


def test_other_surveys_are_not_listed_read_or_changed_and_the_faculty_settings_are_not_theirs(
        harness: Harness, scoped) -> None:
    faculty_survey = define(harness, PULSE)
    assert "Teaching pulse" not in say(harness, "survey list")
    for verb in ("close", "pause"):
        assert "outside the programs you coordinate (Surgery)" in say(harness, f"survey {verb} {faculty_survey}")
    harness.slack.slash_command(SURGEON, "/mentor", f"survey results {faculty_survey}")
    harness.slack.wait_for(lambda: any("outside the programs you coordinate" in t for t in dms(harness, SURGEON)))
    for text in ("survey min-group 9", "survey support Call 811"):
        assert "only faculty-wide coordinators can change it" in say(harness, text)
    target = f"survey:{faculty_survey}"
    assert refusals(harness) == [("survey.close", target), ("survey.pause", target), ("survey.results", target),
                                 ("survey.min_group", "faculty-wide"), ("survey.support", "faculty-wide")]
    with harness.deps.sessions() as session:
        assert session.get(Survey, faculty_survey).status == "active"


def test_a_small_programs_results_keep_the_minimum_group(harness: Harness, scoped) -> None:
    """Surgery has 2 residents, under the minimum group of 5: its own coordinator sees how many answered, never
    the distribution or the mean that would tell them what each of the two said."""
    new_survey(harness, SMALL_SURVEY)
    tick(harness, at(2026, 10, 6, 16))
    for user in scoped["Surgery"]:  # a one-question pulse: one click, "Strongly disagree"
        harness.slack.click(user, "survey_pick_0")
        harness.slack.wait_for(lambda: "Recorded:" in dms(harness, user)[-1])
    before = len(harness.slack.files())
    harness.slack.slash_command(SURGEON, "/mentor", "survey results 1")
    files = harness.slack.wait_for(lambda: harness.slack.files()[before:] if len(harness.slack.files()) > before
                                   else None)
    message = next(m for m in reversed(harness.slack.messages_to(SURGEON)) if "Results:" in json.dumps(m))
    shown = json.dumps(message, ensure_ascii=False) + files[-1]["content"].decode()
    assert "*2 of 2 responded (100%)*" in shown
    assert "Fewer than 5 responses: the answers stay hidden so nobody can be identified." in shown
    assert "Strongly disagree" not in shown and "1.0" not in shown.split("round,section")[1]


def test_renaming_a_program_keeps_its_coordinators_survey_asking_its_people(harness: Harness, scoped) -> None:
    new_survey(harness, SMALL_SURVEY)
    harness.slack.slash_command(COORDINATOR, "/mentor", 'programs rename Surgery "General Surgery"')
    tick(harness, at(2026, 10, 6, 16))
    with harness.deps.sessions() as session:
        asked = {m.recipient for m in session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "survey"))}
    assert asked == set(scoped["Surgery"])
