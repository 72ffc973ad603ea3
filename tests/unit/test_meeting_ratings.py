"""Meeting ratings at the service level (bot/meeting_ratings.py): who is asked, when, once; who may answer, and that
the first answer stands. The HTTP tests (tests/test_meeting_ratings_http.py) show the same through Slack."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.meeting_ratings import AlreadyRated, NotYourRating, RatingError, ask_for_ratings, rate_meeting
from storage.tables import AuditEvent, Match, MatchStatus, Meeting, MeetingRating, OutboxMessage
from tests.services import START, Program, program  # noqa: F401  (fixture)

MET_ON = date(2024, 1, 16)


def pair(p: Program, mentee: str = "UMENTEE", mentor: str = "UMENTOR", status: str = MatchStatus.ACTIVE,
         logged_ago: timedelta = timedelta(hours=1), **mentee_fields: object) -> int:
    """A match with one meeting logged `logged_ago` before now; returns the meeting's id."""
    mentee_id = p.mentee(mentee, tz="America/Toronto", **mentee_fields)  # type: ignore[arg-type]
    mentor_id = p.mentor(mentor, name="Dr. Mentor")
    with p.session() as session:
        match = Match(mentee_id=mentee_id, mentor_id=mentor_id, kind="career", status=status, started_at=START)
        session.add(match)
        session.flush()
        meeting = Meeting(match_id=match.id or 0, met_on=MET_ON, logged_by=mentee,
                          created_at=p.clock.now() - logged_ago)
        session.add(meeting)
        session.flush()
        return meeting.id or 0


def asked(p: Program) -> list[tuple[str, str]]:
    return [(m.recipient, m.key) for m in p.rows(OutboxMessage) if m.purpose == "meeting.rating"]


def test_a_meeting_of_the_last_three_days_is_asked_once_of_its_mentee_in_their_working_hours(program: Program) -> None:
    pair(program, logged_ago=timedelta(days=3))  # exactly three days ago: still asked
    ask_for_ratings(program.deps, program.clock.now())
    ask_for_ratings(program.deps, program.clock.now())  # the next tick asks nothing again
    [rating] = program.rows(MeetingRating)
    assert asked(program) == [("UMENTEE", f"meeting_rating:{rating.id}")]
    assert (rating.asked_at, rating.rating) == (program.clock.now(), None)
    [message] = program.rows(OutboxMessage)
    # 13:00 in Toronto on a Wednesday is inside the default working hours: at once
    assert message.not_before == program.clock.now()
    [(view,)] = program.notifier.named("render_meeting_rating")
    assert (view.rating_id, view.mentor_name, view.met_on, view.rating) == (rating.id, "Dr. Mentor", MET_ON, None)


def test_outside_working_hours_the_question_waits_for_the_next_window(program: Program) -> None:
    pair(program)
    night = program.later(hours=10)  # 23:00 in Toronto
    ask_for_ratings(program.deps, night)
    [message] = program.rows(OutboxMessage)
    assert message.not_before > night and message.not_before - night < timedelta(hours=12)


@pytest.mark.parametrize("case", ["older", "ended", "departed", "paused"])
def test_older_meetings_ended_matches_departed_and_paused_mentees_are_not_asked(program: Program, case: str) -> None:
    pair(program, logged_ago=timedelta(days=3, seconds=1) if case == "older" else timedelta(hours=1),
         status=MatchStatus.ENDED if case == "ended" else MatchStatus.ACTIVE,
         active=case != "departed", paused_until=date(2024, 2, 1) if case == "paused" else None)
    ask_for_ratings(program.deps, program.clock.now())
    assert asked(program) == [] and program.rows(MeetingRating) == []


def test_a_paused_mentee_does_not_hold_up_the_questions_of_the_others(program: Program) -> None:
    pair(program, "UPAUSED", "UMENTOR1", paused_until=date(2024, 2, 1))  # the first meeting found
    pair(program, "UPRESENT", "UMENTOR2")
    ask_for_ratings(program.deps, program.clock.now())
    assert [recipient for recipient, _ in asked(program)] == ["UPRESENT"]


def test_a_pause_that_ended_yesterday_asks_again(program: Program) -> None:
    pair(program, paused_until=date(2024, 1, 17))  # the pause ends after the 16th: today, the 17th, is free
    ask_for_ratings(program.deps, program.clock.now())
    assert len(asked(program)) == 1


def rating_id(p: Program) -> int:
    pair(p)
    ask_for_ratings(p.deps, p.clock.now())
    [rating] = p.rows(MeetingRating)
    return rating.id or 0


def test_the_mentees_first_answer_stands_audited_and_a_second_is_told_what_stands(program: Program) -> None:
    rid = rating_id(program)
    now = program.later(minutes=5)
    with program.session() as session:
        view = rate_meeting(session=session, rating_id=rid, actor="UMENTEE", answer="useful", now=now)
    assert (view.rating_id, view.mentor_name, view.met_on, view.rating) == (rid, "Dr. Mentor", MET_ON, "useful")
    with pytest.raises(AlreadyRated, match=r"^You already rated this meeting: useful\. Thank you!$"):
        with program.session() as session:
            rate_meeting(session=session, rating_id=rid, actor="UMENTEE", answer="not_useful", now=program.later(minutes=1))
    [rating] = program.rows(MeetingRating)
    assert (rating.rating, rating.rated_at) == ("useful", now)
    assert [(e.actor_slack_id, e.action, e.target) for e in program.rows(AuditEvent, action="meeting.rate")] == [
        ("UMENTEE", "meeting.rate", str(rid))]


def test_only_the_pairs_mentee_may_answer_and_only_with_one_of_the_answers(program: Program) -> None:
    rid = rating_id(program)
    for actor in ("UMENTOR", "USTRANGER"):
        with pytest.raises(NotYourRating, match=r"^That question was meant for someone else\.$") as refused, program.session() as session:
            rate_meeting(session=session, rating_id=rid, actor=actor, answer="useful", now=program.clock.now())
        assert (refused.value.actor, refused.value.action, refused.value.target) == (actor, "meeting.rate", str(rid))
    with pytest.raises(RatingError, match="^That isn't one of the answers"), program.session() as session:
        rate_meeting(session=session, rating_id=rid, actor="UMENTEE", answer="brilliant", now=program.clock.now())
    with pytest.raises(RatingError, match="^That meeting is no longer on record"), program.session() as session:
        rate_meeting(session=session, rating_id=rid + 1, actor="UMENTEE", answer="useful", now=program.clock.now())
    assert [r.rating for r in program.rows(MeetingRating)] == [None]
