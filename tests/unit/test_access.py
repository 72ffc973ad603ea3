"""Who may act, and every refusal audited: roles checked against the database, refusals worded for the person,
pair-level refusals (another mentor's consent, a stranger's match) audited in a transaction of their own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.access import COORDINATORS, Refused, audit_refusal, authorize, check_roles, refusal_text, unit_of_work
from storage.queries.audit import record_audit
from handlers.authorization import refuse_submission
from storage.tables import AuditEvent
from tests.services import Program, program  # noqa: F401

ENROLLED = frozenset({"mentee", "mentor", "enrolled"})


def refusals(program: Program) -> list[tuple[Any, ...]]:  # noqa: F811
    return [(a.at, a.actor_slack_id, a.action, a.target, a.outcome, a.detail) for a in program.rows(AuditEvent)]


@pytest.fixture
def people(program: Program) -> Program:  # noqa: F811
    program.person("UCOORD", coordinator=True)
    program.mentee("URES1")
    program.mentor("UFAC1")
    program.person("UGONE", mentee=True, active=False)
    return program


@pytest.mark.parametrize(("who", "allowed", "roles"), [
    ("UCOORD", frozenset({"coordinator"}), {"everyone", "enrolled", "coordinator"}),
    ("URES1", frozenset({"mentee", "mentor"}), {"everyone", "enrolled", "mentee"}),
    ("UFAC1", frozenset({"enrolled"}), {"everyone", "enrolled", "mentor"}),
    ("UNOBODY", frozenset({"everyone"}), {"everyone"}),
])
def test_a_person_holding_an_allowed_role_passes_and_nothing_is_audited(people: Program, who: str,
                                                                        allowed: frozenset[str], roles: set) -> None:
    with people.session() as session:
        assert check_roles(session=session, slack_user_id=who, allowed=allowed, action="x",
                           now=people.clock.now()) == (True, frozenset(roles))
    assert refusals(people) == []


@pytest.mark.parametrize(("who", "allowed", "held"), [
    ("URES1", frozenset({"coordinator"}), ["enrolled", "everyone", "mentee"]),
    ("UFAC1", frozenset({"mentee", "coordinator"}), ["enrolled", "everyone", "mentor"]),
    ("UNOBODY", ENROLLED, ["everyone"]),
    ("UGONE", ENROLLED, ["everyone"]),  # someone who left holds no role any more
])
def test_a_refusal_is_audited_with_what_was_needed_and_held(people: Program, who: str, allowed: frozenset[str],
                                                            held: list[str]) -> None:
    now = people.later(minutes=1)
    with people.session() as session:
        ok, roles = check_roles(session=session, slack_user_id=who, allowed=allowed, action="match.run", now=now)
    assert not ok and sorted(roles) == held
    assert refusals(people) == [(now, who, "match.run", None, "refused", {"needed": sorted(allowed), "held": held})]


def test_refusals_are_worded_for_who_was_refused() -> None:
    assert refusal_text(frozenset({"coordinator"})) == (
        "Sorry, only program coordinators can do that. I've let the program know you tried, in case you need access.")
    assert refusal_text(frozenset({"coordinator", "mentor"})) == refusal_text(frozenset({"coordinator"}))
    enrol = "That's for people enrolled in the program. Run `/mentor join` to enrol first."
    for allowed in ({"mentee"}, {"mentor"}, {"enrolled"}, {"mentee", "mentor", "enrolled"}):
        assert refusal_text(frozenset(allowed)) == enrol
    assert refusal_text(frozenset({"mentee", "everyone"})) == "Sorry, that isn't available to you."
    assert refusal_text(frozenset({"auditor"})) == "Sorry, that isn't available to you."


def test_a_pair_level_refusal_is_audited_on_its_own(program: Program) -> None:  # noqa: F811
    refused = Refused("That request wasn't addressed to you.", actor="UFAC2", action="match.consent", target="7")
    assert str(refused) == "That request wasn't addressed to you." and isinstance(refused, ValueError)
    assert (refused.actor, refused.action, refused.target) == ("UFAC2", "match.consent", "7")
    now = program.later(hours=2)
    audit_refusal(sessions=program.sessions, refused=refused, now=now)
    assert refusals(program) == [(now, "UFAC2", "match.consent", "7", "refused", {})]


def test_a_unit_of_work_audits_only_refusals_after_rolling_back(program: Program) -> None:  # noqa: F811
    with pytest.raises(ValueError, match="a plain error"):
        with unit_of_work(program.sessions, program.clock.now()):
            raise ValueError("a plain error")
    assert refusals(program) == []
    with pytest.raises(Refused):
        with unit_of_work(program.sessions, program.clock.now()) as session:
            record_audit(session=session, now=program.clock.now(), actor="URES2", action="match.end.half-done")
            raise Refused("no", actor="URES2", action="match.end", target="3")
    assert refusals(program) == [(program.clock.now(), "URES2", "match.end", "3", "refused", {})]
    assert [e.action for e in program.rows(AuditEvent)] == ["match.end"]  # the half-done work rolled back


def test_coordinator_only_surfaces(people: Program) -> None:
    assert COORDINATORS == frozenset({"coordinator"})
    assert authorize(sessions=people.sessions, slack_user_id="UCOORD", allowed=COORDINATORS, action="report.open",
                     now=people.clock.now())[0]
    assert refusals(people) == []
    people.later(seconds=30)
    assert not authorize(sessions=people.sessions, slack_user_id="URES1", allowed=COORDINATORS, action="report.open",
                         now=people.clock.now())[0]
    assert refusals(people) == [(people.clock.now(), "URES1", "report.open", None, "refused",
                                 {"needed": ["coordinator"], "held": ["enrolled", "everyone", "mentee"]})]
    assert people.clock.now() - people.rows(AuditEvent)[0].at == timedelta(0)


class Ack:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


@pytest.mark.parametrize(("view", "block"), [
    ({"blocks": [{"type": "section", "block_id": "intro"}, {"type": "input", "block_id": "title"},
                 {"type": "input", "block_id": "body"}]}, "title"),
    ({"blocks": [{"type": "section", "block_id": "intro"}]}, "fallback"),  # no input: the caller's block
    ({"blocks": "not a list"}, "fallback"),  # a forged view
    ({}, "fallback"),
    ({"blocks": ["junk", {"type": "input"}, {"type": "input", "block_id": "second"}]}, "fallback"),
])
def test_a_refused_submission_shows_on_the_modals_first_input(view: dict, block: str) -> None:
    ack = Ack()
    refuse_submission(ack, view, "fallback")  # type: ignore[arg-type]
    assert ack.calls == [{"response_action": "errors", "errors": {block: refusal_text(COORDINATORS)}}]
