"""Speed-mentoring events through Slack: invitations with RSVP buttons, a rotation with no pair twice and no
conflict of interest seated, each person's rounds, and picks that become matches (mutual) or requests (one-sided)."""

from __future__ import annotations

import json
import re

from sqlmodel import select

from storage.queries.matching import active_matches
from storage.tables import Proposal
from storage.tables.events import EventSeat
from tests.conftest import COORDINATOR, Harness
from tests.test_matching_http import CHEN, LEE, MENTEE, OKAFOR, dms, enrol, program  # noqa: F401 (fixture)

SECOND, THIRD = "URES0002", "URES0003"


def texts(harness: Harness, user: str) -> str:
    return "\n".join(dms(harness, user))


def set_up_event(harness: Harness, rounds: int = 3) -> int:
    from bot.emulator import EmulatedUser

    slack = harness.slack
    for slack_id, name in ((SECOND, "Sam Second"), (THIRD, "Tess Third")):
        if slack_id == THIRD:  # URES0002 is in the emulated workspace already
            slack.add_user(EmulatedUser(id=slack_id, name=name.split()[0].lower(), real_name=name))
        enrol(harness, slack_id, name, as_mentee=True, stage="PGY-2", kinds_wanted=["research"],
              interests=["cardiology"])
    slack.slash_command(COORDINATOR, "/mentor", f"event new 2030-05-04 17:00 virtual {rounds} 8 Spring speed mentoring")
    answer = json.dumps(slack.wait_for(lambda: slack.ephemerals_to(COORDINATOR))[-1])
    return int(re.search(r"Event (\d+) created", answer).group(1))  # type: ignore[union-attr]


def everyone_comes(harness: Harness) -> None:
    slack = harness.slack
    for person in (MENTEE, SECOND, THIRD, OKAFOR, LEE, CHEN):
        slack.wait_for(lambda: "Spring speed mentoring" in texts(harness, person) or None)
        slack.click(person, "event_rsvp_yes")
        slack.wait_for(lambda: "You're coming" in texts(harness, person) or None)


def pick(harness: Harness, event_id: int, chooser: str, chosen: str) -> None:
    slack = harness.slack
    picks = slack.wait_for(lambda: [t for t in dms(harness, chooser) if "Whom would you like" in t])[-1]
    number = re.findall(rf'"action_id": "event_pick_(\d+)", "value": "{event_id}:{chosen}"', picks)[0]
    before = texts(harness, chooser).count("Noted")
    slack.click(chooser, f"event_pick_{number}", value=f"{event_id}:{chosen}")
    slack.wait_for(lambda: texts(harness, chooser).count("Noted") > before or None)


def seats(harness: Harness) -> list[EventSeat]:
    with harness.deps.sessions() as session:
        return list(session.exec(select(EventSeat)))


def test_invitees_rsvp_and_get_a_rotation_with_no_pair_twice(program: Harness) -> None:
    slack = program.slack
    event_id = set_up_event(program)
    everyone_comes(program)
    slack.slash_command(COORDINATOR, "/mentor", f"event schedule {event_id}")
    slack.wait_for(lambda: "Rotation made: 9 conversations" in json.dumps(slack.ephemerals_to(COORDINATOR)[-1])
                   or None)
    rows = seats(program)
    assert len({(s.mentee_id, s.mentor_id) for s in rows}) == len(rows) == 9  # 3 mentees x 3 rounds, no pair twice
    for number in (1, 2, 3):
        assert len({s.mentee_id for s in rows if s.round == number}) == 3
    rounds = slack.wait_for(lambda: [t for t in dms(program, MENTEE) if "Your rounds at" in t])[-1]
    assert "Round 1" in rounds and "Round 3" in rounds and rounds.count("<@UFAC") == 3


def test_a_conflict_of_interest_is_never_seated(program: Harness) -> None:
    slack = program.slack
    slack.slash_command(OKAFOR, "/mentor", "conflict <@URES0001|riley> direct_supervisor")
    slack.wait_for(lambda: slack.ephemerals_to(OKAFOR))
    event_id = set_up_event(program)
    everyone_comes(program)
    slack.slash_command(COORDINATOR, "/mentor", f"event schedule {event_id}")
    slack.wait_for(lambda: "Rotation made" in json.dumps(slack.ephemerals_to(COORDINATOR)[-1]) or None)
    with program.deps.sessions() as session:
        from storage.queries.people import get_person
        riley, okafor = (get_person(session=session, slack_user_id=s).id for s in (MENTEE, OKAFOR))
    assert not any((s.mentee_id, s.mentor_id) == (riley, okafor) for s in seats(program))
    rounds = slack.wait_for(lambda: [t for t in dms(program, MENTEE) if "Your rounds at" in t])[-1]
    assert "UFAC0002" not in rounds and "a break" in rounds  # two mentors left for three rounds


