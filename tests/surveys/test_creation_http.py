"""Coordinators create surveys in Slack (a modal) or from a file (`mentorbot survey load`), and manage them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import cli
from storage.engine import make_engine, session_factory
from storage.queries.audit import audit_events
from storage.tables import Survey, SurveyQuestion
from tests.conftest import BOT_TOKEN, COORDINATOR, SIGNING_SECRET, Harness
from tests.surveys.helpers import at, dms, enrol

RILEY = "URES0001"


@pytest.fixture
def ready(harness: Harness) -> Harness:
    harness.clock.set(at(2026, 10, 1, 18))
    enrol(harness, RILEY, "Riley Resident", tz="America/Toronto")
    return harness


def open_new_survey_modal(harness: Harness) -> dict:
    harness.slack.slash_command(COORDINATOR, "/mentor", "survey new")
    return harness.slack.wait_for(lambda: harness.slack.open_modal(COORDINATOR))


def test_survey_from_the_modal_with_inline_errors_then_created(ready: Harness) -> None:
    modal = open_new_survey_modal(ready)
    assert modal["title"]["text"] == "New pulse survey"
    bad = ready.slack.submit_view(COORDINATOR, {
        "title": "Teaching load pulse", "questions": "likert: I have time to teach.\nranking: Order these",
        "schedule": "custom", "cron": "0 9 * * funday"})
    errors = bad.json["errors"]
    assert "line 2: start with a type and a colon" in errors["questions"]
    assert "not a valid schedule" in errors["cron"]
    good = ready.slack.submit_view(COORDINATOR, {
        "title": "Teaching load pulse", "kind": "custom", "anonymous": "named", "audience_who": "mentees",
        "questions": "likert: I have time to teach.\nsingle: Busiest month? | July | January | Never busy\n"
                     "text: Anything else?",
        "schedule": "monthly", "open_days": "5", "priority": "wellbeing", "level": "reaction"})
    assert good.status == 200 and not (good.json or {}).get("errors")
    created = ready.slack.wait_for(lambda: [t for t in dms(ready, COORDINATOR) if "is ready" in t])[-1]
    assert "Survey #1 “Teaching load pulse” is ready: 3 questions, named, for mentees" in created
    assert "First round: Tuesday, October 6, 2026" in created  # the first Tuesday of a month, from today on
    with ready.deps.sessions() as session:
        questions = session.exec(select(SurveyQuestion).order_by(SurveyQuestion.position)).all()
        assert [(q.kind, q.priority, q.level) for q in questions] == [("likert", "wellbeing", "reaction")] * 1 + [
            ("single", "wellbeing", "reaction"), ("text", "wellbeing", "reaction")]
        assert [o["label"] for o in questions[0].options][0] == "Strongly disagree"
        assert [e.action for e in audit_events(session=session, actor=COORDINATOR)] == ["survey.create"]


def test_modal_can_start_from_a_template_twice(ready: Harness) -> None:
    for _ in range(2):
        open_new_survey_modal(ready)
        ready.slack.submit_view(COORDINATOR, {"template": "wellbeing-monthly"})
    ready.slack.wait_for(lambda: len([t for t in dms(ready, COORDINATOR) if "is ready" in t]) == 2)
    with ready.deps.sessions() as session:
        keys = [s.key for s in session.exec(select(Survey))]
    assert keys == ["wellbeing-monthly", "wellbeing-monthly-2"]


def test_survey_commands_are_for_coordinators_only(ready: Harness) -> None:
    ready.slack.slash_command(RILEY, "/mentor", "survey new")
    assert "only program coordinators" in ready.slack.ephemerals_to(RILEY)[-1]["text"]
    assert ready.slack.open_modal(RILEY) is None


def test_list_pause_resume_close_and_settings(ready: Harness) -> None:
    open_new_survey_modal(ready)
    ready.slack.submit_view(COORDINATOR, {"template": "mentee-satisfaction-quarterly"})
    ready.slack.wait_for(lambda: [t for t in dms(ready, COORDINATOR) if "is ready" in t])
    slack = ready.slack

    def answer(text: str) -> str:
        slack.slash_command(COORDINATOR, "/mentor", text)
        return json.dumps(slack.ephemerals_to(COORDINATOR)[-1])

    assert "#1 Mentee pulse (quarterly)" in answer("survey list")
    assert "is paused" in answer("survey pause 1")
    assert "can't be paused" in answer("survey pause 1")
    assert "is running again" in answer("survey resume 1")
    assert "is closed" in answer("survey close 1")
    assert "There is no survey #9" in answer("survey close 9")
    assert "from 5 (the lowest" in answer("survey min-group 3")
    assert "smaller than 8 people" in answer("survey min-group 8")
    assert "Call the wellness office" in answer("survey support Call the wellness office at 555-0100.")
    assert "Usage: `/mentor survey new`" in answer("survey frobnicate")


@pytest.fixture
def run(harness: Harness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": harness.slack.api_url, "DATABASE_URL": harness.settings.database_url}
    return lambda *args: CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_survey_loaded_from_a_file_reports_every_problem_with_its_field(run, tmp_path: Path, harness: Harness) -> None:
    broken = tmp_path / "pulse.yaml"
    broken.write_text("title: Pulse\naudience: {who: residents}\nschedule: {cron: '0 9 * *'}\nquestions:\n"
                      "  - {type: likert, text: I feel supported., scale: agree}\n"
                      "  - type: single\n    text: Continue?\n    options: [Yes, No]\n")
    result = run("survey", "load", str(broken))
    assert result.exit_code == 1
    for expected in ("audience.who: must be one of everyone, mentees, mentors",
                     "schedule.cron: not a valid schedule: Wrong number of fields",
                     "questions[1].scale: unknown scale `agree`", "questions[2].options: put Yes/No options in quotes",
                     "nothing was stored"):
        assert expected in result.output
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("title: [unclosed\n")
    assert "not valid YAML: line 2" in run("survey", "load", str(bad_yaml)).output
    good = tmp_path / "pulse.json"
    good.write_text(json.dumps({"title": "Pulse", "audience": "mentees", "schedule": {"cron": {"day": "1st tue"}},
                                "questions": [{"type": "scale", "text": "Recommend?"}]}))
    assert "Checked (dry run, nothing stored)" in run("survey", "load", str(good), "--dry-run").output
    loaded = run("survey", "load", str(good))  # (PostgreSQL spends an id on the dry run: numbers may skip)
    assert loaded.exit_code == 0 and "“Pulse”, 1 question, anonymous, for mentees" in loaded.output
    assert "Created survey #" in run("survey", "load", "wellbeing-monthly").output
    assert "A survey with the key `pulse` already exists" in run("survey", "load", str(good)).output
    assert "Monthly wellbeing pulse [active, anonymous] for everyone enrolled" in run("survey", "list").output
    assert "burnout" in run("survey", "templates", "wellbeing-monthly").output
    with session_factory(make_engine(harness.settings.database_url))() as session:
        assert len(session.exec(select(Survey)).all()) == 2
