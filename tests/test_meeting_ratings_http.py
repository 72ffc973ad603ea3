"""The mentee's one-click rating after each logged meeting, through Slack: only the mentee is asked (in their
working hours, through the outbox), one click stands, the mentor never sees it, my-data carries it for the mentee
alone, and the report shows it only in aggregate above the minimum group."""

from __future__ import annotations

import json
from datetime import timedelta

from storage.tables import AuditEvent, Meeting, MeetingRating
from tests.agreement_pairs import MATCHED_AT, MENTEE, MENTOR, dms, make_pair, rows, tick
from tests.clicks import capture_click, send_at_once
from tests.conftest import Harness

QUESTION = "How useful was your meeting with"
MET_AT = MATCHED_AT + timedelta(days=7)  # Monday 9 March, 13:00 in Toronto


def met(harness: Harness, who: str = MENTEE, partner: str = f"<@{MENTOR}|lee>", at=MET_AT) -> None:
    tick(harness, at)
    harness.slack.slash_command(who, "/mentor", f"met {partner}")
    harness.slack.wait_for(lambda: rows(harness, Meeting))
    tick(harness, at + timedelta(minutes=1))


def aside(harness: Harness, user: str, containing: str) -> list[str]:
    """Ephemeral answers beside the message clicked."""
    return [t for t in map(json.dumps, harness.slack.ephemerals_to(user)) if containing in t]


def rating(harness: Harness) -> MeetingRating:
    return harness.slack.wait_for(lambda: rows(harness, MeetingRating))[0]


def test_only_the_mentee_is_asked_once_and_told_who_sees_it(harness: Harness) -> None:
    make_pair(harness)
    met(harness, who=MENTOR, partner=f"<@{MENTEE}|riley>")  # the mentor logged it: still the mentee is asked
    message = harness.slack.wait_for(lambda: dms(harness, MENTEE, QUESTION))[-1]
    assert "Dr. Morgan Lee on March 9" in message and "never you" in message and "mentor never sees it" in message
    for label in ("Useful", "Somewhat useful", "Not useful"):
        assert f'"text": "{label}"' in message
    assert not dms(harness, MENTOR, QUESTION)  # a mentor never rates a meeting: nothing assesses the trainee
    tick(harness, MET_AT + timedelta(days=1))
    assert len(dms(harness, MENTEE, QUESTION)) == 1


def test_the_question_waits_for_the_mentees_working_hours(harness: Harness) -> None:
    make_pair(harness)
    late = MATCHED_AT + timedelta(days=7, hours=6)  # 19:00 in Toronto
    met(harness, who=MENTOR, partner=f"<@{MENTEE}|riley>", at=late)
    assert not dms(harness, MENTEE, QUESTION)
    tick(harness, late + timedelta(hours=14))  # Tuesday 09:00 in Toronto
    assert harness.slack.wait_for(lambda: dms(harness, MENTEE, QUESTION))


def test_one_click_stands_and_a_second_is_told_already(harness: Harness) -> None:
    make_pair(harness)
    met(harness)
    harness.slack.wait_for(lambda: dms(harness, MENTEE, QUESTION))
    useful = capture_click(harness.slack, MENTEE, "meeting_rating_useful")
    useless = capture_click(harness.slack, MENTEE, "meeting_rating_not_useful")
    send_at_once(harness.slack, [useful, useless])
    harness.slack.wait_for(lambda: aside(harness, MENTEE, "already rated"))
    stored = rating(harness)
    assert stored.rating in ("useful", "not_useful") and stored.rated_at is not None
    assert len([e for e in rows(harness, AuditEvent) if e.action == "meeting.rate" and e.outcome == "ok"]) == 1


def test_the_mentor_never_sees_the_rating_and_my_data_gives_it_to_the_mentee(harness: Harness) -> None:
    make_pair(harness)
    met(harness)
    harness.slack.wait_for(lambda: dms(harness, MENTEE, QUESTION))
    harness.slack.click(MENTEE, "meeting_rating_not_useful")
    harness.slack.wait_for(lambda: dms(harness, MENTEE, "you said *not useful*"))
    harness.slack.slash_command(MENTOR, "/mentor", "my-data")
    files = harness.slack.wait_for(lambda: [f for f in harness.slack.files() if "my-data" in f["filename"]])
    mentor_data = json.loads(files[-1]["content"])
    assert mentor_data["meeting_ratings"] == [] and b"not_useful" not in files[-1]["content"]
    assert not dms(harness, MENTOR, "not useful")
    harness.slack.slash_command(MENTEE, "/mentor", "my-data")
    files = harness.slack.wait_for(lambda: [f for f in harness.slack.files() if "my-data" in f["filename"]][1:])
    assert [r["rating"] for r in json.loads(files[-1]["content"])["meeting_ratings"]] == ["not_useful"]


def test_nobody_but_the_mentee_can_rate(harness: Harness) -> None:
    import pytest

    from bot.flows.meeting_ratings import rate_logged_meeting
    from bot.meeting_ratings import NotYourRating

    make_pair(harness)
    met(harness)
    with pytest.raises(NotYourRating):
        rate_logged_meeting(sessions=harness.deps.sessions, rating_id=rating(harness).id, actor=MENTOR,
                            answer="useful", now=harness.clock.now())
    assert rating(harness).rating is None


def test_retention_deletes_the_ratings_of_a_departed_persons_matches(harness: Harness) -> None:
    from storage.tables import Match, MatchStatus

    make_pair(harness)
    met(harness)
    harness.slack.wait_for(lambda: dms(harness, MENTEE, QUESTION))
    harness.slack.click(MENTEE, "meeting_rating_somewhat")
    harness.slack.wait_for(lambda: rating(harness).rating == "somewhat")
    harness.slack.slash_command(MENTEE, "/mentor", "leave")
    harness.slack.wait_for(lambda: harness.slack.open_modal(MENTEE))
    harness.slack.submit_view(MENTEE, {"mode": "leave"})
    harness.slack.wait_for(lambda: rows(harness, Match)[0].status == MatchStatus.ENDED)
    tick(harness, MET_AT + timedelta(days=25 * 31))  # past the retention period: the purge runs
    assert rows(harness, MeetingRating) == []