def test_mutual_picks_become_matches_and_one_sided_picks_ask_that_mentor_first(program: Harness) -> None:
    slack = program.slack
    event_id = set_up_event(program)
    everyone_comes(program)
    slack.slash_command(COORDINATOR, "/mentor", f"event schedule {event_id}")
    slack.wait_for(lambda: "Rotation made" in json.dumps(slack.ephemerals_to(COORDINATOR)[-1]) or None)
    slack.slash_command(COORDINATOR, "/mentor", f"event picks {event_id}")
    slack.wait_for(lambda: "Asked 6 people" in json.dumps(slack.ephemerals_to(COORDINATOR)[-1]) or None)
    pick(program, event_id, MENTEE, OKAFOR)  # Riley and Okafor pick each other
    pick(program, event_id, OKAFOR, MENTEE)
    pick(program, event_id, SECOND, LEE)  # only Sam picks Lee
    slack.slash_command(COORDINATOR, "/mentor", f"event close {event_id}")
    slack.wait_for(lambda: "1 mutual pick became a match, 1 one-sided" in json.dumps(
        slack.ephemerals_to(COORDINATOR)[-1]) or None)
    with program.deps.sessions() as session:
        (match,) = active_matches(session=session)
        assert "you both picked each other at a speed-mentoring event" in match.reasons
        (proposal,) = session.exec(select(Proposal)).all()
        assert proposal.status == "awaiting_mentor"
    slack.wait_for(lambda: "Would you be" in texts(program, LEE) and "Sam Second" in texts(program, LEE) or None)
    with program.deps.sessions() as session:
        from bot.report.period import parse_period
        from bot.report.service import build_report
        from datetime import date
        period = parse_period("2030-05-01", "2030-05-31", today=date(2030, 5, 31), transition="07-01",
                              timezone="America/Edmonton")
        report = build_report(session=session, period=period, now=program.clock.now())
    values = {i.key: i.value for i in report.formats.indicators()}
    assert (values["speed_events"], values["event_conversations"], values["event_mutual_picks"]) == (1, 9, 1)


def rsvp_of(harness: Harness, slack_id: str) -> str:
    from storage.queries.people import get_person
    from storage.tables.events import EventInvitee

    with harness.deps.sessions() as session:
        person = get_person(session=session, slack_user_id=slack_id)
        return session.exec(select(EventInvitee).where(EventInvitee.person_id == person.id)).one().rsvp


def test_an_rsvp_can_change_until_the_rotation_is_made_then_a_clear_message(program: Harness) -> None:
    slack = program.slack
    event_id = set_up_event(program)
    slack.wait_for(lambda: "Spring speed mentoring" in texts(program, MENTEE) or None)
    slack.click(MENTEE, "event_rsvp_yes")
    slack.wait_for(lambda: "You're coming" in texts(program, MENTEE) or None)
    assert rsvp_of(program, MENTEE) == "yes"
    slack.click(MENTEE, "event_rsvp_no")  # "Can't make it after all" on the answered invitation
    slack.wait_for(lambda: "You can't make" in texts(program, MENTEE) or None)
    assert rsvp_of(program, MENTEE) == "no"
    slack.click(MENTEE, "event_rsvp_yes")  # "I can come after all"
    slack.wait_for(lambda: "You're coming" in texts(program, MENTEE) or None)
    assert rsvp_of(program, MENTEE) == "yes"
    slack.slash_command(COORDINATOR, "/mentor", f"event schedule {event_id}")
    slack.wait_for(lambda: "Rotation made" in json.dumps(slack.ephemerals_to(COORDINATOR)[-1]) or None)
    slack.click(MENTEE, "event_rsvp_no")
    slack.wait_for(lambda: "already made, so your answer can't change" in texts(program, MENTEE) or None)
    assert rsvp_of(program, MENTEE) == "yes"


def test_two_quick_clicks_on_an_rsvp_give_one_answer(program: Harness) -> None:
    from tests.clicks import capture_click, send_at_once

    slack = program.slack
    set_up_event(program)
    slack.wait_for(lambda: "Spring speed mentoring" in texts(program, MENTEE) or None)
    click = capture_click(slack, MENTEE, "event_rsvp_yes")
    send_at_once(slack, [click, click])
    slack.wait_for(lambda: "You already said you're coming" in texts(program, MENTEE)
                   or "just changed" in texts(program, MENTEE) or None)
    assert rsvp_of(program, MENTEE) == "yes"
    with program.deps.sessions() as session:
        from storage.queries.audit import audit_events
        assert len(audit_events(session=session, actor=MENTEE, action="event.rsvp_yes")) == 1
