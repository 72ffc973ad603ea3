"""Early warnings for coordinators as the scheduler raises them (no Slack): quiet pairs after the program's number
of cadences, stalled goals never private ones, raised once, a Monday digest per coordinator per week, one nudge."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.alerts import (
    NudgeError,
    alert_infos,
    latest_program_notes,
    nudge,
    program_notes,
    raise_alerts,
    send_weekly_digests,
)
from bot.program_settings import change_setting
from storage.queries.care import resolve_alert
from storage.tables import Alert, AuditEvent, CheckIn, Goal, Match, Meeting, OutboxMessage, Person
from tests.services import Program, program  # noqa: F401

STARTED = datetime(2024, 1, 1, 18, 0, tzinfo=UTC)  # a Monday


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 19, 0, tzinfo=UTC)  # 12:00 in Edmonton


def matched(program: Program, cadence: int = 30, mentee: str = "URILEY", mentor: str = "ULEE") -> int:  # noqa: F811
    riley = program.mentee(mentee, name=mentee[1:].capitalize())
    lee = program.mentor(mentor, name=mentor[1:].capitalize())
    with program.session() as session:
        match = Match(mentee_id=riley, mentor_id=lee, kind="career", cadence_days=cadence, started_at=STARTED)
        session.add(match)
        session.flush()
        return match.id or 0


def alerts(program: Program) -> list[tuple[str, str, date]]:  # noqa: F811
    return [(a.kind, a.detail, a.raised_on) for a in program.rows(Alert)]


def goal(program: Program, title: str, status: str = "on_track", target: date | None = None,  # noqa: F811
         visible_to: list[int] | None = None, mentee: str = "URILEY") -> int:
    with program.session() as session:
        pid = program.rows(Person, slack_user_id=mentee)[0].id
        row = Goal(mentee_id=pid, title=title, status=status, target_date=target, visible_to=visible_to,
                   created_at=STARTED, updated_at=STARTED)
        session.add(row)
        session.flush()
        return row.id or 0


def test_a_pair_is_quiet_after_the_programs_number_of_cadences(program: Program) -> None:  # noqa: F811
    matched(program)
    raise_alerts(program.deps, noon(date(2024, 3, 1)))  # exactly 60 days after the start: not yet
    assert alerts(program) == []
    raise_alerts(program.deps, noon(date(2024, 3, 2)))
    assert alerts(program) == [("quiet_pair", "no meeting logged since they were matched", date(2024, 3, 2))]


def test_quiet_is_counted_from_the_last_meeting_and_follows_the_setting(program: Program) -> None:  # noqa: F811
    match_id = matched(program, cadence=14)
    with program.session() as session:
        session.add(Meeting(match_id=match_id, met_on=date(2024, 2, 5), logged_by="URILEY", created_at=STARTED))
        change_setting(session=session, key="quiet_after_cadences", text="3", actor="U", now=STARTED)
    raise_alerts(program.deps, noon(date(2024, 3, 18)))  # 42 days after the meeting
    assert alerts(program) == []
    raise_alerts(program.deps, noon(date(2024, 3, 19)))
    assert alerts(program) == [("quiet_pair", "no meeting logged since February 5", date(2024, 3, 19))]


def test_the_day_is_the_programs_not_utcs(program: Program) -> None:  # noqa: F811
    matched(program)
    late = datetime(2024, 3, 2, 5, 0, tzinfo=UTC)  # still March 1 in Edmonton: exactly 60 days
    raise_alerts(program.deps, late)
    assert alerts(program) == []


def test_an_alert_is_raised_once_while_open_and_not_again_the_same_day(program: Program) -> None:  # noqa: F811
    match_id = matched(program)
    day = noon(date(2024, 3, 5))
    raise_alerts(program.deps, day)
    raise_alerts(program.deps, day + timedelta(days=1))
    assert len(program.rows(Alert)) == 1
    with program.session() as session:
        resolve_alert(session=session, kind="quiet_pair", subject_id=match_id, now=day)
    raise_alerts(program.deps, day + timedelta(hours=1))  # resolved, but already raised on that day
    assert len(program.rows(Alert)) == 1
    raise_alerts(program.deps, day + timedelta(days=2))
    assert [a.raised_on for a in program.rows(Alert)] == [date(2024, 3, 5), date(2024, 3, 7)]


def test_stalled_goals_are_at_risk_or_overdue_and_never_private(program: Program) -> None:  # noqa: F811
    match_id = matched(program)
    lee = program.rows(Match)[0].mentor_id
    with program.session() as session:
        session.add(Meeting(match_id=match_id, met_on=date(2024, 2, 1), logged_by="URILEY", created_at=STARTED))
    at_risk = goal(program, "Publish", status="at_risk")
    overdue = goal(program, "Present", target=date(2024, 2, 9))
    goal(program, "Due today", target=date(2024, 2, 10))
    goal(program, "Done", status="done", target=date(2024, 1, 9))
    goal(program, "Private", status="at_risk", visible_to=[])
    goal(program, "Only Lee", status="at_risk", visible_to=[lee])
    raise_alerts(program.deps, noon(date(2024, 2, 10)))
    assert sorted((a.kind, a.subject_id, a.detail) for a in program.rows(Alert)) == [
        ("stalled_goal", at_risk, "goal “Publish” is at risk"),
        ("stalled_goal", overdue, "goal “Present” is past its target date (February 9)")]
    assert {a.match_id for a in program.rows(Alert)} == {match_id}


def test_a_goal_without_a_current_mentor_raises_nothing(program: Program) -> None:  # noqa: F811
    matched(program)
    with program.session() as session:
        match = session.get(Match, program.rows(Match)[0].id)
        match.status = "ended"
    goal(program, "Publish", status="at_risk")
    raise_alerts(program.deps, noon(date(2024, 1, 5)))
    assert program.rows(Alert) == []


def test_shown_alerts_skip_ended_matches_and_goals_made_private(program: Program) -> None:  # noqa: F811
    match_id = matched(program)
    publish = goal(program, "Publish", status="at_risk")
    raise_alerts(program.deps, noon(date(2024, 3, 5)))
    with program.sessions() as session:
        infos = alert_infos(session=session)
    assert sorted((i.kind, i.mentee.slack_id, i.mentor.slack_id, i.raised_on, i.nudged) for i in infos) == [
        ("quiet_pair", "URILEY", "ULEE", date(2024, 3, 5), False),
        ("stalled_goal", "URILEY", "ULEE", date(2024, 3, 5), False)]
    with program.session() as session:
        session.get(Goal, publish).visible_to = []
    assert [i.kind for i in alert_infos(session=program.sessions())] == ["quiet_pair"]
    with program.session() as session:
        session.get(Match, match_id).status = "ended"
    assert alert_infos(session=program.sessions()) == []


def note(program: Program, match_id: int, cycle: int, text: str, at: datetime | None) -> None:  # noqa: F811
    with program.session() as session:
        session.add(CheckIn(match_id=match_id, role="mentor", cycle=cycle, due_at=STARTED, program_note=text,
                            program_note_at=at))


def test_program_notes_since_a_moment_oldest_first_and_the_latest_newest_first(program: Program) -> None:  # noqa: F811
    match_id = matched(program)
    note(program, match_id, 1, "first", STARTED + timedelta(days=1))
    note(program, match_id, 2, "second", STARTED + timedelta(days=8))
    note(program, match_id, 3, "third", STARTED + timedelta(days=9))
    note(program, match_id, 4, "", STARTED + timedelta(days=10))  # emptied by retention: nothing to show
    note(program, match_id, 5, "never", None)
    with program.sessions() as session:
        since = program_notes(session=session, since=STARTED + timedelta(days=8))
        assert [(n.note, n.mentee.slack_id, n.mentor.slack_id, n.kind) for n in since] == [
            ("second", "URILEY", "ULEE", "career"), ("third", "URILEY", "ULEE", "career")]
        assert [n.note for n in latest_program_notes(session=session, limit=3)] == ["third", "second"]
        assert [n.note for n in latest_program_notes(session=session, limit=10)] == ["third", "second", "first"]


def test_the_digest_goes_on_monday_morning_once_a_week_to_each_coordinator(program: Program) -> None:  # noqa: F811
    program.person("UCOORD1", coordinator=True)
    program.person("UCOORD2", coordinator=True)
    match_id = matched(program)
    monday = datetime(2024, 3, 4, 16, 0, tzinfo=UTC)  # 09:00 in Edmonton
    note(program, match_id, 1, "old note", monday - timedelta(days=7, seconds=1))
    send_weekly_digests(program.deps, monday)
    assert program.rows(OutboxMessage) == []  # nothing to tell
    note(program, match_id, 2, "this week", monday - timedelta(days=7))
    send_weekly_digests(program.deps, monday - timedelta(minutes=1))  # 08:59: not yet
    send_weekly_digests(program.deps, monday + timedelta(days=1))  # Tuesday: not a digest day
    assert program.rows(OutboxMessage) == []
    send_weekly_digests(program.deps, monday)
    send_weekly_digests(program.deps, monday + timedelta(hours=3))
    assert sorted((m.recipient, m.key, m.purpose) for m in program.rows(OutboxMessage)) == [
        ("UCOORD1", "digest:2024-W10:UCOORD1", "digest"), ("UCOORD2", "digest:2024-W10:UCOORD2", "digest")]
    [(alerts_shown, notes_shown, unacknowledged)] = program.notifier.named("render_digest")[:1]
    assert alerts_shown == [] and [n.note for n in notes_shown] == ["this week"] and unacknowledged == 0


def test_a_digest_with_alerts_only(program: Program) -> None:  # noqa: F811
    program.person("UCOORD1", coordinator=True)
    matched(program)
    raise_alerts(program.deps, noon(date(2024, 3, 4)))
    send_weekly_digests(program.deps, datetime(2024, 3, 4, 16, 0, tzinfo=UTC))
    assert [m.recipient for m in program.rows(OutboxMessage)] == ["UCOORD1"]
    [(shown, notes, _)] = program.notifier.named("render_digest")
    assert [a.kind for a in shown] == ["quiet_pair"] and notes == []


def test_a_nudge_is_sent_once_and_audited(program: Program) -> None:  # noqa: F811
    matched(program)
    raise_alerts(program.deps, noon(date(2024, 3, 5)))
    alert_id = program.rows(Alert)[0].id
    now = noon(date(2024, 3, 6))
    with program.session() as session:
        info = nudge(session=session, alert_id=str(alert_id), actor="UCOORD1", now=now)
    assert (info.alert_id, info.mentee.name, info.mentor.name) == (alert_id, "Riley", "Lee")
    assert program.rows(Alert)[0].nudged_at == now
    assert [(a.actor_slack_id, a.action, a.target) for a in program.rows(AuditEvent)] == [
        ("UCOORD1", "alert.nudge", str(alert_id))]
    with program.session() as session, pytest.raises(NudgeError, match="^Riley and Lee were already nudged about "
                                                                         "this; I won't remind them twice.$"):
        nudge(session=session, alert_id=alert_id, actor="UCOORD2", now=now)
    assert [i.nudged for i in alert_infos(session=program.sessions())] == [True]


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "", "١"])
def test_a_nudge_naming_no_alert_is_refused_plainly(program: Program, value: str) -> None:  # noqa: F811
    with program.session() as session, pytest.raises(NudgeError, match="doesn't name an alert I know"):
        nudge(session=session, alert_id=value, actor="UCOORD1", now=STARTED)


def test_a_resolved_alert_or_an_ended_match_gets_no_nudge(program: Program) -> None:  # noqa: F811
    match_id = matched(program)
    raise_alerts(program.deps, noon(date(2024, 3, 5)))
    alert_id = program.rows(Alert)[0].id
    with program.session() as session, pytest.raises(NudgeError, match="already resolved"):
        nudge(session=session, alert_id=999, actor="UCOORD1", now=STARTED)
    with program.session() as session:
        session.get(Match, match_id).status = "ended"
    with program.session() as session, pytest.raises(NudgeError, match="match has ended, so there is nobody"):
        nudge(session=session, alert_id=alert_id, actor="UCOORD1", now=STARTED)
    with program.session() as session:
        resolve_alert(session=session, kind="quiet_pair", subject_id=match_id, now=STARTED)
    with program.session() as session, pytest.raises(NudgeError, match="already resolved"):
        nudge(session=session, alert_id=alert_id, actor="UCOORD1", now=STARTED)
