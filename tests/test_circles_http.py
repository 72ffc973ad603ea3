"""Peer circles through Slack: a coordinator's theme, people join, circles formed for review (conflicts apart),
approval opens each circle's group DM with its agreement, check-ins come at the cadence, and leaving is no-fault."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from sqlmodel import select

from bot.clock import ManualClock
from bot.emulator import EmulatedUser
from bot.jobs import run_due
from storage.engine import transaction
from storage.tables.circles import CircleSeat
from tests.conftest import COORDINATOR, Harness
from tests.test_matching_http import CHEN, LEE, MENTEE, OKAFOR, enrol, program  # noqa: F401 (fixture)

MONDAY = datetime(2030, 4, 1, 16, 0, tzinfo=UTC)  # 10:00 in Edmonton: cadences of whole days land in working hours


@pytest.fixture(autouse=True)
def working_day(clock: ManualClock) -> None:
    clock.set(MONDAY)


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
    assert circle_checkins_to(program, RESIDENTS[1]) == []  # not due yet
    with transaction(program.deps.sessions) as session:  # Resident 4 is on a pause
        from storage.queries.people import get_person
        get_person(session=session, slack_user_id=RESIDENTS[3]).paused_until = (MONDAY + timedelta(days=60)).date()
    assert run_due(program.deps, program.clock.now() + timedelta(days=14, minutes=1)) == []
    slack.wait_for(lambda: circle_checkins_to(program, RESIDENTS[1]) and circle_checkins_to(program, LEE) or None)
    assert circle_checkins_to(program, MENTEE) == []  # who left gets no check-in
    assert circle_checkins_to(program, RESIDENTS[3]) == []  # nor who is on a pause
    assert len(group_dms(program)) == before  # each member's own DM, not the group's
    assert "Check-in for your peer circle" in json.dumps(circle_checkins_to(program, LEE)[0])


def circle_checkins_to(harness: Harness, user: str) -> list[dict]:
    return [m for m in harness.slack.messages_to(user) if "Check-in: " in m.get("text", "")]


def test_each_member_gets_the_check_in_in_their_own_working_hours_and_answers_it_once(program: Harness) -> None:
    from tests.clicks import capture_click, send_at_once
    from tests.conftest import drain
    from tests.test_flash_http import move_to
    from storage.tables import CircleCheckIn

    slack = program.slack
    theme_id = join_all(program)
    move_to(program, LEE, "Asia/Tokyo")  # the facilitator
    slack.slash_command(COORDINATOR, "/mentor", f"circle form {theme_id}")
    slack.wait_for(lambda: any("Proposed" in json.dumps(e) for e in slack.ephemerals_to(COORDINATOR)) or None)
    slack.slash_command(COORDINATOR, "/mentor", f"circle approve {theme_id}")
    slack.wait_for(lambda: len(group_dms(program)) == 2 or None)
    due = MONDAY + timedelta(days=14, minutes=1)  # 10:01 in Edmonton, 01:01 in Tokyo
    program.clock.set(due)
    assert run_due(program.deps, due) == []
    (prompt,) = slack.wait_for(lambda: circle_checkins_to(program, MENTEE))
    drain(program)
    assert circle_checkins_to(program, LEE) == []  # asleep in Tokyo
    program.clock.set(datetime(2030, 4, 15, 23, 59, tzinfo=UTC))  # 08:59 in Tokyo
    drain(program)
    assert circle_checkins_to(program, LEE) == []
    program.clock.set(datetime(2030, 4, 16, 0, 0, tzinfo=UTC))  # 09:00
    drain(program)
    assert len(slack.wait_for(lambda: circle_checkins_to(program, LEE))) == 2  # facilitator of both circles
    value = next(e["value"] for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "circle_checkin_met")
    forged = capture_click(slack, RESIDENTS[2], "circle_checkin_met")  # their own button, carrying Riley's id
    forged["actions"][0]["value"] = value
    send_at_once(slack, [forged])  # someone else's check-in: refused, audited
    slack.wait_for(lambda: "sent to someone else" in json.dumps(slack.messages_to(RESIDENTS[2])) or None)
    with program.deps.sessions() as session:
        from storage.queries.audit import audit_events
        refused = audit_events(session=session, actor=RESIDENTS[2], action="circle.checkin")
        assert [e.outcome for e in refused] == ["refused"]
    click = capture_click(slack, MENTEE, "circle_checkin_met", value=value)
    send_at_once(slack, [click, click])  # two quick clicks: one answer
    slack.wait_for(lambda: "already answered" in json.dumps(slack.messages_to(MENTEE)) or None)
    with program.deps.sessions() as session:
        answered = [row.answer for row in session.exec(select(CircleCheckIn)) if row.answer]
    assert answered == ["met"]


def test_circles_in_the_report_and_the_network_picture_with_small_groups_hidden(program: Harness) -> None:
    from bot.report.network import mentorship_network, network_figure
    from tests.test_flash_http import report_of

    slack = program.slack
    theme_id = join_all(program)
    slack.slash_command(COORDINATOR, "/mentor", f"circle form {theme_id}")
    slack.wait_for(lambda: any("Proposed" in json.dumps(e) for e in slack.ephemerals_to(COORDINATOR)) or None)
    slack.slash_command(COORDINATOR, "/mentor", f"circle approve {theme_id}")
    slack.wait_for(lambda: len(group_dms(program)) == 2 or None)
    riley_circle = next(s.circle_id for s in seats(program) if s.role == "member" and
                        s.person_id == min(x.person_id for x in seats(program) if x.role == "member"))
    slack.slash_command(MENTEE, "/mentor", f"circle leave {riley_circle}")
    slack.wait_for(lambda: "No reasons needed" in json.dumps(slack.ephemerals_to(MENTEE)[-1:]) or None)
    due = MONDAY + timedelta(days=14, minutes=1)
    program.clock.set(due)
    assert run_due(program.deps, due) == []
    (prompt,) = slack.wait_for(lambda: circle_checkins_to(program, RESIDENTS[1]))
    value = next(e["value"] for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "circle_checkin_met")
    slack.click(RESIDENTS[1], "circle_checkin_met", value=value)
    slack.wait_for(lambda: "Received" in json.dumps(slack.messages_to(RESIDENTS[1])) or None)
    report = report_of(program)
    values = {i.key: i.value for i in report.circles.indicators()}
    assert values["circles_formed"] == 2 and values["circle_members"] == 9  # eight residents and the facilitator
    assert values["circle_checkins_sent"] == 10  # the facilitator gets one for each circle; Riley none
    assert values["circle_checkins_answered"] == 0.1  # nine people were asked: shown
    assert values["circle_met"] is None  # one person answered: hidden
    assert values["circle_leaves"] is None  # one person left: hidden, never 1
    assert report.network.circle_links == 8 and report.network.edges == 0  # a star from the facilitator, no matches
    assert report.network.isolated_mentees == 9  # a circle is not a mentor
    graph = mentorship_network(report.snapshot.state, report.snapshot.as_of)
    shown = [t.get_text() for t in network_figure(graph, identified=False).axes[0].texts]
    assert not any("Resident" in text for text in shown)  # the de-identified picture names nobody, circles or not
    assert any("Resident 3" in t.get_text() for t in network_figure(graph, identified=True).axes[0].texts)


def test_a_second_formation_seats_only_newcomers_so_no_pair_shares_two_circles(program: Harness) -> None:
    from itertools import combinations

    from storage.tables.circles import PeerCircle

    slack = program.slack
    theme_id = join_all(program)
    slack.slash_command(COORDINATOR, "/mentor", f"circle form {theme_id}")
    slack.wait_for(lambda: any("Proposed" in json.dumps(e) for e in slack.ephemerals_to(COORDINATOR)) or None)
    slack.slash_command(COORDINATOR, "/mentor", f"circle approve {theme_id}")
    slack.wait_for(lambda: len(group_dms(program)) == 2 or None)
    for number in range(10, 14):  # four newcomers join the same theme
        slack_id = f"URES00{number}"
        slack.add_user(EmulatedUser(id=slack_id, name=f"res{number}", real_name=f"Resident {number}"))
        enrol(program, slack_id, f"Resident {number}", as_mentee=True, stage="PGY-1", kinds_wanted=["wellness"],
              interests=["wellbeing"])
        slack.slash_command(slack_id, "/mentor", f"circle join {theme_id}")
        slack.wait_for(lambda: "You've joined" in json.dumps(slack.ephemerals_to(slack_id)[-1:]) or None)
    before = len(slack.ephemerals_to(COORDINATOR))
    slack.slash_command(COORDINATOR, "/mentor", f"circle form {theme_id}")
    slack.wait_for(lambda: len(slack.ephemerals_to(COORDINATOR)) > before or None)
    slack.slash_command(COORDINATOR, "/mentor", f"circle approve {theme_id}")
    slack.wait_for(lambda: len(group_dms(program)) == 3 or None)
    with program.deps.sessions() as session:
        active = {c.id for c in session.exec(select(PeerCircle).where(PeerCircle.status == "active"))}
    circles: dict[int, set[int]] = {}
    for seat in seats(program):
        if seat.circle_id in active:
            circles.setdefault(seat.circle_id, set()).add(seat.person_id)
    assert len(circles) == 3
    pairs = [pair for people in circles.values() for pair in combinations(sorted(people), 2)]
    assert len(pairs) == len(set(pairs))  # no pair of people shares two circles
    members = [person for seat in seats(program) if seat.circle_id in active and seat.role == "member"
               for person in [seat.person_id]]
    assert len(members) == len(set(members)) == 13  # nobody is seated twice
