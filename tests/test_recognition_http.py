"""Mentor recognition: `/mentor my-record` (a printable statement for a dossier) and `/mentor recognition [YEAR]`
(the coordinators' annual list), read back from the files the emulator received."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.recognition.record import feedback_lines
from storage.engine import transaction
from storage.queries.audit import audit_events
from storage.queries.people import get_person
from storage.tables import EndReason, Match, MatchStatus, MenteeProfile
from storage.tables.surveys import NamedAnswer, Survey, SurveyQuestion, SurveyRound
from tests.agreement_pairs import MENTEE, MENTOR, dms, rows, tick
from tests.conftest import COORDINATOR, Harness
from tests.test_completion_http import MIDPOINT, halfway, review_of  # noqa: F401 (fixture)
from tests.test_checkins_http import EDMONTON, LONDON, MENTOR2, TORONTO, enrol, pairs  # noqa: F401 (fixture)

HOSTILE_NAME = '<script>alert("x")</script> Riley & Co'
QUESTION = "My mentor <b>helps</b> me grow"


def record_of(harness: Harness, user: str) -> str:
    before = len(harness.slack.files())
    harness.slack.slash_command(user, "/mentor", "my-record")
    files = harness.slack.wait_for(lambda: harness.slack.files()[before:])
    assert [f["filename"] for f in files] == ["mentoring-record.html"]
    return files[0]["content"].decode()


def consent_in_profile_modal(harness: Harness, user: str) -> None:
    harness.slack.slash_command(user, "/mentor", "profile")
    modal = harness.slack.wait_for(lambda: harness.slack.open_modal(user))
    assert any(block.get("block_id") == "named_in_dossiers" for block in modal["blocks"])
    harness.slack.submit_view(user, {"named_in_dossiers": ["yes"]})
    harness.slack.wait_for(lambda: consented(harness, user))  # the save runs after the modal closes


def consented(harness: Harness, user: str) -> bool:
    with harness.deps.sessions() as session:
        person = get_person(session=session, slack_user_id=user)
        return bool(session.get(MenteeProfile, person.id).named_in_dossiers)


def rename(harness: Harness, user: str, name: str) -> None:
    with transaction(harness.deps.sessions) as session:
        person = get_person(session=session, slack_user_id=user)
        person.display_name = name
        session.add(person)


def named_answers_about_mentor(harness: Harness, answers: dict[str, str]) -> None:
    """A named "about each mentor" survey in which each mentee (Slack id -> value) rated Dr. Lee."""
    now = harness.clock.now()
    with transaction(harness.deps.sessions) as session:
        survey = Survey(key="about-mentors", title="About your mentor", kind="effectiveness", anonymous=False,
                        about="mentors", created_by=COORDINATOR, created_at=now, updated_at=now)
        session.add(survey)
        session.flush()
        question = SurveyQuestion(survey_id=survey.id, position=1, key="grow", kind="likert", text=QUESTION,
                                  options=[{"value": str(n), "label": str(n)} for n in range(1, 6)])
        rnd = SurveyRound(survey_id=survey.id, number=1, opens_at=now, closes_at=now + timedelta(days=7),
                          remind_at=now + timedelta(days=3))
        session.add_all([question, rnd])
        session.flush()
        for user, value in answers.items():
            mentee = get_person(session=session, slack_user_id=user)
            match = session.exec(select(Match).where(Match.mentee_id == mentee.id)).one()
            session.add(NamedAnswer(round_id=rnd.id, person_id=mentee.id, subject=match.id, question_id=question.id,
                                    value=value, answered_at=now))


def complete(harness: Harness, mentee: str) -> None:
    with transaction(harness.deps.sessions) as session:
        person = get_person(session=session, slack_user_id=mentee)
        match = session.exec(select(Match).where(Match.mentee_id == person.id)).one()
        match.status, match.end_reason, match.ended_at = MatchStatus.ENDED, EndReason.COMPLETED, harness.clock.now()
        session.add(match)


def test_the_record_names_only_consenting_mentees_escapes_names_and_hides_small_feedback(pairs: Harness) -> None:
    consent_in_profile_modal(pairs, TORONTO)  # Riley agrees to be named; Sam never ticks the box
    rename(pairs, TORONTO, HOSTILE_NAME)
    rename(pairs, LONDON, "Sam Unnamed")
    pairs.clock.set(datetime(2026, 3, 10, 17, 0, tzinfo=UTC))
    pairs.slack.slash_command(EDMONTON, "/mentor", f"met <@{TORONTO}> 2026-03-02 45")
    pairs.slack.slash_command(EDMONTON, "/mentor", f"met <@{LONDON}> 2026-03-03 45")
    named_answers_about_mentor(pairs, {TORONTO: "5", LONDON: "1"})
    complete(pairs, LONDON)

    page = record_of(pairs, EDMONTON)

    assert "<script>" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Riley &amp; Co" in page
    assert "Sam Unnamed" not in page and "1 is counted without a name" in page
    assert "Meetings logged</th><td class=\"num\">2" in page and "Hours logged</th><td class=\"num\">1.5" in page
    assert "Completed mentoring terms</th><td class=\"num\">1" in page
    assert "My mentor &lt;b&gt;helps&lt;/b&gt; me grow" in page
    assert "fewer than 5" in page and "withheld" in page and ">3.0<" not in page  # 2 answers: no mean
    assert "anonymous answers are never linked to a mentor" in page
    assert "@media print" in page and "<script" not in page
    with pairs.deps.sessions() as session:
        assert [e.action for e in audit_events(session=session, actor=EDMONTON)][-1] == "recognition.record"


def test_a_mentee_not_consenting_is_never_named_even_with_a_name_set(pairs: Harness) -> None:
    rename(pairs, TORONTO, "Riley Private")
    page = record_of(pairs, EDMONTON)
    assert "Riley Private" not in page and "2 are counted without a name" in page


def test_the_consent_is_in_my_data(pairs: Harness) -> None:
    consent_in_profile_modal(pairs, TORONTO)
    pairs.slack.slash_command(TORONTO, "/mentor", "my-data")
    data = json.loads(pairs.slack.wait_for(lambda: [f for f in pairs.slack.files() if "my-data" in f["filename"]])[-1]["content"])
    assert data["profile"]["named_in_dossiers"] is True


def test_a_mentor_without_mentees_gets_a_kind_notice_and_no_file(pairs: Harness) -> None:
    enrol(pairs, MENTOR2, "America/Vancouver", as_mentor=True, stage="professor", kinds_offered=["research"])
    pairs.slack.slash_command(MENTOR2, "/mentor", "my-record")
    notice = pairs.slack.wait_for(lambda: pairs.slack.messages_to(MENTOR2))[-1]["text"]
    assert "no mentees in the program yet" in notice and pairs.slack.files() == []


def test_feedback_is_shown_only_from_the_minimum_group() -> None:
    question = SurveyQuestion(id=1, survey_id=1, position=1, key="q", kind="likert", text="q",
                              options=[{"value": "1", "label": "1"}, {"value": "5", "label": "5"}])
    answers = [(question, NamedAnswer(round_id=1, person_id=p, subject=1, question_id=1, value="4",
                                      answered_at=datetime(2026, 1, 1, tzinfo=UTC))) for p in range(4)]
    assert feedback_lines(answers, 5)[0].mean is None
    fifth = (question, NamedAnswer(round_id=1, person_id=9, subject=1, question_id=1, value="5",
                                   answered_at=datetime(2026, 1, 1, tzinfo=UTC)))
    assert feedback_lines([*answers, fifth], 5)[0].mean == 4.2
    # the same person answering twice is one answer, not two
    assert feedback_lines([*answers, answers[0]], 5)[0].mean is None


def test_coordinators_get_the_annual_recognition_list_as_csv(pairs: Harness) -> None:
    rename(pairs, EDMONTON, "=HYPERLINK(\"http://evil\") Dr. Lee")
    pairs.clock.set(datetime(2026, 3, 10, 17, 0, tzinfo=UTC))
    pairs.slack.slash_command(EDMONTON, "/mentor", f"met <@{TORONTO}> 2026-03-02 60")
    complete(pairs, LONDON)
    pairs.slack.slash_command(COORDINATOR, "/mentor", "recognition 2026")
    files = pairs.slack.wait_for(lambda: len(listed := [f for f in pairs.slack.files()
                                                        if "recognition" in f["filename"]]) >= 2 and listed)
    page, file = files[-2:]
    assert (page["filename"], file["filename"]) == ("mentor-recognition-2026.html", "mentor-recognition-2026.csv")
    html = page["content"].decode()
    assert "Mentor recognition 2026" in html and "@media print" in html and "<script" not in html
    assert "=HYPERLINK(&#34;http://evil&#34;) Dr. Lee" in html  # autoescaped, never markup
    rows = list(csv.DictReader(io.StringIO(file["content"].decode())))
    assert len(rows) == 1 and rows[0]["mentor"].startswith("'=")  # a spreadsheet shows it as text
    assert (rows[0]["mentees"], rows[0]["meetings"], rows[0]["hours"], rows[0]["completions"]) == ("2", "1", "1.0", "1")
    with pairs.deps.sessions() as session:
        assert "recognition.list" in [e.action for e in audit_events(session=session, actor=COORDINATOR)]
    pairs.slack.slash_command(COORDINATOR, "/mentor", "recognition 1999")
    assert "Usage" in pairs.slack.ephemerals_to(COORDINATOR)[-1]["text"]


def complete_by_review(harness: Harness) -> None:
    review_of(harness, MENTEE)
    harness.slack.click(MENTEE, "review_answer_complete")
    harness.slack.wait_for(lambda: rows(harness, Match)[0].status == MatchStatus.ENDED)
    tick(harness, MIDPOINT + timedelta(minutes=5))


def test_coordinators_thank_a_mentor_from_the_completion_notice_once(halfway: Harness) -> None:
    complete_by_review(halfway)
    notice = halfway.slack.wait_for(lambda: dms(halfway, COORDINATOR, "is complete"))[-1]
    assert "Thank Dr. Morgan Lee" in notice and "completion_thank_mentor" in notice
    halfway.slack.click(COORDINATOR, "completion_thank_mentor")
    thanks = halfway.slack.wait_for(lambda: dms(halfway, MENTOR, "On behalf of the mentorship program"))
    assert len(thanks) == 1 and "Riley Resident" in thanks[0]
    halfway.slack.click(COORDINATOR, "completion_thank_mentor")  # a second click finds it sent
    assert "Already handled" in halfway.slack.wait_for(
        lambda: [m for m in halfway.slack.ephemerals_to(COORDINATOR) if "Already handled" in m["text"]])[-1]["text"]
    tick(halfway, MIDPOINT + timedelta(minutes=10))
    assert len(dms(halfway, MENTOR, "On behalf of the mentorship program")) == 1
    with halfway.deps.sessions() as session:
        assert [e.action for e in audit_events(session=session, actor=COORDINATOR)].count("recognition.thank") == 1


def test_the_program_setting_thanks_mentors_without_a_click(halfway: Harness) -> None:
    halfway.slack.slash_command(COORDINATOR, "/mentor", "settings thank_mentors_at_completion on")
    complete_by_review(halfway)
    assert len(halfway.slack.wait_for(lambda: dms(halfway, MENTOR, "On behalf of the mentorship program"))) == 1
    notice = halfway.slack.wait_for(lambda: dms(halfway, COORDINATOR, "is complete"))[-1]
    assert "The program has thanked Dr. Morgan Lee" in notice and "completion_thank_mentor" not in notice


def test_the_record_counts_flash_conversations_circles_and_events_the_mentor_held_and_says_none_otherwise(
        pairs: Harness) -> None:
    from storage.tables import (CircleSeat, CircleStatus, CircleTheme, EventSeat, FlashConversation, FlashStatus,
                                PeerCircle, SpeedEvent)

    assert "None recorded by mentorbot." in record_of(pairs, EDMONTON)
    with transaction(pairs.deps.sessions) as session:
        mentor = get_person(session=session, slack_user_id=EDMONTON)
        mentee = get_person(session=session, slack_user_id=LONDON)
        for status in (FlashStatus.ACCEPTED, FlashStatus.ACCEPTED, FlashStatus.DECLINED):
            session.add(FlashConversation(mentee_id=mentee.id, mentor_id=mentor.id, topic="burnout", status=status,
                                          created_at=pairs.clock.now(), answered_at=pairs.clock.now()))
        now = pairs.clock.now()
        theme = CircleTheme(name="Wellbeing", size_min=4, size_max=7, cadence_days=14, created_by=COORDINATOR,
                            created_at=now)
        event = SpeedEvent(title="Speed mentoring", starts_at=now, place="virtual", rounds=2, minutes=8,
                           created_by=COORDINATOR, created_at=now)
        session.add_all([theme, event])
        session.flush()
        circles = [PeerCircle(theme_id=theme.id, created_at=now, status=status)
                   for status in (CircleStatus.ACTIVE, CircleStatus.ACTIVE, CircleStatus.DISCARDED)]
        session.add_all(circles)
        session.flush()
        for circle, role in zip(circles, ("facilitator", "member", "facilitator")):  # the discarded one never met
            session.add(CircleSeat(circle_id=circle.id, person_id=mentor.id, role=role))
        for number, mentee_slack in enumerate((LONDON, TORONTO), 1):
            session.add(EventSeat(event_id=event.id, round=number, mentor_id=mentor.id,
                                  mentee_id=get_person(session=session, slack_user_id=mentee_slack).id))

    page = record_of(pairs, EDMONTON)

    assert "None recorded" not in page
    assert "Held 2 flash mentoring conversations with residents." in page
    assert "Facilitated 1 peer circle." in page and "Took part in 1 peer circle." in page
    assert "Met residents in 2 conversations at 1 speed-mentoring event." in page


def test_each_format_beyond_pairs_gets_its_sentence_and_only_those_held() -> None:
    from bot.recognition.record import group_activities

    assert group_activities(0, 0, 0, 0, 0) == []
    assert group_activities(1, 2, 1, 2, 7) == [
        "Facilitated 1 peer circle.", "Took part in 2 peer circles.",
        "Held 1 flash mentoring conversation with residents.",
        "Met residents in 7 conversations at 2 speed-mentoring events."]
