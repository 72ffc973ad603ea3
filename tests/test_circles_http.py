"""Peer circles through Slack: a coordinator's theme, people join, circles formed for review (conflicts apart),
approval opens each circle's group DM with its agreement, check-ins come at the cadence, and leaving is no-fault."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlmodel import select

from bot.emulator import EmulatedUser
from bot.jobs import run_due
from storage.engine import transaction
from storage.tables.circles import CircleSeat
from tests.conftest import COORDINATOR, Harness
from tests.test_matching_http import CHEN, LEE, MENTEE, OKAFOR, enrol, program  # noqa: F401 (fixture)

RESIDENTS = [MENTEE] + [f"URES00{n:02d}" for n in range(2, 10)]  # nine residents


def join_all(harness: Harness) -> int:
    slack = harness.slack
    for number, slack_id in enumerate(RESIDENTS[1:], start=2):
        if slack_id != "URES0002":  # in the emulated workspace already
            slack.add_user(EmulatedUser(id=slack_id, name=f"res{number}", real_name=f"Resident {number}"))
        enrol(harness, slack_id, f"Resident {number}", as_mentee=True, stage=f"PGY-{1 + number % 3}",
              kinds_wanted=["wellness"], interests=(["cardiology", "research methods"] if number == 2  # Riley's own:
                                                    else ["wellbeing", "teaching"]))  # fit pulls them together
    slack.slash_command(COORDINATOR, "/mentor", f"circle theme 4-6 14 Residents wellbeing <@{LEE}|lee>")
    created = json.dumps(slack.wait_for(lambda: slack.ephemerals_to(COORDINATOR))[-1])
    theme_id = int(re.search(r"Theme (\d+) created", created).group(1))  # type: ignore[union-attr]
    for slack_id in RESIDENTS:
        slack.slash_command(slack_id, "/mentor", f"circle join {theme_id}")
        slack.wait_for(lambda: "You've joined" in json.dumps(slack.ephemerals_to(slack_id)[-1:]) or None)
    return theme_id


def group_dms(harness: Harness) -> list[tuple[str, set[str]]]:
    return [(c.response["channel"]["id"], set(c.params["users"].split(",")))
            for c in harness.slack.calls("conversations.open") if "," in str(c.params.get("users"))]


def seats(harness: Harness) -> list[CircleSeat]:
    with harness.deps.sessions() as session:
        return list(session.exec(select(CircleSeat)))


def test_circles_are_formed_for_review_then_introduced_in_group_dms_with_conflicts_apart(program: Harness) -> None:
    slack = program.slack
    theme_id = join_all(program)
    slack.slash_command("URES0003", "/mentor", f"circle form {theme_id}")  # not a coordinator
    assert "Only program coordinators" in json.dumps(slack.wait_for(lambda: slack.ephemerals_to("URES0003"))[-1])
    with program.deps.sessions() as session:  # Resident 2 and Riley may never share a circle
        from storage.queries.people import get_person
        from storage.tables import ConflictOfInterest
        riley, sam = (get_person(session=session, slack_user_id=s).id for s in (MENTEE, "URES0002"))
    with transaction(program.deps.sessions) as session:  # e.g. a senior resident who assesses a junior one
        session.add(ConflictOfInterest(mentor_id=sam, mentee_id=riley, reason="assessor", recorded_by=COORDINATOR,
                                       created_at=program.clock.now()))
    slack.slash_command(COORDINATOR, "/mentor", f"circle form {theme_id}")
    review = json.dumps(slack.wait_for(lambda: [e for e in slack.ephemerals_to(COORDINATOR) if "Proposed" in
                                                json.dumps(e)])[-1])
    assert "Proposed 2 circles for review" in review
    assert group_dms(program) == []  # nothing opens before approval
    circles: dict[int, set[int]] = {}
    for seat in seats(program):
        circles.setdefault(seat.circle_id, set()).add(seat.person_id)
    assert all(not {riley, sam} <= people for people in circles.values())
    slack.slash_command(COORDINATOR, "/mentor", f"circle approve {theme_id}")
    opened = slack.wait_for(lambda: len(group_dms(program)) == 2 and group_dms(program) or None)
    assert sorted(len(users) for _, users in opened) == [5, 6]  # nine residents in 4 and 5, and the facilitator
    assert all(LEE in users for _, users in opened)
    intro = json.dumps(slack.wait_for(lambda: slack.messages_in(opened[0][0])), ensure_ascii=False)
    for expected in ("Welcome to your peer circle", "facilitates", "stays in the circle", "without giving a reason"):
        assert expected in intro


def test_check_ins_come_at_the_cadence_and_leaving_is_quiet_and_without_fault(program: Harness) -> None:
    slack = program.slack
    theme_id = join_all(program)
    slack.slash_command(COORDINATOR, "/mentor", f"circle form {theme_id}")
    slack.wait_for(lambda: any("Proposed" in json.dumps(e) for e in slack.ephemerals_to(COORDINATOR)) or None)
    slack.slash_command(COORDINATOR, "/mentor", f"circle approve {theme_id}")
    slack.wait_for(lambda: len(group_dms(program)) == 2 or None)
    riley_circle = next(s.circle_id for s in seats(program) if s.role == "member" and
                        s.person_id == min(x.person_id for x in seats(program) if x.role == "member"))
    slack.slash_command(MENTEE, "/mentor", f"circle leave {riley_circle}")
    assert "No reasons needed" in json.dumps(slack.wait_for(lambda: slack.ephemerals_to(MENTEE))[-1])
    slack.slash_command(MENTEE, "/mentor", f"circle leave {riley_circle}")
    assert "already left" in json.dumps(slack.wait_for(lambda: slack.ephemerals_to(MENTEE))[-1])
    before = len(group_dms(program))
    assert run_due(program.deps, program.clock.now() + timedelta(days=13)) == []
    assert len(group_dms(program)) == before  # not due yet
    assert run_due(program.deps, program.clock.now() + timedelta(days=14, minutes=1)) == []
    checkins = slack.wait_for(lambda: len(group_dms(program)) >= before + 2 and group_dms(program)[before:] or None)
    assert not any(MENTEE in users for _, users in checkins)  # who left gets no check-in
    texts = [json.dumps(m) for channel, _ in checkins for m in slack.wait_for(lambda: slack.messages_in(channel))]
    assert any("Check-in for" in text for text in texts)
