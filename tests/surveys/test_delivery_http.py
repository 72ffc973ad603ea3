"""Survey rounds through Slack: the right audience, each person's working hours, answers, one reminder."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.tables import AnonymousResponse, OutboxMessage, SurveyRound
from tests.conftest import COORDINATOR, Harness
from tests.surveys.helpers import EDMONTON, ONE_QUESTION, at, define, dms, enrol, forge_click, tick

RILEY, SAM, LEE, OKAFOR = "URES0001", "URES0002", "UFAC0001", "UFAC0002"  # Toronto, London, Edmonton, Vancouver


@pytest.fixture
def program(harness: Harness) -> Harness:
    harness.clock.set(at(2026, 10, 1, 12))
    enrol(harness, RILEY, "Riley Resident", tz="America/Toronto")
    enrol(harness, SAM, "Sam Singh", tz="Europe/London", stage="PGY-2")
    enrol(harness, LEE, "Dr. Morgan Lee", mentee=False, mentor=True, stage="assistant_professor")
    enrol(harness, OKAFOR, "Dr. Ada Okafor", tz="America/Vancouver", mentee=False, mentor=True,
          stage="associate_professor")
    return harness


def test_round_reaches_each_person_at_nine_in_their_own_timezone(program: Harness) -> None:
    define(program, ONE_QUESTION)
    tick(program, at(2026, 10, 6, 0, 0, EDMONTON))  # the round opens at midnight, program time
    with program.deps.sessions() as session:
        queued = {m.recipient: m.not_before for m in session.exec(select(OutboxMessage)) if m.key.startswith("survey:")}
    assert queued == {SAM: at(2026, 10, 6, 8), RILEY: at(2026, 10, 6, 13), LEE: at(2026, 10, 6, 15),
                      OKAFOR: at(2026, 10, 6, 16)}  # 9:00 in London (BST), Toronto, Edmonton, Vancouver
    assert not program.slack.messages_to(SAM)
    tick(program, at(2026, 10, 6, 8))
    assert "I feel burned out from my work." in dms(program, SAM)[-1]
    assert not program.slack.messages_to(RILEY) and not program.slack.messages_to(LEE)
    tick(program, at(2026, 10, 6, 16))
    assert all(dms(program, user) for user in (RILEY, LEE, OKAFOR))
    assert not program.slack.messages_to(COORDINATOR)  # coordinators are not in the program's audience


def test_audience_filters_role_program_stage_and_pauses(program: Harness) -> None:
    from storage.engine import transaction
    from storage.queries.people import get_person

    enrol(program, "URES0003", "Pat Surgeon", program="Surgery", stage="PGY-2")
    with transaction(program.deps.sessions) as session:
        paused = get_person(session=session, slack_user_id=SAM)
        paused.paused_until = (at(2026, 11, 1)).date()
        session.add(paused)
    define(program, {**ONE_QUESTION, "audience": {"who": "mentees", "program": "internal medicine"}})
    define(program, {**ONE_QUESTION, "key": "pgy2", "audience": {"who": "mentees", "stage": ["PGY-2"]}})
    tick(program, at(2026, 10, 6, 20))
    with program.deps.sessions() as session:
        keys = sorted(m.key.split(":", 1)[1] for m in session.exec(select(OutboxMessage)) if m.key.startswith("survey:"))
    assert keys == ["1:URES0001", "2:URES0003"]  # mentors, another program, and the paused mentee left out


def test_named_one_question_survey_is_answered_and_changed_by_buttons(program: Harness) -> None:
    define(program, ONE_QUESTION)
    tick(program, at(2026, 10, 6, 16))
    slack = program.slack
    assert "Not anonymous" in dms(program, LEE)[-1]
    slack.click(LEE, "survey_pick_4")  # "Once a week"
    slack.wait_for(lambda: "Recorded: *Once a week*" in dms(program, LEE)[-1])
    slack.click(LEE, "survey_pick_1")  # a second try changes the answer
    slack.wait_for(lambda: "Recorded: *A few times a year or less*" in dms(program, LEE)[-1])
    with program.deps.sessions() as session:
        from storage.tables import NamedAnswer

        assert [a.value for a in session.exec(select(NamedAnswer))] == ["2"]
    assert "Support is here for everyone" in dms(program, LEE)[-1]  # wellbeing: resources for everyone


def test_anonymous_one_question_survey_refuses_a_second_answer(program: Harness) -> None:
    define(program, {**ONE_QUESTION, "anonymous": True})
    tick(program, at(2026, 10, 6, 16))
    slack = program.slack
    slack.click(RILEY, "survey_pick_2")
    slack.wait_for(lambda: "recorded anonymously" in dms(program, RILEY)[-1])
    assert "survey_pick_" not in dms(program, RILEY)[-1]  # the answered message keeps no buttons
    with program.deps.sessions() as session:
        round_id = session.exec(select(SurveyRound)).one().id
    forge_click(program, RILEY, "survey_pick_5", f"{round_id}:6")  # e.g. an old copy of the message
    program.slack.wait_for(lambda: "already answered this survey" in dms(program, RILEY)[-1])
    with program.deps.sessions() as session:
        assert len(session.exec(select(AnonymousResponse)).all()) == 1


def test_one_reminder_only_to_those_who_have_not_answered(program: Harness) -> None:
    define(program, {**ONE_QUESTION, "anonymous": True})
    tick(program, at(2026, 10, 6, 16))
    program.slack.click(RILEY, "survey_pick_0")
    program.slack.wait_for(lambda: "recorded anonymously" in dms(program, RILEY)[-1])
    tick(program, at(2026, 10, 9, 6, 0, EDMONTON))  # three days after opening: reminders queued for 9:00 local
    tick(program, at(2026, 10, 9, 17))
    reminded = {user for user in (RILEY, SAM, LEE, OKAFOR) if any("Reminder: Quick pulse" in t for t in dms(program, user))}
    assert reminded == {SAM, LEE, OKAFOR}
    tick(program, at(2026, 10, 12, 17))
    again = [t for user in (SAM, LEE, OKAFOR) for t in dms(program, user) if "Reminder:" in t]
    assert len(again) == 3  # one reminder each, never a second


def test_round_closes_and_late_answers_are_refused(program: Harness) -> None:
    define(program, {**ONE_QUESTION, "schedule": {"once": "2026-10-06", "open_days": 2}})
    tick(program, at(2026, 10, 6, 16))
    tick(program, at(2026, 10, 8, 7, 0))  # two days after midnight Edmonton
    program.slack.click(RILEY, "survey_pick_3")
    program.slack.wait_for(lambda: "no longer takes answers" in dms(program, RILEY)[-1])
    closed = program.slack.wait_for(lambda: [t for t in dms(program, COORDINATOR) if "has closed" in t])
    assert "0 of 4 responded" in closed[-1]
