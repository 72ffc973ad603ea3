"""People stay current from Slack (user_change), and revoked access stops all sending until it returns."""

from __future__ import annotations

import json
import logging
from urllib.request import urlopen

import pytest

from bot.directory_sync import DEACTIVATED_UNTIL
from bot.outbox_worker import deliver_outbox
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from storage.engine import transaction
from storage.queries.audit import audit_events
from storage.queries.outbox import enqueue_message
from storage.queries.people import get_person
from tests.conftest import COORDINATOR, Harness

RESIDENT = "URES0001"


def enrol(harness: Harness) -> None:
    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(RESIDENT, "Riley Resident", None, "America/Toronto"),
                     profile=ProfileBase(as_mentee=True, program="Internal Medicine", stage="PGY-1",
                                          kinds_wanted=["career"]), now=harness.clock.now())


def person(harness: Harness):  # type: ignore[no-untyped-def]
    with harness.deps.sessions() as session:
        return get_person(session=session, slack_user_id=RESIDENT)


def test_a_new_name_and_timezone_in_slack_reach_the_program(harness: Harness) -> None:
    enrol(harness)
    assert harness.slack.change_user(RESIDENT, real_name="Riley Resident-Okoye", tz="America/Halifax").status == 200
    harness.slack.wait_for(lambda: person(harness).timezone == "America/Halifax")
    assert person(harness).display_name == "Riley Resident-Okoye" and person(harness).paused_until is None


def test_a_deactivated_account_is_paused_coordinators_told_and_reactivation_lifts_it(harness: Harness) -> None:
    enrol(harness)
    harness.slack.change_user(RESIDENT, deleted=True)
    harness.slack.wait_for(lambda: person(harness).paused_until == DEACTIVATED_UNTIL)
    told = harness.slack.wait_for(lambda: [m["text"] for m in harness.slack.messages_to(COORDINATOR)
                                           if "deactivated" in m["text"]])
    assert "Riley Resident's Slack account was deactivated" in told[0]
    harness.slack.change_user(RESIDENT, deleted=False)
    harness.slack.wait_for(lambda: person(harness).paused_until is None)
    with harness.deps.sessions() as session:
        actions = [e.action for e in audit_events(session=session, actor="slack")]
    assert actions == ["person.deactivated_in_slack", "person.reactivated_in_slack"]


def test_a_name_set_in_slack_is_shown_to_coordinators_inert(harness: Harness) -> None:
    enrol(harness)
    harness.slack.change_user(RESIDENT, real_name="Riley <!channel> <@UCOORD01>", deleted=True)
    told = harness.slack.wait_for(lambda: [json.dumps(m) for m in harness.slack.messages_to(COORDINATOR)
                                           if "deactivated" in m["text"]])
    assert "Riley &lt;!channel&gt; &lt;@UCOORD01&gt;'s Slack account was deactivated" in told[0]
    assert "<!channel>" not in told[0] and "<@UCOORD01>" not in told[0]
    harness.slack.change_user(RESIDENT, deleted=False)
    told = harness.slack.wait_for(lambda: [json.dumps(m) for m in harness.slack.messages_to(COORDINATOR)
                                           if "active again" in m["text"]])
    assert "Riley &lt;!channel&gt; &lt;@UCOORD01&gt;'s Slack account is active again" in told[0]
    assert "<!channel>" not in told[0]


def test_someone_not_in_the_program_changing_in_slack_changes_nothing(harness: Harness) -> None:
    harness.slack.change_user("URES0002", deleted=True)
    harness.slack.wait_for(lambda: harness.slack.calls() or True)
    assert person(harness) is None or person(harness).slack_user_id != "URES0002"
    assert harness.slack.messages_to(COORDINATOR) == []


@pytest.mark.parametrize("uninstall", [False, True], ids=["tokens_revoked", "app_uninstalled"])
def test_revoked_access_stops_sending_says_so_and_resumes_after_reinstall(
    harness: Harness, caplog: pytest.LogCaptureFixture, uninstall: bool
) -> None:
    now = harness.clock.now()
    with transaction(harness.deps.sessions) as session:
        enqueue_message(session=session, key="note:1", purpose="nudge", recipient=RESIDENT,
                        payload={"text": "Hello"}, not_before=now, now=now)
    with caplog.at_level(logging.WARNING):
        harness.slack.revoke_tokens(uninstall=uninstall)

        def health() -> dict:
            with urlopen(f"{harness.server.url}/healthz") as response:
                return json.loads(response.read())
        harness.slack.wait_for(lambda: health().get("slack_access") == "revoked")
        assert "nothing is sent until the app is reinstalled" in health()["attention"]
        harness.slack.reset_calls()
        deliver_outbox(harness.deps, now)
    assert [c.method for c in harness.slack.calls()] == ["auth.test"]  # one probe, no failed posts
    assert any("Slack says" in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)
    assert any("not sending: Slack revoked access" in r.getMessage() for r in caplog.records)

    harness.slack.reinstall()
    deliver_outbox(harness.deps, now)
    assert [m["text"] for m in harness.slack.messages_to(RESIDENT)] == ["Hello"]
    assert "slack_access" not in health()
