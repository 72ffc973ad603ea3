"""Pairs that actually meet, through signed requests and the emulator: availability, "Find a time" across
timezones and a DST change, a busy block honoured, invitations, reminders, follow-ups, reschedules and endings."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from storage.tables import Availability, Meeting, OutboxMessage, ScheduleStatus
from tests.clicks import capture_click, send_at_once
from tests.conftest import Harness
from tests.scheduling.helpers import (
    LEE,
    RILEY,
    buttons,
    click_and_deliver,
    enrol,
    ics_files,
    last_with,
    match_pair,
    meeting,
    parsed_event,
    set_availability,
    texts,
    tick,
)

MONDAY = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # before North America's DST change on Sunday 8 March
NIGHT = "2026-03-03 19:00 - 2026-03-04 09:00"  # Riley's night on call, Toronto time


@pytest.fixture
def pair(harness: Harness) -> Harness:
    """Riley (Toronto) free 07:00-08:00 on weekdays and on call Tuesday night; Dr. Lee (Edmonton) free 05:00-06:30.

    Both windows meet at 12:00-13:00 UTC before DST and at 11:00-12:00 UTC after it: 07:00 in Toronto either way.
    """
    harness.clock.set(MONDAY)
    enrol(harness, RILEY, "America/Toronto", "riley@example.org", as_mentee=True, stage="PGY-1",
          kinds_wanted=["career"], meeting_mode="virtual")
    enrol(harness, LEE, "America/Edmonton", "lee@example.org", as_mentor=True, stage="associate_professor",
          kinds_offered=["career"])
    harness.match_id = match_pair(harness)  # type: ignore[attr-defined]
    set_availability(harness, RILEY, windows="mon-fri 07:00-08:00", busy=NIGHT)
    set_availability(harness, LEE, windows="mon-fri 05:00-06:30", video_link="https://meet.example.org/lee")
    return harness


def find_time(harness: Harness, user: str = RILEY) -> None:
    click_and_deliver(harness, user, "meet_find", str(harness.match_id))  # type: ignore[attr-defined]


def pick_and_confirm(harness: Harness, index: int) -> None:
    offer = last_with(harness, RILEY, "meet_pick_")
    click_and_deliver(harness, RILEY, f"meet_pick_{index}", buttons(offer, f"meet_pick_{index}")[0]["value"])
    ask = last_with(harness, LEE, "meet_confirm")
    harness.slack.click(LEE, "meet_confirm", value=buttons(ask, "meet_confirm")[0]["value"])
    harness.slack.wait_for(lambda: len(ics_files(harness, LEE)) >= 1)
    tick(harness, harness.clock.now())


def test_availability_modal_saves_privately_and_shows_each_problem_on_its_field(harness: Harness) -> None:
    harness.clock.set(MONDAY)
    enrol(harness, RILEY, "America/Toronto", as_mentee=True, stage="PGY-1", kinds_wanted=["career"])
    harness.slack.slash_command(RILEY, "/mentor", "availability")
    modal = harness.slack.wait_for(lambda: harness.slack.open_modal(RILEY))
    assert "Private" in json.dumps(modal)
    answer = harness.slack.submit_view(RILEY, {"windows": "weekdays at seven", "busy": "soon",
                                               "video_link": "http://x"})
    errors = json.loads(answer.body)["errors"]
    assert set(errors) == {"windows", "busy", "video_link"}
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:n@t\r\n"
           "DTSTART;TZID=America/Toronto:20260303T190000\r\nDTEND;TZID=America/Toronto:20260304T070000\r\n"
           "RRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:Nights\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    answer = harness.slack.submit_view(RILEY, {"windows": "mon-fri 07:00-08:00", "busy": "", "ics": ics,
                                               "video_link": ""})
    assert answer.body.strip() == ""
    harness.slack.wait_for(lambda: any("Saved your availability" in m.get("text", "")
                                       for m in harness.slack.messages_to(RILEY)) or None)  # queued with the save
    with harness.deps.sessions() as session:
        (row,) = session.exec(select(Availability)).all()
        assert len(row.windows) == 5 and len(row.busy) == 4  # the weekly night shift, expanded with its DST change
        assert row.busy[1]["start"] == "2026-03-10T23:00:00+00:00"  # 19:00 EDT
    harness.slack.slash_command(RILEY, "/mentor", "availability")
    reopened = json.dumps(harness.slack.wait_for(lambda: harness.slack.open_modal(RILEY)))
    assert "mon 07:00-08:00" in reopened and "4 busy blocks imported" in reopened


def test_three_slots_across_timezones_and_dst_honour_the_night_then_invitation_reminder_and_follow_up(
        pair: Harness) -> None:
    find_time(pair)
    offer = last_with(pair, RILEY, "meet_pick_")
    labels = [b["text"]["text"] for b in buttons(offer, "meet_pick_")]
    # Tuesday is under a day away, Wednesday morning is after Riley's night: Thursday, Friday, then Monday after DST
    assert labels == ["Thu 5 Mar, 07:00", "Fri 6 Mar, 07:00", "Mon 9 Mar, 07:00"]
    lee_labels = [b["text"]["text"] for b in buttons(last_with(pair, LEE, "meet_pick_"), "meet_pick_")]
    assert lee_labels == ["Thu 5 Mar, 05:00", "Fri 6 Mar, 05:00", "Mon 9 Mar, 05:00"]
    pick_and_confirm(pair, 2)
    (riley_file,), (lee_file,) = ics_files(pair, RILEY), ics_files(pair, LEE)
    event, _ = parsed_event(riley_file)
    assert event["DTSTART"].dt == datetime(2026, 3, 9, 11, 0, tzinfo=UTC)  # 07:00 EDT
    assert int(event["SEQUENCE"]) == 0 and str(event["URL"]) == "https://meet.example.org/lee"
    assert riley_file == lee_file and str(event["UID"]) == meeting(pair).uid
    assert any("Confirmed" in t for t in texts(pair, RILEY)) and any("Confirmed" in t for t in texts(pair, LEE))
    # the reminder: the working day before, 09:00 on each person's own clock (Friday)
    tick(pair, datetime(2026, 3, 6, 13, 59, tzinfo=UTC))
    assert not any("Reminder" in t for t in texts(pair, RILEY))
    tick(pair, datetime(2026, 3, 6, 14, 0, tzinfo=UTC))
    assert sum("Reminder" in t for t in texts(pair, RILEY)) == 1 and not any("Reminder" in t for t in texts(pair, LEE))
    tick(pair, datetime(2026, 3, 6, 16, 0, tzinfo=UTC))
    assert sum("Reminder" in t for t in texts(pair, LEE)) == 1
    # the follow-up after the slot, in working hours: 09:00 EDT for Riley, 09:00 MDT for Dr. Lee
    tick(pair, datetime(2026, 3, 9, 13, 0, tzinfo=UTC))
    followup = last_with(pair, RILEY, "meet_happened")
    click_and_deliver(pair, RILEY, "meet_happened", buttons(followup, "meet_happened")[0]["value"])
    # the message clicked now says so (the newest DM may be the meeting's rating question, queued by the same log)
    assert meeting(pair).status == ScheduleStatus.HELD and any("Noted: you met" in t for t in texts(pair, RILEY)[-2:])
    tick(pair, datetime(2026, 3, 9, 15, 0, tzinfo=UTC))
    followup = last_with(pair, LEE, "meet_happened")
    click_and_deliver(pair, LEE, "meet_happened", buttons(followup, "meet_happened")[0]["value"])
    pair.slack.slash_command(LEE, "/mentor", f"met <@{RILEY}> 2026-03-09")
    with pair.deps.sessions() as session:
        (logged,) = session.exec(select(Meeting)).all()  # one meeting, however many ways it was logged
        assert logged.met_on == date(2026, 3, 9) and logged.minutes == 30


def test_reschedule_keeps_the_uid_raises_the_sequence_and_withdraws_the_old_reminders(pair: Harness) -> None:
    find_time(pair)
    pick_and_confirm(pair, 0)
    uid = meeting(pair).uid
    find_time(pair, LEE)  # "Find a time" again: that time no longer works
    assert "no longer work" in texts(pair, RILEY)[-1]
    pick_and_confirm(pair, 0)
    files = ics_files(pair, RILEY)
    assert len(files) == 2
    first, second = parsed_event(files[0])[0], parsed_event(files[1])[0]
    assert str(first["UID"]) == str(second["UID"]) == uid
    assert (int(first["SEQUENCE"]), int(second["SEQUENCE"])) == (0, 1)
    assert first["DTSTART"].dt != second["DTSTART"].dt
    with pair.deps.sessions() as session:
        reminders = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "meeting_reminder")).all()
        assert sorted((m.key.split(":")[2], m.status) for m in reminders) == [
            ("s0", "cancelled"), ("s0", "cancelled"), ("s1", "pending"), ("s1", "pending")]


def test_two_picks_at_once_have_one_winner_and_the_other_is_told(pair: Harness) -> None:
    find_time(pair)
    riley = capture_click(pair.slack, RILEY, "meet_pick_0",
                          value=buttons(last_with(pair, RILEY, "meet_pick_"), "meet_pick_0")[0]["value"])
    lee = capture_click(pair.slack, LEE, "meet_pick_1",
                        value=buttons(last_with(pair, LEE, "meet_pick_"), "meet_pick_1")[0]["value"])
    send_at_once(pair.slack, [riley, lee])
    pair.slack.wait_for(lambda: any("already" in t for t in texts(pair, RILEY) + texts(pair, LEE)))
    assert meeting(pair).status == ScheduleStatus.PICKED
    tick(pair, pair.clock.now())
    to_confirm = [u for u in (RILEY, LEE) if any("meet_confirm" in t for t in texts(pair, u))]
    assert len(to_confirm) == 1 and meeting(pair).picked_by != to_confirm[0]


def test_other_times_offers_new_ones_and_an_old_button_finds_nothing(pair: Harness) -> None:
    find_time(pair)
    first = last_with(pair, RILEY, "meet_pick_")
    click_and_deliver(pair, LEE, "meet_other_times", buttons(last_with(pair, LEE, "meet_other"), "meet_other")[0]["value"])
    newer = last_with(pair, RILEY, "meet_pick_")
    assert [b["value"] for b in buttons(newer, "meet_pick_")] != [b["value"] for b in buttons(first, "meet_pick_")]
    assert not set(b["text"]["text"] for b in buttons(newer, "meet_pick_")) & set(
        b["text"]["text"] for b in buttons(first, "meet_pick_"))
    pair.slack.click(RILEY, "meet_pick_0", value=buttons(first, "meet_pick_0")[0]["value"])
    pair.slack.wait_for(lambda: any("already" in t for t in texts(pair, RILEY)))
    assert meeting(pair).status == ScheduleStatus.PROPOSED


def test_no_time_in_common_tells_both_without_revealing_either_calendar(pair: Harness) -> None:
    set_availability(pair, LEE, windows="sat 10:00-11:00")
    find_time(pair)
    assert meeting(pair).status == ScheduleStatus.NO_SLOT
    for user in (RILEY, LEE):
        assert "no time in common" in texts(pair, user)[-1]
    assert not any("sat" in t.lower() or "19:00" in t for t in texts(pair, RILEY) + texts(pair, LEE))


def test_the_partner_never_sees_availability_only_computed_times(pair: Harness) -> None:
    find_time(pair)
    pick_and_confirm(pair, 1)
    seen_by_lee = " ".join(texts(pair, LEE) + ics_files(pair, LEE))
    assert "19:00" not in seen_by_lee and "2026-03-03" not in seen_by_lee and "07:00-08:00" not in seen_by_lee


def test_ending_the_match_cancels_the_meeting_in_both_calendars(pair: Harness) -> None:
    find_time(pair)
    pick_and_confirm(pair, 0)
    uid = meeting(pair).uid
    pair.slack.click(RILEY, "intro_not_a_fit", value=str(pair.match_id))  # type: ignore[attr-defined]
    pair.slack.wait_for(lambda: len(ics_files(pair, LEE)) == 2)
    cancelled, _ = parsed_event(ics_files(pair, LEE)[-1])
    assert str(cancelled["UID"]) == uid and str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 1
    assert "METHOD:CANCEL" in ics_files(pair, LEE)[-1]
    with pair.deps.sessions() as session:
        later = session.exec(select(OutboxMessage).where(OutboxMessage.purpose.in_(  # type: ignore[attr-defined]
            ("meeting_reminder", "meeting_followup")))).all()
        assert {m.status for m in later} == {"cancelled"}
    assert meeting(pair).status == ScheduleStatus.CANCELLED


def test_find_a_time_is_on_the_introduction_each_check_in_and_app_home(pair: Harness) -> None:
    posted = [json.dumps(c.params) for c in pair.slack.calls("chat.postMessage")]
    assert any("Meet your" in p and "meet_find" in p for p in posted)  # the pair's introduction
    pair.slack.open_home(RILEY)
    home = json.dumps(pair.slack.wait_for(lambda: pair.slack.home_view(RILEY)))
    assert "meet_find" in home and "home_availability" in home and "no meeting arranged" in home
    tick(pair, datetime(2026, 4, 1, 15, 0, tzinfo=UTC))  # the first monthly check-in, 11:00 in Toronto
    checkin = last_with(pair, RILEY, "meet_find")
    assert "check-in" in checkin["text"].lower()
    pair.slack.click(RILEY, "meet_find", value=buttons(checkin, "meet_find")[0]["value"])
    pair.slack.wait_for(lambda: meeting(pair) is not None)
    # the times answer a click: the server's sender delivers them at once, no scheduler tick in between
    pair.slack.wait_for(lambda: any(buttons(m, "meet_pick_") for m in pair.slack.messages_to(RILEY)))
    pair.slack.open_home(RILEY)
    pair.slack.wait_for(lambda: "times offered" in json.dumps(pair.slack.home_view(RILEY)))


def test_a_stranger_cannot_pick_or_ask_for_other_times(pair: Harness) -> None:
    find_time(pair)
    stranger, before = "URES0002", meeting(pair)
    enrol(pair, stranger, "Europe/London", as_mentee=True, stage="PGY-2", kinds_wanted=["career"])
    offer = last_with(pair, RILEY, "meet_pick_")
    for action_id in ("meet_pick_0", "meet_other_times"):  # Riley's buttons, clicked in a forged payload
        forged = capture_click(pair.slack, RILEY, action_id, value=buttons(offer, action_id)[0]["value"])
        forged["user"] = {"id": stranger, "username": "sam", "name": "sam", "team_id": "T0MENTOR"}
        send_at_once(pair.slack, [forged])
    pair.slack.wait_for(lambda: len([t for t in texts(pair, stranger) if "your own mentoring" in t]) == 2)
    after = meeting(pair)
    assert (after.status, after.round, after.picked_by) == (ScheduleStatus.PROPOSED, before.round, None)


def test_asking_for_other_times_when_there_are_none_says_so_truthfully(pair: Harness) -> None:
    set_availability(pair, LEE, windows="mon 05:00-05:30")  # one half hour a week: two Mondays in the span
    find_time(pair)
    offer = last_with(pair, RILEY, "meet_pick_")
    assert [b["text"]["text"] for b in buttons(offer, "meet_pick_")] == ["Mon 9 Mar, 07:00", "Mon 16 Mar, 07:00"]
    click_and_deliver(pair, RILEY, "meet_other_times", buttons(offer, "meet_other_times")[0]["value"])
    assert "no other times" in texts(pair, RILEY)[-1] and "already offered still stand" in texts(pair, RILEY)[-1]
    assert not any("no other times" in t or "no time in common" in t for t in texts(pair, LEE))
    assert meeting(pair).round == 1


def test_leaving_the_program_cancels_the_meeting_in_both_calendars(pair: Harness) -> None:
    find_time(pair)
    pick_and_confirm(pair, 0)
    pair.slack.slash_command(LEE, "/mentor", "leave")
    pair.slack.wait_for(lambda: pair.slack.open_modal(LEE))
    pair.slack.submit_view(LEE, {"mode": "leave"})
    pair.slack.wait_for(lambda: len(ics_files(pair, RILEY)) == 2)
    assert "METHOD:CANCEL" in ics_files(pair, RILEY)[-1]
    assert meeting(pair).status == ScheduleStatus.CANCELLED
