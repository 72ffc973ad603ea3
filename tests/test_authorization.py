"""Who may do what: every subcommand and every coordinator-only button, tried by each kind of person.

The expected table is written out here on purpose (not read from bot.commands), so a change to
who may use a command has to change this specification too.
"""

import json
import time
from urllib.parse import urlencode

import pytest

from bot.commands import SUBCOMMANDS
from bot.profiles import ProfileInput, SlackIdentity, save_profile
from storage.engine import transaction
from storage.queries.audit import audit_events
from tests.conftest import COORDINATOR, Harness

NEWCOMER, MENTEE, MENTOR = "URES0002", "URES0001", "UFAC0001"
EVERYONE, ENROLLED = {"newcomer", "mentee", "mentor", "coordinator"}, {"mentee", "mentor", "coordinator"}
EXPECTED = {
    "help": EVERYONE, "join": EVERYONE, "my-data": EVERYONE,
    "profile": ENROLLED, "leave": ENROLLED,
    "find": {"mentee"}, "goals": {"mentee"},
    "met": {"mentee", "mentor"}, "cadence": {"mentee", "mentor"}, "rematch": {"mentee", "mentor"},
    "conflict": {"mentor", "coordinator"},
    **{name: {"coordinator"} for name in ("match", "end", "roster", "coordinator", "tags", "settings", "survey",
                                          "announce", "report")},
}
PEOPLE = {"newcomer": NEWCOMER, "mentee": MENTEE, "mentor": MENTOR, "coordinator": COORDINATOR}
REFUSALS = ("only program coordinators", "enrol first", "isn't available to you")
COORDINATOR_BUTTONS = ("match_approve_all", "match_approve", "match_reject", "match_swap", "alert_nudge")


@pytest.fixture
def people(harness: Harness) -> Harness:
    with transaction(harness.deps.sessions) as session:
        for slack_id, profile in ((MENTEE, ProfileInput(as_mentee=True, stage="PGY-1", kinds_wanted=["career"])),
                                  (MENTOR, ProfileInput(as_mentor=True, stage="professor", kinds_offered=["career"]))):
            profile.program = "Internal Medicine"
            save_profile(session=session, who=SlackIdentity(slack_id, slack_id, None, "America/Edmonton"),
                         profile=profile, now=harness.clock.now())
    return harness


def test_the_specification_covers_every_subcommand() -> None:
    assert {sub.name for sub in SUBCOMMANDS} == set(EXPECTED)


@pytest.mark.parametrize("subcommand", sorted(EXPECTED))
def test_each_subcommand_is_refused_to_everyone_not_allowed_and_audited(people: Harness, subcommand: str) -> None:
    for role, slack_id in PEOPLE.items():
        before = len(people.slack.ephemerals_to(slack_id))
        answer = people.slack.slash_command(slack_id, "/mentor", subcommand)
        assert answer.status == 200
        replies = people.slack.ephemerals_to(slack_id)[before:]
        refused = any(phrase in json.dumps(reply) for reply in replies for phrase in REFUSALS)
        assert refused == (role not in EXPECTED[subcommand]), (subcommand, role, replies)
        with people.deps.sessions() as session:
            audited = [e for e in audit_events(session=session, actor=slack_id, action=f"command.{subcommand}")
                       if e.outcome == "refused"]
        assert bool(audited) == refused, (subcommand, role)


@pytest.mark.parametrize("action_id", COORDINATOR_BUTTONS)
def test_coordinator_buttons_are_refused_to_others_and_audited(people: Harness, action_id: str) -> None:
    for slack_id in (MENTEE, MENTOR):
        payload = {"type": "block_actions", "user": {"id": slack_id}, "team": {"id": "T0MENTOR"},
                   "trigger_id": f"{action_id}.{slack_id}", "container": {"type": "message", "channel_id": "D1",
                                                                          "message_ts": "1.1"},
                   "actions": [{"action_id": action_id, "block_id": "b", "value": "1", "type": "button",
                                "action_ts": "1.2"}]}
        people.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(),
                                 "application/x-www-form-urlencoded")
        people.slack.wait_for(lambda: any("only program coordinators" in m["text"]
                                          for m in people.slack.messages_to(slack_id)))
        with people.deps.sessions() as session:
            assert [e.outcome for e in audit_events(session=session, actor=slack_id, action=action_id)] == ["refused"]
        people.slack.reset_calls()
    time.sleep(0.1)
