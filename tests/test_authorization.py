"""Who may do what: every subcommand and every coordinator-only button, tried by each kind of person.

The expected table is written out here on purpose (not read from bot.commands), so a change to
who may use a command has to change this specification too.
"""

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest

import handlers.actions
import handlers.views
from bot.access import refusal_text
from bot.commands import SUBCOMMANDS
from storage.queries.people import get_person
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from storage.engine import transaction
from storage.queries.audit import audit_events
from tests.conftest import COORDINATOR, Harness

NEWCOMER, MENTEE, MENTOR = "URES0002", "URES0001", "UFAC0001"
EVERYONE, ENROLLED = {"newcomer", "mentee", "mentor", "coordinator"}, {"mentee", "mentor", "coordinator"}
EXPECTED = {
    "help": EVERYONE, "join": EVERYONE, "my-data": EVERYONE,
    "profile": ENROLLED, "leave": ENROLLED,
    "find": {"mentee"}, "goals": {"mentee"}, "idp": {"mentee"},
    "met": {"mentee", "mentor"}, "flash": {"mentee", "mentor"}, "cadence": {"mentee", "mentor"}, "rematch": {"mentee", "mentor"},
    "conflict": {"mentor", "coordinator"},
    **{name: {"coordinator"} for name in ("match", "end", "roster", "coordinator", "tags", "settings", "survey",
                                          "announce", "report", "programs", "event", "recognition")},
    "my-record": {"mentor"},
    "resources": ENROLLED, "availability": ENROLLED, "circle": ENROLLED,
}
PEOPLE = {"newcomer": NEWCOMER, "mentee": MENTEE, "mentor": MENTOR, "coordinator": COORDINATOR}
REFUSALS = ("only program coordinators", "enrol first", "isn't available to you")
# Coordinator-only buttons, with the action their refusal is audited under.
COORDINATOR_BUTTONS = {**{action_id: action_id for action_id in (
    "match_approve_all", "match_approve", "match_reject", "match_swap", "alert_nudge", "broadcast_edit",
    "broadcast_cancel", "home_announce")}, "resource_add": "resource.add", "resource_remove": "resource.remove",
    "completion_thank_mentor": "recognition.thank"}
# Every registered button / menu: coordinator-only ones are listed above; the others are anyone's to click, and the
# service behind each checks that the thing clicked is theirs (see the pair-level tests below).
OPEN_ACTIONS = {"home_edit_profile", "home_join", "home_find_mentor", "^checkin_met_[a-z_]+$",
                "^checkin_goal_status_[a-z_]+$", "checkin_goal_note",
                "checkin_program_note", "transition_update", "goals_add", "goals_edit", "consent_accept",
                "consent_decline", "shortlist_pick", "intro_met", "intro_not_a_fit", "rematch_end", "survey_open",
                "^announce_link_[0-9]+$", r"^survey_pick_\d+$", "home_availability", "meet_find", "^meet_pick_[0-9]+$",
                "meet_confirm", "meet_other_times", "meet_happened", "meet_not_happened",
                # the pair's own agreement, pulse and reviews: anyone may click, the service refuses (and audits)
                # whoever is not the person asked (tests/test_agreement_http.py)
                "agreement_ack", "agreement_change", "agreement_confirm", "^pulse_answer_[a-z_]+$", "pulse_note",
                "^review_answer_[a-z_]+$", "transition_idp",
                # a meeting's rating: the service refuses (and audits) anyone but the pair's mentee
                "^meeting_rating_[a-z_]+$",
                # a flash request and its follow-up: the service refuses (and audits) whoever was not asked
                "flash_accept", "flash_decline", "flash_continue", "flash_stop",
                # an event's RSVP and picks: the service refuses (and audits) whoever was not invited or seated
                "event_rsvp_yes", "event_rsvp_no", "^event_pick_[0-9]+$",
                # a circle check-in: the service refuses (and audits) whoever it was not sent to
                "circle_checkin_met", "circle_checkin_not_yet"}
