"""Workflow Builder steps (custom functions in manifest.yml) through the emulator: Slack sends function_executed,
the step calls the same service as its slash command and completes with the manifest's outputs, or fails with
words the workflow's owner can act on."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import select

from bot.clock import ManualClock
from bot.outbox import deliver_due
from storage.tables import Meeting, MatchRequest, OutboxMessage, Person
from tests.conftest import COORDINATOR, Harness
from tests.oauth_harness import OAuthHarness, manifest, oauth_harness
from tests.test_checkins_http import enrol, match

RILEY, SAM, DR_LEE = "URES0001", "URES0002", "UFAC0001"


@pytest.fixture
def steps(harness: Harness) -> Harness:
    harness.slack.declare_functions(manifest()["functions"])
    return harness


def run(harness: Harness | OAuthHarness, callback_id: str, **inputs: object):  # noqa: ANN201
    execution_id, answer = harness.slack.run_function(callback_id, inputs)
    assert answer.status == 200
    return harness.slack.wait_for_function(execution_id)


def person(harness: Harness, slack_id: str) -> Person | None:
    with harness.deps.sessions() as session:
        return session.exec(select(Person).where(Person.slack_user_id == slack_id)).first()


def test_enrol_in_mentoring_enrols_and_keeps_what_the_person_said_before(steps: Harness) -> None:
    first = run(steps, "enrol_in_mentoring", person=RILEY, role="mentee", program="Internal Medicine",
                stage="PGY-1", kinds="career, research")
    assert (first.outcome, first.outputs) == ("completed", {"person": RILEY, "roles": "mentee"})
    assert steps.slack.calls("functions.completeSuccess")[-1].response["ok"] is True

    again = run(steps, "enrol_in_mentoring", person=RILEY, role="mentor", program="Internal Medicine",
                stage="PGY-2", kinds="wellness")

    assert again.outputs["roles"] == "mentee and mentor"
    deliver_due(sessions=steps.deps.sessions, client=steps.deps.slack, now=steps.clock.now(), worker="w")
    told = [m for m in steps.slack.messages_to(RILEY) if "/mentor profile" in json.dumps(m)]
    assert len(told) == 2 and "Mentoring you offer:* Wellness / peer" in json.dumps(told[-1])
    riley = person(steps, RILEY)
    assert riley is not None and (riley.is_mentee, riley.is_mentor, riley.stage) == (True, True, "PGY-2")
    with steps.deps.sessions() as session:
        requests = session.exec(select(MatchRequest).where(MatchRequest.mentee_id == riley.id)).all()
    assert sorted(request.kind for request in requests) == ["career", "research"]  # the mentee kinds were kept


def test_enrol_fails_the_step_with_a_reason_and_stores_nothing(steps: Harness) -> None:
    failed = run(steps, "enrol_in_mentoring", person=SAM, role="mentee", program="Surgery", stage="year nine",
                 kinds="career")

    assert failed.outcome == "failed" and "stage" in (failed.error or "")
    assert person(steps, SAM) is None
    with steps.deps.sessions() as session:
        assert session.exec(select(OutboxMessage)).all() == []  # nobody is told of an enrolment that did not happen


def test_a_workflow_does_not_re_enrol_someone_who_left(steps: Harness) -> None:
    run(steps, "enrol_in_mentoring", person=SAM, role="mentee", program="Surgery", stage="PGY-1", kinds="career")
    steps.slack.slash_command(SAM, "/mentor", "leave")
    steps.slack.wait_for(lambda: steps.slack.open_modal(SAM))
    steps.slack.submit_view(SAM, {"mode": "leave"})
    steps.slack.wait_for(lambda: (p := person(steps, SAM)) is not None and p.left_at is not None)

    again = run(steps, "enrol_in_mentoring", person=SAM, role="mentee", program="Surgery", stage="PGY-1",
                kinds="career")

    assert again.outcome == "failed" and "/mentor join" in (again.error or "")


def test_log_a_mentoring_meeting_logs_it_for_the_pair(steps: Harness) -> None:
    enrol(steps, RILEY, "America/Toronto", as_mentee=True, stage="PGY-1", kinds_wanted=["career"])
    enrol(steps, DR_LEE, "America/Edmonton", as_mentor=True, stage="associate_professor", kinds_offered=["career"])
    match(steps, RILEY, DR_LEE)
    today = steps.clock.now().date().isoformat()

    logged = run(steps, "log_mentoring_meeting", person=RILEY, partner=DR_LEE, met_on=today, minutes=45)
    twice = run(steps, "log_mentoring_meeting", person=DR_LEE, partner=RILEY, met_on=today)

    assert logged.outputs == {"met_on": today, "merged": False}
    assert twice.outputs == {"met_on": today, "merged": True}
    with steps.deps.sessions() as session:
        assert len(session.exec(select(Meeting)).all()) == 1


def test_log_a_meeting_without_a_match_fails_the_step(steps: Harness) -> None:
    failed = run(steps, "log_mentoring_meeting", person=RILEY, partner=SAM)

    assert failed.outcome == "failed" and failed.error


def test_request_a_mentor_of_a_kind_opens_the_request_for_matching(steps: Harness) -> None:
    enrol(steps, RILEY, "America/Toronto", as_mentee=True, stage="PGY-1", kinds_wanted=["career"])
    enrol(steps, DR_LEE, "America/Edmonton", as_mentor=True, stage="associate_professor",
          kinds_offered=["research"], capacity_total=2)

    requested = run(steps, "request_mentor_of_a_kind", person=RILEY, kind="research")

    assert requested.outputs == {"kind": "research", "mentors_available": 1}
    riley = person(steps, RILEY)
    with steps.deps.sessions() as session:
        kinds = {r.kind for r in session.exec(select(MatchRequest).where(MatchRequest.mentee_id == riley.id))}
    assert "research" in kinds


def test_a_request_from_someone_not_enrolled_fails_the_step(steps: Harness) -> None:
    failed = run(steps, "request_mentor_of_a_kind", person=SAM, kind="career")

    assert failed.outcome == "failed" and failed.error


def test_slack_completes_a_step_once_and_only_with_its_outputs(steps: Harness) -> None:
    done = run(steps, "request_mentor_of_a_kind", person=SAM, kind="career")
    client = WebClient(token=steps.settings.slack_bot_token.get_secret_value(), base_url=steps.slack.api_url)

    with pytest.raises(SlackApiError) as again:
        client.functions_completeSuccess(function_execution_id=done.execution_id,
                                         outputs={"kind": "career", "mentors_available": 0})
    assert again.value.response["error"] == "function_execution_already_completed"
    execution_id, _ = steps.slack.run_function("request_mentor_of_a_kind", {"person": SAM, "kind": "career"})
    steps.slack.wait_for_function(execution_id)
    with pytest.raises(AssertionError, match="would not pass"):
        steps.slack.run_function("request_mentor_of_a_kind", {"person": SAM, "kind": "astrology"})


def test_a_step_runs_in_an_org_wide_install(database_url: str, clock: ManualClock) -> None:
    for app in oauth_harness(database_url, clock, token_rotation=True):
        app.slack.in_enterprise()
        app.slack.install(COORDINATOR, app.install_url, org_wide=True)

        enrolled = run(app, "enrol_in_mentoring", person=SAM, role="mentee", program="Surgery", stage="PGY-3",
                       kinds="clinical")

        assert enrolled.outcome == "completed" and enrolled.outputs["roles"] == "mentee"
