"""Check-ins as the scheduler runs them (no Slack; a recording stand-in renders): due in each person's working
hours, paused or departed people skipped, one reminder, only the newest cycle after an outage; answers recorded
only from the person asked; the question true for the cycle."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.checkin_plan import plan_cycle
from bot.checkins import (
    CheckInError,
    answer_met,
    cadence_phrase,
    checkin_info,
    met_question,
    prompt_messages,
    record_program_note,
    send_due_checkins,
    send_due_reminders,
)
from bot.program_settings import change_setting
from storage.tables import CheckIn, Goal, Match, Meeting, OutboxMessage, Person
from tests.services import START, Program, program  # noqa: F401

UTC_START = START  # Wednesday 2024-01-17 18:00 UTC: 13:00 in Toronto, 11:00 in Edmonton


def pair(program: Program, *, started=UTC_START, cadence: int = 14, mentee_tz: str = "America/Toronto",  # noqa: F811
         mentor_tz: str = "America/Edmonton", status: str = "active") -> int:
    mentee = program.mentee("URILEY", name="Riley", tz=mentee_tz)
    mentor = program.mentor("ULEE", name="Dr Lee", tz=mentor_tz)
    with program.session() as session:
        match = Match(mentee_id=mentee, mentor_id=mentor, kind="career", cadence_days=cadence, started_at=started,
                      status=status)
        session.add(match)
        session.flush()
        plan_cycle(session=session, match=match, cycle=1)
        return match.id or 0


def checkins(program: Program) -> list[tuple[str, int, str]]:  # noqa: F811
    return sorted((c.role, c.cycle, c.status) for c in program.rows(CheckIn))


def sent(program: Program, purpose: str = "checkin") -> list[tuple[str, str]]:  # noqa: F811
    return sorted((m.recipient, m.key) for m in program.rows(OutboxMessage) if m.purpose == purpose)


def checkin_id(program: Program, role: str, cycle: int = 1) -> int:  # noqa: F811
    return next(c.id for c in program.rows(CheckIn) if c.role == role and c.cycle == cycle)


def test_both_sides_get_their_check_in_when_due_and_the_next_cycle_is_planned(program: Program) -> None:  # noqa: F811
    pair(program)
    due = UTC_START + timedelta(days=14)
    send_due_checkins(program.deps, due - timedelta(seconds=1))
    assert sent(program) == [] and checkins(program) == [("mentee", 1, "due"), ("mentor", 1, "due")]
    send_due_checkins(program.deps, due)
    mentee_id, mentor_id = checkin_id(program, "mentee"), checkin_id(program, "mentor")
    assert sent(program) == [("ULEE", f"checkin:{mentor_id}"), ("URILEY", f"checkin:{mentee_id}")]
    assert checkins(program) == [("mentee", 1, "sent"), ("mentee", 2, "due"), ("mentor", 1, "sent"), ("mentor", 2, "due")]
    assert {c.due_at for c in program.rows(CheckIn) if c.cycle == 2} == {UTC_START + timedelta(days=28)}
    assert {c.sent_at for c in program.rows(CheckIn) if c.cycle == 1} == {due}
    rendered = [args[0] for args in program.notifier.named("render_checkin")]
    assert sorted((i.role, i.recipient.slack_id, i.partner.name, i.reminder) for i in rendered) == [
        ("mentee", "URILEY", "Dr Lee", False), ("mentor", "ULEE", "Riley", False)]
    message = program.rows(OutboxMessage)[0]
    assert (message.not_before, message.payload["text"]) == (due, "render_checkin")
    send_due_checkins(program.deps, due + timedelta(hours=1))  # sent once
    assert len(sent(program)) == 2


def test_outside_working_hours_a_check_in_waits_for_the_persons_morning(program: Program) -> None:  # noqa: F811
    late = datetime(2024, 1, 17, 23, 30, tzinfo=UTC_START.tzinfo)  # 18:30 Toronto, 16:30 Edmonton
    pair(program, started=late)
    due = late + timedelta(days=14)
    send_due_checkins(program.deps, due)
    mentee = next(c for c in program.rows(CheckIn) if c.role == "mentee" and c.cycle == 1)
    assert sent(program) == [("ULEE", f"checkin:{checkin_id(program, 'mentor')}")]
    assert (mentee.status, mentee.due_at) == ("due", datetime(2024, 2, 1, 14, 0, tzinfo=UTC_START.tzinfo))  # 09:00 ET
    send_due_checkins(program.deps, datetime(2024, 2, 1, 13, 59, tzinfo=UTC_START.tzinfo))
    assert len(sent(program)) == 1
    send_due_checkins(program.deps, datetime(2024, 2, 1, 14, 0, tzinfo=UTC_START.tzinfo))
    assert len(sent(program)) == 2


def test_paused_departed_and_ended_get_nothing(program: Program) -> None:  # noqa: F811
    match_id = pair(program)
    due = UTC_START + timedelta(days=14)
    with program.session() as session:
        session.get(Person, program.rows(Person, slack_user_id="URILEY")[0].id).paused_until = due.date() + timedelta(
            days=1)
        session.get(Person, program.rows(Person, slack_user_id="ULEE")[0].id).active = False
    send_due_checkins(program.deps, due)
    assert sent(program) == []
    assert ("mentee", 1, "skipped") in checkins(program) and ("mentor", 1, "skipped") in checkins(program)
    assert ("mentee", 2, "due") in checkins(program)  # the match goes on: the next cycle is planned
    with program.session() as session:
        session.get(Match, match_id).status = "ended"
        plan_cycle(session=session, match=session.get(Match, match_id), cycle=5)
    send_due_checkins(program.deps, UTC_START + timedelta(days=70))
    assert sent(program) == [] and not any(cycle > 5 for _, cycle, _ in checkins(program))


def test_a_pause_ending_today_is_over(program: Program) -> None:  # noqa: F811
    pair(program)
    due = UTC_START + timedelta(days=14)
    with program.session() as session:
        session.get(Person, program.rows(Person, slack_user_id="URILEY")[0].id).paused_until = due.date()
    send_due_checkins(program.deps, due)
    assert len(sent(program)) == 2


def test_after_an_outage_only_the_newest_cycle_is_sent_once(program: Program) -> None:  # noqa: F811
    pair(program)
    back = UTC_START + timedelta(days=43)  # a Thursday: cycles 1, 2 and 3 (day 42) are all past
    send_due_checkins(program.deps, back)
    send_due_checkins(program.deps, back)
    assert sent(program) == [("ULEE", f"checkin:{checkin_id(program, 'mentor', 3)}"),
                             ("URILEY", f"checkin:{checkin_id(program, 'mentee', 3)}")]
    assert checkins(program) == [("mentee", 1, "skipped"), ("mentee", 3, "sent"), ("mentee", 4, "due"),
                                 ("mentor", 1, "skipped"), ("mentor", 3, "sent"), ("mentor", 4, "due")]


def test_exactly_one_reminder_after_the_programs_delay_and_none_after_an_answer(program: Program) -> None:  # noqa: F811
    monday = datetime(2024, 1, 15, 18, 0, tzinfo=UTC_START.tzinfo)
    pair(program, started=monday)
    due = monday + timedelta(days=14)  # Monday; 72 hours later is Thursday, inside everyone's working hours
    send_due_checkins(program.deps, due)
    with program.session() as session:
        answer_met(session=session, checkin_id=checkin_id(program, "mentor"), actor="ULEE", answer="not_yet", now=due)
    send_due_reminders(program.deps, due + timedelta(hours=71, minutes=59))
    assert sent(program, "reminder") == []
    at = due + timedelta(hours=72)
    send_due_reminders(program.deps, at)
    mentee = checkin_id(program, "mentee")
    assert sent(program, "reminder") == [("URILEY", f"checkin-reminder:{mentee}")]
    assert next(c for c in program.rows(CheckIn) if c.id == mentee).reminded_at == at
    assert [args[0].reminder for args in program.notifier.named("render_checkin")][-1] is True
    send_due_reminders(program.deps, at + timedelta(days=3))
    assert len(sent(program, "reminder")) == 1


def test_reminders_wait_for_working_hours_and_skip_paused_people(program: Program) -> None:  # noqa: F811
    pair(program)
    due = UTC_START + timedelta(days=14)
    send_due_checkins(program.deps, due)
    with program.session() as session:
        change_setting(session=session, key="reminder_after_hours", text="4", actor="U", now=due)
        session.get(Person, program.rows(Person, slack_user_id="ULEE")[0].id).paused_until = date(2024, 3, 1)
    evening = due + timedelta(hours=6)  # 19:00 Toronto
    send_due_reminders(program.deps, evening)
    assert sent(program, "reminder") == []
    morning = datetime(2024, 2, 1, 14, 0, tzinfo=UTC_START.tzinfo)
    send_due_reminders(program.deps, morning)
    assert sent(program, "reminder") == [("URILEY", f"checkin-reminder:{checkin_id(program, 'mentee')}")]


def test_a_yes_logs_a_meeting_on_the_persons_own_day_and_only_the_person_asked_answers(program: Program) -> None:  # noqa: F811
    match_id = pair(program)
    mentee = checkin_id(program, "mentee")
    at = datetime(2024, 2, 1, 3, 0, tzinfo=UTC_START.tzinfo)  # 22:00 on January 31 in Toronto
    for who, answer, message in (("ULEE", "yes", "meant for someone else"), ("URILEY", "maybe", "no longer exists")):
        with program.session() as session, pytest.raises(CheckInError, match=message):
            answer_met(session=session, checkin_id=mentee, actor=who, answer=answer, now=at)
    with program.session() as session, pytest.raises(CheckInError, match="no longer exists"):
        answer_met(session=session, checkin_id=999, actor="URILEY", answer="yes", now=at)
    with program.session() as session:
        info = answer_met(session=session, checkin_id=mentee, actor="URILEY", answer="yes", now=at)
    assert (info.met, info.role) == ("yes", "mentee")
    [meeting] = program.rows(Meeting)
    assert (meeting.match_id, meeting.met_on, meeting.logged_by) == (match_id, date(2024, 1, 31), "URILEY")
    with program.session() as session:  # a change of answer keeps when it was first answered
        answer_met(session=session, checkin_id=mentee, actor="URILEY", answer="cancelled", now=at + timedelta(hours=1))
    stored = next(c for c in program.rows(CheckIn) if c.id == mentee)
    assert (stored.met, stored.status, stored.answered_at) == ("cancelled", "answered", at)


def test_not_yet_and_an_ended_match_log_no_meeting(program: Program) -> None:  # noqa: F811
    match_id = pair(program)
    with program.session() as session:
        answer_met(session=session, checkin_id=checkin_id(program, "mentor"), actor="ULEE", answer="not_yet",
                   now=UTC_START)
        session.get(Match, match_id).status = "ended"
    with program.session() as session:
        answer_met(session=session, checkin_id=checkin_id(program, "mentee"), actor="URILEY", answer="yes",
                   now=UTC_START)
    assert program.rows(Meeting) == []


def test_only_the_mentor_adds_a_note_for_the_program(program: Program) -> None:  # noqa: F811
    pair(program)
    mentor, mentee = checkin_id(program, "mentor"), checkin_id(program, "mentee")
    for checkin, who in ((mentor, "URILEY"), (mentee, "ULEE"), (mentee, "URILEY")):
        with program.session() as session, pytest.raises(CheckInError, match="Only the mentor of this match"):
            record_program_note(session=session, checkin_id=checkin, actor=who, note="hi", now=UTC_START)
    with program.session() as session, pytest.raises(CheckInError, match="no longer exists"):
        record_program_note(session=session, checkin_id=999, actor="ULEE", note="hi", now=UTC_START)
    with program.session() as session, pytest.raises(CheckInError, match="The note"):
        record_program_note(session=session, checkin_id=mentor, actor="ULEE", note="x" * 2001, now=UTC_START)
    at = UTC_START + timedelta(hours=2)
    with program.session() as session:
        record_program_note(session=session, checkin_id=mentor, actor="ULEE", note="  Riley is thriving \n", now=at)
    stored = next(c for c in program.rows(CheckIn) if c.id == mentor)
    assert (stored.program_note, stored.program_note_at, stored.answered_at) == ("Riley is thriving", at, at)
    with program.session() as session:
        record_program_note(session=session, checkin_id=mentor, actor="ULEE", note="more", now=at + timedelta(hours=1))
    stored = next(c for c in program.rows(CheckIn) if c.id == mentor)
    assert (stored.program_note_at, stored.answered_at) == (at + timedelta(hours=1), at)


def test_the_prompt_and_its_reminder_are_found_once_sent(program: Program) -> None:  # noqa: F811
    pair(program)
    mentee = checkin_id(program, "mentee")
    now = program.clock.now()
    with program.session() as session:
        for key, status, channel, ts in ((f"checkin:{mentee}", "sent", "DR", "1.1"),
                                         (f"checkin-reminder:{mentee}", "pending", None, None),
                                         (f"checkin:{mentee + 100}", "sent", "DX", "9.9")):
            session.add(OutboxMessage(key=key, purpose="checkin", recipient="URILEY", status=status, channel=channel,
                                      ts=ts, not_before=now, created_at=now))
    assert prompt_messages(session=program.sessions(), checkin_id=mentee) == [("DR", "1.1")]
    with program.session() as session:
        reminder = session.exec(select(OutboxMessage).where(
            OutboxMessage.key == f"checkin-reminder:{mentee}")).one()
        reminder.status, reminder.channel, reminder.ts = "sent", "DR", "2.2"
    assert prompt_messages(session=program.sessions(), checkin_id=mentee) == [("DR", "1.1"), ("DR", "2.2")]


@pytest.mark.parametrize(("role", "cycle", "cadence", "question"), [
    ("mentee", 1, 30, "Did you meet Dr Lee since you were matched?"),
    ("mentor", 1, 30, "Did you meet with Dr Lee since you were matched?"),
    ("mentee", 2, 7, "Did you meet Dr Lee in the last week?"),
    ("mentee", 2, 14, "Did you meet Dr Lee in the last two weeks?"),
    ("mentor", 3, 21, "Did you meet with Dr Lee in the last three weeks?"),
    ("mentee", 2, 28, "Did you meet Dr Lee in the last four weeks?"),
    ("mentee", 2, 30, "Did you meet Dr Lee in the last 30 days?"),
    ("mentee", 0, 30, "Did you meet Dr Lee since you were matched?"),
])
def test_the_met_question_is_true_for_the_cycle(role: str, cycle: int, cadence: int, question: str) -> None:
    assert met_question(role, "Dr Lee", cycle, cadence) == question


def test_cadence_phrases() -> None:
    assert [cadence_phrase(d) for d in (7, 14, 21, 28, 30, 90)] == [
        "in the last week", "in the last two weeks", "in the last three weeks", "in the last four weeks",
        "in the last 30 days", "in the last 90 days"]


def test_each_side_sees_the_goals_it_may_see(program: Program) -> None:  # noqa: F811
    pair(program)
    riley = program.rows(Person, slack_user_id="URILEY")[0].id
    lee = program.rows(Person, slack_user_id="ULEE")[0].id
    sent_at = UTC_START + timedelta(days=14)
    with program.session() as session:
        for title, status, visible, updated in (("Shared", "on_track", None, UTC_START),
                                                ("Private", "not_started", [], UTC_START),
                                                ("For Lee", "at_risk", [lee], UTC_START),
                                                ("Done long ago", "done", None, UTC_START),
                                                ("Done since", "done", None, sent_at + timedelta(hours=1))):
            session.add(Goal(mentee_id=riley, title=title, status=status, visible_to=visible, created_at=UTC_START,
                             updated_at=updated))
        for checkin in session.exec(select(CheckIn)):
            checkin.sent_at, checkin.cycle = sent_at, 2
    with program.sessions() as session:
        rows = {c.role: c for c in session.exec(select(CheckIn))}
        mentee, mentor = checkin_info(session, rows["mentee"]), checkin_info(session, rows["mentor"])
        reminder = checkin_info(session, rows["mentee"], reminder=True)
    assert [g.title for g in mentee.goals] == ["Shared", "Private", "For Lee", "Done since"]
    assert [g.title for g in mentor.goals] == ["Shared", "For Lee", "Done since"]
    assert (mentee.kind, mentee.met_question, reminder.reminder) == (
        "career", "Did you meet Dr Lee in the last two weeks?", True)
    assert mentor.met_question == "Did you meet with Riley in the last two weeks?"