# Every modal: coordinator-only ones with the action their refusal is audited under; the others are anyone's.
COORDINATOR_VIEWS = {"roster": "roster.import", "match_swap": "match_swap", "survey_new": "survey_new",
                     "announce": "announce.compose", "announce_confirm": "announce.confirm",
                     "resource_form": "resource.add"}
OPEN_VIEWS = {"profile", "leave", "goal_form", "goal_note", "program_note", "survey_answer", "availability",
              "agreement_change", "pulse_note", "idp"}


@pytest.fixture
def people(harness: Harness) -> Harness:
    with transaction(harness.deps.sessions) as session:
        for slack_id, profile in ((MENTEE, ProfileBase(as_mentee=True, stage="PGY-1", kinds_wanted=["career"])),
                                  (MENTOR, ProfileBase(as_mentor=True, stage="professor", kinds_offered=["career"]))):
            profile.program = "Internal Medicine"
            save_profile(session=session, who=SlackIdentity(slack_id, slack_id, None, "America/Edmonton"),
                         profile=profile, now=harness.clock.now())
    return harness


def test_the_specification_covers_every_subcommand() -> None:
    assert {sub.name for sub in SUBCOMMANDS} == set(EXPECTED)


class Registrations:
    """Stands in for the Bolt app at registration: keeps every action id and callback id."""

    def __init__(self) -> None:
        self.actions: set[str] = set()
        self.views: set[str] = set()
        self.listeners: dict[str, Any] = {}

    def action(self, matcher: object) -> Callable[[Any], Any]:
        name = matcher if isinstance(matcher, str) else matcher.pattern  # type: ignore[attr-defined]
        self.actions.add(name)
        return lambda listener: self.listeners.setdefault(name, listener)

    def view(self, callback_id: str) -> Callable[[Any], Any]:
        self.views.add(callback_id)
        return lambda listener: self.listeners.setdefault(callback_id, listener)


def test_the_specification_covers_every_action_and_modal() -> None:
    registered = Registrations()
    handlers.actions.register(registered)  # type: ignore[arg-type]
    handlers.views.register(registered)  # type: ignore[arg-type]
    assert registered.actions == set(COORDINATOR_BUTTONS) | OPEN_ACTIONS
    assert registered.views == set(COORDINATOR_VIEWS) | OPEN_VIEWS


def test_every_coordinator_listener_is_checked_by_the_one_decorator() -> None:
    """Coordinator-only buttons and modals go through handlers.authorization.coordinators_only (which audits a
    refusal), and nothing else does."""
    registered = Registrations()
    handlers.actions.register(registered)  # type: ignore[arg-type]
    handlers.views.register(registered)  # type: ignore[arg-type]
    checked = {name for name, listener in registered.listeners.items() if getattr(listener, "coordinators_only", False)}
    assert checked == set(COORDINATOR_BUTTONS) | set(COORDINATOR_VIEWS)


def forged_submission(slack_id: str, callback_id: str, blocks: list[dict]) -> dict:
    return {"type": "view_submission", "user": {"id": slack_id}, "team": {"id": "T0MENTOR"}, "trigger_id": f"t.{slack_id}",
            "view": {"id": f"V{callback_id}{slack_id}", "type": "modal", "callback_id": callback_id, "blocks": blocks,
                     "private_metadata": json.dumps({"proposal": 1, "batch": "b", "channel": "D1", "ts": "1.1"})
                     if callback_id == "match_swap" else "1",
                     "state": {"values": {"csv": {"value": {"type": "plain_text_input",
                                                          "value": "slack_id,program,capacity\nUFAC0001,Forged,0"}}}}}}


