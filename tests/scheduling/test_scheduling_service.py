"""Find a time, pick, confirm, other times and "did it happen?" called as the listeners call them
(bot/scheduling/service.py), on a fresh database with the recording stand-in for Slack: who may schedule, the
three offered times, each compare-and-set's "already answered", what a confirmation queues and when (each person's
clock and working days), a reschedule's new round under the same calendar entry, and the meeting logged."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import select

from bot.scheduling.connectors import FreeBusyUnavailable
from bot.scheduling.service import (
    SchedulingError,
    TimesAlreadyAnswered,
    answer_followup,
    confirm_slot,
    find_time,
    other_times,
    pick_slot,
    reminder_time,
)
from bot.scheduling.slots import Interval
from bot.timing import DeliveryWindow
from storage.queries.audit import audit_events
from storage.tables import (
    Availability,
    Match,
    MatchStatus,
    Meeting,
    MenteeProfile,
    OutboxMessage,
    OutboxStatus,
    ScheduledMeeting,
    ScheduleStatus,
)
from tests.services import Program, program  # noqa: F401

RILEY, LEE, STRANGER = "URES0001", "UFAC0001", "UFAC0002"
NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # a Monday, before North America's DST change on Sunday 8 March


def windows(start: str, end: str, days: range = range(5)) -> list[dict]:
    return [{"weekday": day, "start": start, "end": end} for day in days]


@pytest.fixture
def pair(program: Program) -> Program:  # noqa: F811
    """Riley (Toronto) free 07:00-08:00 on weekdays, Dr. Lee (Edmonton) 05:00-06:30 with a video room: both windows
    meet at 12:00-13:00 UTC until DST, at 11:00-12:00 UTC after it (07:00 in Toronto either way)."""
    program.clock.set(NOW)
    program.riley = program.mentee(RILEY, name="Riley Resident", tz="America/Toronto")  # type: ignore[attr-defined]
    program.lee = program.mentor(LEE, name="Dr. Morgan Lee", tz="America/Edmonton")  # type: ignore[attr-defined]
    program.mentor(STRANGER, name="Dr. Ada Okafor", tz="America/Vancouver")
    with program.session() as session:
        match = Match(mentee_id=program.riley, mentor_id=program.lee, kind="career", started_at=NOW)  # type: ignore[attr-defined]
        session.add(match)
        session.flush()
        program.match_id = match.id  # type: ignore[attr-defined]
        session.add(Availability(person_id=program.riley, windows=windows("07:00", "08:00"), updated_at=NOW))  # type: ignore[attr-defined]
        session.add(Availability(person_id=program.lee, windows=windows("05:00", "06:30"),  # type: ignore[attr-defined]
                                 video_link="https://meet.example.org/lee", place="Room 4", updated_at=NOW))
    return program


def call(p: Program, step, **args):  # type: ignore[no-untyped-def]
    with p.session() as session:
        return step(session=session, notifier=p.notifier, now=p.clock.now(), **args)


def find(p: Program, actor: str = RILEY, **args):  # type: ignore[no-untyped-def]
    return call(p, find_time, match_id=p.match_id, actor=actor, **args)  # type: ignore[attr-defined]


def meeting(p: Program) -> ScheduledMeeting:
    [row] = p.rows(ScheduledMeeting)
    return row


def queued(p: Program, **where: object) -> list[OutboxMessage]:
    return [m for m in p.rows(OutboxMessage, **where) if m.status == OutboxStatus.PENDING]


def keys(p: Program) -> list[str]:
    return sorted(m.key.split(":", 1)[1] for m in p.rows(OutboxMessage) if m.status == OutboxStatus.PENDING)


def utc(day: int, hour: int, minute: int = 0) -> str:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC).isoformat()


def test_find_a_time_offers_both_three_times_a_day_away_or_more_in_both_windows(pair: Program) -> None:
    outcome = find(pair)
    row = meeting(pair)
    assert (outcome.meeting_id, outcome.status) == (row.id, ScheduleStatus.PROPOSED)
    assert row.slots == [utc(4, 12), utc(5, 12), utc(6, 12)]  # Tuesday's 12:00 is less than a day away
    assert (row.mode, row.minutes, row.round, row.requested_by, row.uid.endswith("@mentorbot")) == (
        "virtual", 30, 1, RILEY, True)
    offers = pair.notifier.named("render_slot_offer")
    assert [(offer[0].recipient.slack_id, offer[0].timezone, offer[0].rescheduling) for offer in offers] == [
        (RILEY, "America/Toronto", False), (LEE, "America/Edmonton", False)]
    assert keys(pair) == [f"{row.id}:r1:offer:{LEE}", f"{row.id}:r1:offer:{RILEY}"]
    assert all(m.interactive and m.not_before == NOW and m.purpose == "meeting_offer" for m in queued(pair))
    with pair.sessions() as session:
        [audit] = audit_events(session=session, action="meeting.find_time")
    assert (audit.actor_slack_id, audit.target, audit.detail) == (RILEY, str(row.id), {"slots": 3})


def test_the_mentor_may_ask_too_and_the_stranger_is_refused(pair: Program) -> None:
    with pytest.raises(SchedulingError, match="^You can only schedule meetings of your own mentoring matches.$"):
        find(pair, STRANGER)
    assert pair.rows(ScheduledMeeting) == []
    assert find(pair, LEE).status == ScheduleStatus.PROPOSED


@pytest.mark.parametrize("status", [MatchStatus.ENDED, "completed"])
def test_a_match_that_is_not_active_has_nothing_to_schedule(pair: Program, status: str) -> None:
    with pair.session() as session:
        match = session.get(Match, pair.match_id)  # type: ignore[attr-defined]
        match.status = status
    with pytest.raises(SchedulingError, match="^That match has ended, so there is nothing to schedule.$"):
        find(pair)
    with pytest.raises(SchedulingError, match="^That match has ended"):
        call(pair, find_time, match_id=9999, actor=RILEY)


def test_an_in_person_pair_gets_longer_slots_and_the_mentors_place(pair: Program) -> None:
    with pair.session() as session:
        profile = session.get(MenteeProfile, pair.riley)  # type: ignore[attr-defined]
        profile.meeting_mode = "in_person"
        session.get(Availability, pair.riley).windows = windows("07:00", "09:00")  # type: ignore[attr-defined]
    find(pair)
    row = meeting(pair)
    assert (row.mode, row.minutes) == ("in_person", 45)
    # both free 12:00-13:30 UTC; 45 minutes with 15 free on each side start at 12:30 (starts are on the half hour)
    assert row.slots == [utc(4, 12, 30), utc(5, 12, 30), utc(6, 12, 30)]
    pick(pair, 0, LEE)
    confirmed = confirm(pair, RILEY)
    assert all("LOCATION:Room 4" in file.content for file in confirmed.files)
    notes = [args[0] for args in pair.notifier.named("render_meeting_note") if args[0].kind == "confirmed"]
    assert {note.where for note in notes} == {"Room 4"}


def test_no_common_time_tells_both_and_offers_nothing(pair: Program) -> None:
    with pair.session() as session:
        session.get(Availability, pair.lee).windows = windows("15:00", "16:00")  # type: ignore[attr-defined]
    outcome = find(pair)
    assert outcome.status == ScheduleStatus.NO_SLOT and meeting(pair).slots == []
    assert [(n[0].kind, n[0].recipient.slack_id) for n in pair.notifier.named("render_meeting_note")] == [
        ("no_slot", RILEY), ("no_slot", LEE)]
    assert pair.notifier.named("render_slot_offer") == []


def pick(p: Program, index: int, actor: str = LEE, round_: int = 1):  # type: ignore[no-untyped-def]
    return call(p, pick_slot, meeting_id=meeting(p).id, round_=round_, index=index, actor=actor)


def confirm(p: Program, actor: str = RILEY, round_: int = 1):  # type: ignore[no-untyped-def]
    return call(p, confirm_slot, meeting_id=meeting(p).id, round_=round_, actor=actor)


@pytest.mark.parametrize(("index", "round_"), [(3, 1), (-1, 1), (0, 2), (0, 0)])
def test_a_pick_from_another_round_or_out_of_range_is_already_answered(pair: Program, index: int,
                                                                         round_: int) -> None:
    find(pair)
    with pytest.raises(TimesAlreadyAnswered, match="^Those times were already answered"):
        pick(pair, index, round_=round_)
    assert meeting(pair).status == ScheduleStatus.PROPOSED


def test_a_pick_asks_the_partner_to_confirm_and_a_second_pick_is_already_answered(pair: Program) -> None:
    find(pair)
    outcome = pick(pair, 1, LEE)
    row = meeting(pair)
    assert (outcome.status, row.status, row.picked_by, row.starts_at) == (
        ScheduleStatus.PICKED, ScheduleStatus.PICKED, LEE, datetime(2026, 3, 5, 12, tzinfo=UTC))
    assert [(n[0].kind, n[0].recipient.slack_id) for n in pair.notifier.named("render_meeting_note")] == [
        ("picked", LEE), ("to_confirm", RILEY)]
    assert f"{row.id}:r1:picked:{RILEY}" in keys(pair) and f"{row.id}:r1:picked:{LEE}" in keys(pair)
    with pytest.raises(TimesAlreadyAnswered, match="^A time was already picked"):
        pick(pair, 0, RILEY)
    with pair.sessions() as session:
        assert [e.actor_slack_id for e in audit_events(session=session, action="meeting.pick")] == [LEE]


def test_the_one_who_picked_cannot_confirm_their_own_pick(pair: Program) -> None:
    find(pair)
    pick(pair, 0, LEE)
    with pytest.raises(SchedulingError, match="^Riley Resident confirms the time you picked.$"):
        confirm(pair, LEE)
    assert meeting(pair).status == ScheduleStatus.PICKED


def test_a_confirmation_queues_the_note_now_the_reminder_the_working_day_before_and_the_follow_up(
        pair: Program) -> None:
    find(pair)
    pick(pair, 0, LEE)  # Wednesday 4 March, 12:00 UTC: 07:00 in Toronto, 05:00 in Edmonton
    pair.later(hours=25)  # Tuesday 15:00 UTC: 10:00 in Toronto (its working day has begun), 08:00 in Edmonton
    outcome = confirm(pair, RILEY)
    row = meeting(pair)
    assert (row.status, row.confirmed_at, row.sequence) == (ScheduleStatus.CONFIRMED, pair.clock.now(), 0)
    assert sorted(file.recipient for file in outcome.files) == [LEE, RILEY]  # the invitation, for each of them
    by_key = {m.key.split(":", 1)[1]: m for m in queued(pair)}
    confirmed = {who: by_key[f"{row.id}:s0:confirmed:{who}"] for who in (RILEY, LEE)}
    assert all(m.interactive and m.not_before == pair.clock.now() for m in confirmed.values())
    # Riley's working day before has begun: the confirmation is the reminder; Dr. Lee's starts at 16:00 UTC
    assert f"{row.id}:s0:reminder:{RILEY}" not in by_key
    reminder = by_key[f"{row.id}:s0:reminder:{LEE}"]
    assert (reminder.not_before, reminder.interactive, reminder.purpose) == (
        datetime(2026, 3, 3, 16, tzinfo=UTC), False, "meeting_reminder")
    # follow-up: the meeting ends 12:30 UTC, +30 min = 13:00 UTC = 08:00 Toronto / 06:00 Edmonton: before 9:00
    followups = {who: by_key[f"{row.id}:s0:followup:{who}"] for who in (RILEY, LEE)}
    assert followups[RILEY].not_before == datetime(2026, 3, 4, 14, tzinfo=UTC)  # 09:00 in Toronto
    assert followups[LEE].not_before == datetime(2026, 3, 4, 16, tzinfo=UTC)  # 09:00 in Edmonton
    assert {m.purpose for m in followups.values()} == {"meeting_followup"}
    assert not any(m.interactive for m in followups.values())
    notes = [n[0] for n in pair.notifier.named("render_meeting_note") if n[0].kind == "confirmed"]
    assert [(n.recipient.slack_id, n.where, n.reminder_coming) for n in notes] == [
        (RILEY, "https://meet.example.org/lee", False), (LEE, "https://meet.example.org/lee", True)]
    with pytest.raises(TimesAlreadyAnswered, match="^That time was already answered"):
        confirm(pair, RILEY)
    with pair.sessions() as session:
        [audit] = audit_events(session=session, action="meeting.confirm")
    assert (audit.actor_slack_id, audit.detail) == (RILEY, {"sequence": 0})


def test_a_meeting_later_in_the_week_gets_a_reminder_at_the_start_of_each_ones_working_day_before(
        pair: Program) -> None:
    find(pair)
    pick(pair, 2, LEE)  # Friday 6 March
    confirm(pair, RILEY)
    row = meeting(pair)
    by_key = {m.key.split(":", 1)[1]: m for m in queued(pair)}
    assert by_key[f"{row.id}:s0:reminder:{RILEY}"].not_before == datetime(2026, 3, 5, 14, tzinfo=UTC)
    assert by_key[f"{row.id}:s0:reminder:{LEE}"].not_before == datetime(2026, 3, 5, 16, tzinfo=UTC)
    assert by_key[f"{row.id}:s0:reminder:{LEE}"].purpose == "meeting_reminder"
    notes = [n[0] for n in pair.notifier.named("render_meeting_note") if n[0].kind == "confirmed"]
    assert all(n.reminder_coming for n in notes)


@pytest.mark.parametrize(("starts", "timezone", "now", "expected"), [
    (datetime(2026, 3, 9, 14, tzinfo=UTC), "America/Toronto", NOW, datetime(2026, 3, 6, 14, tzinfo=UTC)),  # Monday -> Friday
    (datetime(2026, 3, 5, 14, tzinfo=UTC), "America/Toronto", NOW, datetime(2026, 3, 4, 14, tzinfo=UTC)),
    (datetime(2026, 3, 10, 13, tzinfo=UTC), "America/Toronto", NOW, datetime(2026, 3, 9, 13, tzinfo=UTC)),  # after DST
    (datetime(2026, 3, 3, 14, tzinfo=UTC), "America/Toronto", datetime(2026, 3, 2, 14, tzinfo=UTC),
     datetime(2026, 3, 2, 14, tzinfo=UTC)),  # exactly now: still to come
    (datetime(2026, 3, 3, 14, tzinfo=UTC), "America/Toronto", datetime(2026, 3, 2, 14, 1, tzinfo=UTC), None),
    (datetime(2026, 3, 3, 2, tzinfo=UTC), "America/Toronto", NOW - timedelta(days=7),
     datetime(2026, 2, 27, 14, tzinfo=UTC)),  # Tuesday in UTC, Monday 21:00 in Toronto: the Friday before
])
def test_the_reminder_is_at_the_start_of_the_last_working_day_before_on_the_persons_clock(
        starts: datetime, timezone: str, now: datetime, expected: datetime | None) -> None:
    working = DeliveryWindow(start=time(9), end=time(17), weekdays=frozenset(range(5)))
    assert reminder_time(starts, timezone, working, now) == expected


def test_other_times_offers_a_new_round_without_the_old_times_and_a_stale_button_is_answered(pair: Program) -> None:
    find(pair)
    first = meeting(pair)
    outcome = call(pair, other_times, meeting_id=first.id, round_=1, actor=LEE)
    row = meeting(pair)
    assert (outcome.status, row.round, row.uid) == (ScheduleStatus.PROPOSED, 2, first.uid)
    assert row.slots == [utc(9, 11), utc(10, 11), utc(11, 11)]  # after DST, 07:00 in Toronto is 11:00 UTC
    assert not set(row.slots) & set(first.slots)
    assert f"{row.id}:r2:offer:{RILEY}" in keys(pair)
    with pytest.raises(TimesAlreadyAnswered):
        call(pair, other_times, meeting_id=row.id, round_=1, actor=RILEY)
    with pytest.raises(TimesAlreadyAnswered):
        pick(pair, 0, RILEY, round_=1)


def test_asking_for_other_times_when_none_are_left_tells_only_the_one_who_asked(pair: Program) -> None:
    with pair.session() as session:
        session.get(Availability, pair.riley).windows = windows("07:00", "07:30", range(1))  # type: ignore[attr-defined]
    find(pair)
    first = meeting(pair)
    assert first.slots == [utc(9, 11), utc(16, 11)]  # half an hour on Mondays: two times in two weeks
    pair.notifier.calls.clear()
    outcome = call(pair, other_times, meeting_id=first.id, round_=1, actor=LEE)
    row = meeting(pair)
    assert (outcome.status, row.round, row.slots) == (ScheduleStatus.PROPOSED, 1, first.slots)
    assert [(n[0].kind, n[0].recipient.slack_id) for n in pair.notifier.named("render_meeting_note")] == [
        ("no_other_slot", LEE)]
    assert pair.notifier.named("render_slot_offer") == []


def test_find_a_time_again_reschedules_the_open_meeting_and_cancels_its_reminder(pair: Program) -> None:
    find(pair)
    pick(pair, 2, LEE)
    confirm(pair, RILEY)
    row = meeting(pair)
    find(pair, LEE)
    again = meeting(pair)
    assert (again.id, again.round, again.status) == (row.id, 2, ScheduleStatus.PROPOSED)
    cancelled = [m.key for m in pair.rows(OutboxMessage) if m.status == OutboxStatus.CANCELLED]
    assert sorted(k.split(":", 1)[1] for k in cancelled) == sorted(
        f"{row.id}:s0:{what}:{who}" for what in ("reminder", "followup") for who in (RILEY, LEE))
    offers = pair.notifier.named("render_slot_offer")
    assert [o[0].rescheduling for o in offers] == [False, False, True, True]
    pick(pair, 0, RILEY, round_=2)
    confirm(pair, LEE, round_=2)
    assert meeting(pair).sequence == 1  # a changed invitation: a higher SEQUENCE, the same UID


def followup(p: Program, actor: str, happened: bool, sequence: int = 0):  # type: ignore[no-untyped-def]
    return call(p, answer_followup, meeting_id=meeting(p).id, sequence=sequence, actor=actor, happened=happened)


def test_yes_we_met_logs_the_meeting_on_its_local_day_once(pair: Program) -> None:
    with pytest.raises(SchedulingError, match="^That meeting no longer exists.$"):
        call(pair, answer_followup, meeting_id=99, sequence=0, actor=RILEY, happened=True)
    find(pair)
    with pytest.raises(TimesAlreadyAnswered, match="^That meeting has moved since"):
        followup(pair, RILEY, True)  # not confirmed yet
    pick(pair, 0, LEE)
    confirm(pair, RILEY)
    with pytest.raises(TimesAlreadyAnswered, match="^That meeting has moved since"):
        followup(pair, RILEY, True, sequence=1)
    pair.later(days=2, hours=1)  # Wednesday 15:00 UTC, after the meeting
    outcome = followup(pair, RILEY, True)
    row = meeting(pair)
    assert (outcome.status, row.status, row.held_at) == (ScheduleStatus.HELD, ScheduleStatus.HELD, pair.clock.now())
    [log] = pair.rows(Meeting)
    assert (log.met_on, log.match_id) == (date(2026, 3, 4), pair.match_id)  # type: ignore[attr-defined]
    assert f"{row.id}:s0:logged:{RILEY}" in keys(pair)
    with pytest.raises(TimesAlreadyAnswered, match="^Riley Resident already logged it as held.$"):
        followup(pair, LEE, False)
    followup(pair, LEE, True)  # a second yes merges into the same day's log
    assert len(pair.rows(Meeting)) == 1


def test_no_we_did_not_meet_offers_new_times_for_the_same_entry(pair: Program) -> None:
    find(pair)
    pick(pair, 0, LEE)
    confirm(pair, RILEY)
    pair.later(days=2, hours=1)
    outcome = followup(pair, LEE, False)
    row = meeting(pair)
    assert (outcome.status, row.round, row.picked_by) == (ScheduleStatus.PROPOSED, 2, None)
    assert pair.rows(Meeting) == []


class Calendar:
    def __init__(self, busy: dict[str, list[Interval]] | None = None, fail: bool = False) -> None:
        self.asked: list[tuple[list[str], datetime, datetime]] = []
        self.result, self.fail = busy or {}, fail

    def busy(self, emails: list[str], start: datetime, end: datetime) -> dict[str, list[Interval]]:
        self.asked.append((emails, start, end))
        if self.fail:
            raise FreeBusyUnavailable("quota")
        return self.result


def test_a_connected_calendars_busy_time_is_avoided_and_a_failing_one_is_only_logged(
        pair: Program, caplog: pytest.LogCaptureFixture) -> None:
    with pair.session() as session:
        from storage.tables import Person
        for person in session.exec(select(Person)):
            person.email = f"{person.slack_user_id.lower()}@example.org"
    busy = Calendar({"ufac0001@example.org": [(datetime(2026, 3, 4, 11, tzinfo=UTC),
                                                       datetime(2026, 3, 4, 14, tzinfo=UTC))]})
    find(pair, free_busy=busy)
    assert meeting(pair).slots == [utc(5, 12), utc(6, 12), utc(9, 11)]  # not Wednesday: busy in his calendar
    [(emails, start, end)] = busy.asked
    assert (sorted(emails), start, end) == (["ufac0001@example.org", "ures0001@example.org"],
                                            NOW + timedelta(hours=24), NOW + timedelta(days=15))
    caplog.set_level(logging.WARNING)
    call(pair, other_times, meeting_id=meeting(pair).id, round_=1, actor=RILEY, free_busy=Calendar(fail=True))
    assert meeting(pair).slots == [utc(4, 12), utc(10, 11), utc(11, 11)]  # his calendar unknown: Wednesday again
    assert "calendar connector unavailable" in caplog.text


def test_someone_outside_the_pair_is_refused_at_every_step(pair: Program) -> None:
    find(pair)
    row = meeting(pair)
    steps = [(pick_slot, {"round_": 1, "index": 0}), (confirm_slot, {"round_": 1}), (other_times, {"round_": 1}),
             (answer_followup, {"sequence": 0, "happened": True})]
    for decision, args in steps:
        with pytest.raises(SchedulingError, match="^You can only schedule meetings of your own mentoring matches.$"):
            call(pair, decision, meeting_id=row.id, actor=STRANGER, **args)
    assert (meeting(pair).status, meeting(pair).round) == (ScheduleStatus.PROPOSED, 1)


def test_each_persons_calendar_file_is_in_their_language_under_the_same_uid_and_sequence(pair: Program) -> None:
    from bot.i18n.locale import speaking
    from bot.scheduling.invitations import queue_invitation_files

    find(pair)
    pick(pair, 0, LEE)
    file = confirm(pair, RILEY).files[0]
    sent: list = []

    class Recording:
        def send_file(self, user_id, built, comment, *, purpose):  # type: ignore[no-untyped-def]
            sent.append(built)

    queue_invitation_files(Recording(), [file])  # type: ignore[arg-type]
    with speaking("fr"):
        french, title = file.content, sent[0]().title
    with speaking("en"):
        english = file.content
    assert title == "Rencontre de mentorat"
    assert "SUMMARY:Mentorat\u00a0: Riley Resident et Dr. Morgan Lee" in french
    assert "SUMMARY:Mentoring: Riley Resident and Dr. Morgan Lee" in english
    assert "DESCRIPTION:Mentorat (carrière)" in french
    lines = {text: {line for line in text.splitlines() if line.startswith(("UID:", "SEQUENCE:"))} for text in (french, english)}
    assert lines[french] == lines[english] and len(lines[french]) == 2
