"""Answering longer surveys in a modal: anonymous once, named changeable, mentees once per mentor."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from sqlmodel import select

from bot.my_data import personal_data
from bot.surveys.templates import template_raw
from storage.engine import transaction
from storage.queries.people import get_person
from storage.tables import AnonymousAnswer, AnonymousResponse, Match, NamedAnswer, OutboxMessage, SurveyRecipient
from tests.clicks import capture_submission
from tests.conftest import Harness, drain
from tests.surveys.helpers import at, define, dms, enrol, forge_click, tick

RILEY, SAM, LEE, OKAFOR = "URES0001", "URES0002", "UFAC0001", "UFAC0002"
WELLBEING_ANSWERS = {"q_burnout": "5", "q_depersonalization": "2", "q_supported": "4",
                     "q_support_idea": "More protected time for teaching."}


@pytest.fixture
def program(harness: Harness) -> Harness:
    harness.clock.set(at(2026, 10, 1, 12))
    enrol(harness, RILEY, "Riley Resident", tz="America/Toronto")
    enrol(harness, SAM, "Sam Singh", tz="America/Toronto", stage="PGY-2")
    enrol(harness, LEE, "Dr. Morgan Lee", mentee=False, mentor=True, stage="assistant_professor")
    enrol(harness, OKAFOR, "Dr. Ada Okafor", mentee=False, mentor=True, stage="associate_professor")
    return harness


def open_answer_modal(harness: Harness, user: str, value: str | None = None) -> dict:
    harness.slack.click(user, "survey_open", value=value)
    return harness.slack.wait_for(lambda: harness.slack.open_modal(user))


def test_wellbeing_template_is_answered_once_in_a_modal_and_says_what_anonymous_means(program: Harness) -> None:
    define(program, {**template_raw("wellbeing-monthly"), "schedule": {"once": "2026-10-06"}})
    tick(program, at(2026, 10, 6, 16))
    invitation = dms(program, RILEY)[-1]
    assert "Anonymous." in invitation and "without your name" in invitation and "4 questions" in invitation
    assert "Support is here for everyone" in invitation and "988" in invitation
    modal = open_answer_modal(program, RILEY)
    assert [b["block_id"] for b in modal["blocks"] if b["type"] == "input"] == list(WELLBEING_ANSWERS)
    assert "Anonymous." in json.dumps(modal) and "Support is here for everyone" in json.dumps(modal)
    program.slack.submit_view(RILEY, WELLBEING_ANSWERS)
    program.slack.wait_for(lambda: "recorded anonymously" in dms(program, RILEY)[-1])
    assert "Answer" not in [e.get("text", {}).get("text") for b in json.loads(dms(program, RILEY)[-1])["blocks"]
                            for e in [b.get("accessory") or {}]]
    with program.deps.sessions() as session:
        response = session.exec(select(AnonymousResponse)).one()
        assert (response.role, response.program, response.stage, response.week_of.weekday()) == (
            "mentee", "Internal Medicine", "PGY-1", 0)
        assert sorted(a.value for a in session.exec(select(AnonymousAnswer))) == sorted(WELLBEING_ANSWERS.values())
    forge_click(program, RILEY, "survey_open", f"{response.round_id}:0")  # e.g. the button on another device
    program.slack.wait_for(lambda: "already answered this survey" in dms(program, RILEY)[-1])
    assert program.slack.open_modal(RILEY) is None  # no second modal
    with program.deps.sessions() as session:
        mine = personal_data(session=session, slack_user_id=RILEY)["surveys"]
    assert mine["named_answers"] == [] and mine["anonymous_surveys_answered"] == [
        {"survey": "Monthly wellbeing pulse", "round": 1}]  # that they answered, never what


def test_named_survey_opens_prefilled_to_change_until_it_closes(program: Harness) -> None:
    raw = {**template_raw("mentor-satisfaction-quarterly"), "anonymous": False, "audience": "mentors",
           "schedule": {"once": "2026-10-06"}}
    define(program, raw)
    tick(program, at(2026, 10, 6, 16))
    assert "Not anonymous" in dms(program, LEE)[-1]
    first = {"q_hours": "1-3", "q_time_burden": "4", "q_value": "5", "q_program_support": "3", "q_continue": "yes",
             "q_easier": "Fewer forms"}
    open_answer_modal(program, LEE)
    program.slack.submit_view(LEE, first)
    program.slack.wait_for(lambda: "Change my answers" in dms(program, LEE)[-1])
    modal = open_answer_modal(program, LEE)
    assert "You have already answered" in json.dumps(modal)
    chosen = {b["block_id"]: b["element"].get("initial_option", {}).get("value") for b in modal["blocks"]
              if b["type"] == "input"}
    assert chosen["q_continue"] == "yes" and chosen["q_hours"] == "1-3"
    program.slack.submit_view(LEE, {"q_continue": "not-sure"})
    program.slack.wait_for(lambda: any("Your answers are updated" in t for t in dms(program, LEE)))
    with program.deps.sessions() as session:
        values = sorted(a.value for a in session.exec(select(NamedAnswer)))
        mine = personal_data(session=session, slack_user_id=LEE)["surveys"]
    assert "not-sure" in values and "yes" not in values and "Fewer forms" in values
    assert {"question": "Would you continue as a mentor next year?", "answer": "Not sure"}.items() <= \
        next(a for a in mine["named_answers"] if a["question"].startswith("Would you")).items()


def test_effectiveness_survey_asks_each_mentee_once_about_each_mentor(program: Harness) -> None:
    now = program.clock.now()
    with transaction(program.deps.sessions) as session:
        riley = get_person(session=session, slack_user_id=RILEY)
        for mentor, kind in ((LEE, "career"), (OKAFOR, "research")):
            session.add(Match(mentee_id=riley.id, mentor_id=get_person(session=session, slack_user_id=mentor).id,
                              kind=kind, started_at=now))
    define(program, {**template_raw("mentorship-effectiveness"), "schedule": {"once": "2026-10-06"}})
    tick(program, at(2026, 10, 6, 16))
    invitation = dms(program, RILEY)[-1]
    assert "Dr. Morgan Lee (career mentoring)" in invitation and "Dr. Ada Okafor (research mentoring)" in invitation
    assert not program.slack.messages_to(SAM) and not program.slack.messages_to(LEE)  # only mentees with mentors
    with program.deps.sessions() as session:
        recipients = session.exec(select(SurveyRecipient)).all()
    assert len(recipients) == 2
    modal = open_answer_modal(program, RILEY, value=f"{recipients[0].round_id}:{recipients[0].subject}")
    assert "About *Dr. Morgan Lee (career mentoring)*" in json.dumps(modal)
    assert sum(1 for b in modal["blocks"] if b["type"] == "input") == 12
    program.slack.submit_view(RILEY, {"q_accessible": "6", "q_integrity": "5"})  # items may be skipped
    program.slack.wait_for(lambda: "recorded anonymously" in dms(program, RILEY)[-1])
    still_open = json.loads(dms(program, RILEY)[-1])
    assert [b["accessory"]["value"] for b in still_open["blocks"] if b.get("accessory")] == [
        f"{recipients[1].round_id}:{recipients[1].subject}"]
    with program.deps.sessions() as session:
        assert session.exec(select(AnonymousResponse)).one().subject_kind == "career"


def test_answers_whose_metadata_names_another_persons_invitation_leave_that_invitation_as_it_was(
        program: Harness) -> None:
    define(program, {**template_raw("wellbeing-monthly"), "schedule": {"once": "2026-10-06"}})
    tick(program, at(2026, 10, 6, 16))
    sams = dms(program, SAM)[-1]
    with program.deps.sessions() as session:
        invitation = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == SAM,
                                                              OutboxMessage.purpose == "survey")).one()
    open_answer_modal(program, RILEY)
    submission = capture_submission(program.slack, RILEY, WELLBEING_ANSWERS)
    metadata = json.loads(submission["view"]["private_metadata"])
    submission["view"]["private_metadata"] = json.dumps({**metadata, "channel": invitation.channel,
                                                         "ts": invitation.ts})
    program.slack.send_signed(urlencode({"payload": json.dumps(submission)}).encode(),
                              "application/x-www-form-urlencoded")
    program.slack.wait_for(lambda: program.deps.sessions().exec(select(AnonymousResponse)).first())
    drain(program)
    assert dms(program, SAM)[-1] == sams and "recorded anonymously" not in json.dumps(dms(program, SAM))