@pytest.mark.parametrize("callback_id", sorted(COORDINATOR_VIEWS))
def test_coordinator_modals_are_refused_to_others_and_audited(people: Harness, callback_id: str) -> None:
    blocks = [{"type": "input", "block_id": "csv", "element": {"type": "plain_text_input", "action_id": "csv"},
               "label": {"type": "plain_text", "text": "CSV"}}]
    for slack_id in (MENTEE, MENTOR):
        answer = people.slack.send_signed(
            urlencode({"payload": json.dumps(forged_submission(slack_id, callback_id, blocks))}).encode(),
            "application/x-www-form-urlencoded")
        refused_inline = "only program coordinators" in answer.body
        people.slack.wait_for(lambda: refused_inline or any("only program coordinators" in m["text"]
                                                            for m in people.slack.messages_to(slack_id)))
        with people.deps.sessions() as session:
            audited = audit_events(session=session, actor=slack_id, action=COORDINATOR_VIEWS[callback_id])
            assert [e.outcome for e in audited] == ["refused"]
            assert get_person(session=session, slack_user_id=MENTOR).program == "Internal Medicine"


def test_a_forged_roster_submission_changes_nothing_and_is_refused_on_the_modal(people: Harness) -> None:
    blocks = [{"type": "input", "block_id": "csv", "element": {"type": "plain_text_input", "action_id": "csv"},
               "label": {"type": "plain_text", "text": "CSV"}}]
    answer = people.slack.send_signed(
        urlencode({"payload": json.dumps(forged_submission(MENTEE, "roster", blocks))}).encode(),
        "application/x-www-form-urlencoded")
    assert answer.json == {"response_action": "errors", "errors": {"csv": refusal_text(frozenset({"coordinator"}))}}
    with people.deps.sessions() as session:
        assert get_person(session=session, slack_user_id=MENTOR).program == "Internal Medicine"
        assert not [e for e in audit_events(session=session, action="roster.import") if e.outcome == "ok"]


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


@pytest.mark.parametrize("action_id", sorted(COORDINATOR_BUTTONS))
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
            audited = audit_events(session=session, actor=slack_id, action=COORDINATOR_BUTTONS[action_id])
            assert [e.outcome for e in audited] == ["refused"]
        people.slack.reset_calls()
    time.sleep(0.1)


def forge_click(harness: Harness, slack_id: str, action_id: str, value: str) -> None:
    payload = {"type": "block_actions", "user": {"id": slack_id}, "team": {"id": "T0MENTOR"},
               "trigger_id": f"{action_id}.{slack_id}.{value}",
               "container": {"type": "message", "channel_id": "D1", "message_ts": "1.1"},
               "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button", "action_ts": "1"}]}
    harness.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded")


def refusals(harness: Harness, slack_id: str) -> list[str]:
    with harness.deps.sessions() as session:
        return [e.action for e in audit_events(session=session, actor=slack_id) if e.outcome == "refused"]


def test_pair_level_attempts_by_others_are_refused_and_audited(people: Harness) -> None:
    from bot.goals import GoalBase, save_goal
    from bot.matching.fit import MatchingConfig
    from bot.matching.service import answer_consent, pick

    other_mentor = "UFAC0002"
    with transaction(people.deps.sessions) as session:
        for slack_id, profile in ((other_mentor, ProfileBase(as_mentor=True, stage="professor", kinds_offered=["career"])),
                                  (NEWCOMER, ProfileBase(as_mentee=True, stage="PGY-2", kinds_wanted=["research"]))):
            profile.program = "Internal Medicine"
            save_profile(session=session, who=SlackIdentity(slack_id, slack_id, None, "America/Edmonton"),
                         profile=profile, now=people.clock.now())
        proposal = pick(session=session, mentee_slack_id=MENTEE, kind="career", mentor_slack_id=MENTOR,
                        now=people.clock.now(), config=MatchingConfig())
        goal = save_goal(session=session, mentee_slack_id=MENTEE, goal_in=GoalBase(title="Publish a case report"),
                         now=people.clock.now())
    forge_click(people, other_mentor, "consent_accept", str(proposal.proposal_id))
    people.slack.wait_for(lambda: refusals(people, other_mentor) == ["match.consent"])
    with transaction(people.deps.sessions) as session:
        match = answer_consent(session=session, proposal_id=proposal.proposal_id, mentor_slack_id=MENTOR, accept=True,
                               now=people.clock.now(), config=MatchingConfig()).match
    forge_click(people, NEWCOMER, "intro_not_a_fit", str(match.match_id))
    people.slack.wait_for(lambda: refusals(people, NEWCOMER) == ["match.end"])
    submission = {"type": "view_submission", "user": {"id": NEWCOMER}, "team": {"id": "T0MENTOR"}, "trigger_id": "g.1",
                  "view": {"id": "VGOAL", "type": "modal", "callback_id": "goal_form", "blocks": [],
                           "private_metadata": str(goal.id),
                           "state": {"values": {"title": {"value": {"type": "plain_text_input", "value": "Mine now"}}}}}}
    answer = people.slack.send_signed(urlencode({"payload": json.dumps(submission)}).encode(),
                                      "application/x-www-form-urlencoded")
    assert answer.json["response_action"] == "errors" and "isn't yours" in answer.json["errors"]["title"]
    assert refusals(people, NEWCOMER) == ["match.end", "goal.edit"]
    with people.deps.sessions() as session:
        from storage.tables import Goal, Match

        assert session.get(Goal, goal.id).title == "Publish a case report"
        assert session.get(Match, match.match_id).status == "active"
    people.slack.wait_for(lambda: any("wasn't addressed to you" in m["text"]
                                      for m in people.slack.messages_to(other_mentor)))  # sent by the outbox


def test_coordinator_actions_are_audited(people: Harness) -> None:
    from tests.test_broadcasts_http import compose, confirm

    slack = people.slack
    slack.slash_command(COORDINATOR, "/mentor", "tags add cardiology, global health")
    slack.slash_command(COORDINATOR, "/mentor", "roster export")
    slack.slash_command(COORDINATOR, "/mentor", "report")
    compose(people, {"audience": "everyone", "message": "Research day is Friday."})
    confirm(people)
    wanted = {"tags.add", "roster.export", "report", "announce.compose", "announce.confirm"}

    def audited() -> set[str]:
        with people.deps.sessions() as session:
            return {e.action for e in audit_events(session=session, actor=COORDINATOR) if e.outcome == "ok"} & wanted

    slack.wait_for(lambda: audited() == wanted, timeout=20)


def test_the_coordinator_role_can_be_taken_away_in_slack_and_on_the_command_line(people: Harness) -> None:
    from typer.testing import CliRunner

    from bot.cli import cli
    from tests.conftest import BOT_TOKEN, SIGNING_SECRET

    slack = people.slack

    def say(text: str) -> str:
        slack.slash_command(COORDINATOR, "/mentor", text)
        return slack.ephemerals_to(COORDINATOR)[-1]["text"]

    assert "is now a faculty-wide coordinator" in say(f"coordinator add <@{MENTOR}>")
    assert "is no longer a coordinator" in say(f"coordinator remove <@{MENTOR}>")
    assert "MENTORBOT_COORDINATORS" in say(f"coordinator remove <@{COORDINATOR}>")
    slack.slash_command(MENTOR, "/mentor", "match")
    assert "only program coordinators" in slack.ephemerals_to(MENTOR)[-1]["text"]
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack.api_url,
           "DATABASE_URL": people.settings.database_url, "MENTORBOT_COORDINATORS": COORDINATOR}
    added = CliRunner().invoke(cli, ["coordinator", "add", MENTEE], env=env, catch_exceptions=False)
    removed = CliRunner().invoke(cli, ["coordinator", "remove", MENTEE], env=env, catch_exceptions=False)
    assert (added.output.strip(), removed.output.strip()) == (f"{MENTEE} is now a faculty-wide coordinator.",
                                                              f"{MENTEE} is no longer a coordinator.")
    with people.deps.sessions() as session:
        trail = [(e.actor_slack_id, e.action, e.target) for e in audit_events(session=session)
                 if e.action.startswith("coordinator.")]
    assert trail[-4:] == [(COORDINATOR, "coordinator.grant", MENTOR), (COORDINATOR, "coordinator.revoke", MENTOR),
                          ("cli", "coordinator.grant", MENTEE), ("cli", "coordinator.revoke", MENTEE)]
