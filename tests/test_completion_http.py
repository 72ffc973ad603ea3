"""Reviews and completion through Slack: at the agreed midpoint and end both are asked to continue, renew or
complete. A completion is a success (thanks, no new search, not a rematch); renewing takes both."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from storage.queries.audit import audit_events
from storage.tables import Match, MatchRequest, MatchStatus, MenteeProfile, PromptKind, PromptStatus
from tests.agreement_pairs import MENTEE, MENTOR, agreement, dms, make_pair, prompts, rows, tick
from tests.clicks import capture_click, send_at_once
from tests.conftest import Harness

MIDPOINT = datetime(2026, 9, 1, 18, 0, tzinfo=UTC)  # halfway to 2 March 2027 (05:00 UTC): 14:00 in Toronto


@pytest.fixture
def halfway(harness: Harness) -> Harness:
    make_pair(harness)
    for person in (MENTEE, MENTOR):
        harness.slack.click(person, "agreement_ack")
    harness.slack.wait_for(lambda: agreement(harness).status == "agreed")
    tick(harness, MIDPOINT)
    return harness


def review_of(harness: Harness, person: str) -> str:
    return harness.slack.wait_for(lambda: dms(harness, person, "halfway through"))[-1]


def test_both_are_asked_at_the_midpoint_in_working_hours(halfway: Harness) -> None:
    for person in (MENTEE, MENTOR):
        message = review_of(halfway, person)
        for expected in ("Continue as agreed", "Renew for another term", "Complete", "March 2, 2027",
                         "Program coordinators see your answer"):
            assert expected in message


def test_a_completion_is_a_success_thanked_and_not_reopened(halfway: Harness) -> None:
    slack = halfway.slack
    review_of(halfway, MENTEE)
    slack.click(MENTEE, "review_answer_complete")
    slack.wait_for(lambda: rows(halfway, Match)[0].status == MatchStatus.ENDED)
    match = rows(halfway, Match)[0]
    assert match.end_reason == "completed"
    assert [r.status for r in rows(halfway, MatchRequest)] == ["matched"]  # no new search
    with halfway.deps.sessions() as session:  # so re-saving the profile opens no new search either
        assert "career" not in session.get(MenteeProfile, match.mentee_id).kinds_wanted
    tick(halfway, MIDPOINT + timedelta(minutes=5))
    [mentee_thanks] = dms(halfway, MENTEE, "Thank you for the time")
    assert "/mentor find career" in mentee_thanks
    assert dms(halfway, MENTOR, "Thank you for the time")
    slack.click(MENTOR, "review_answer_continue")  # the mentor's review, answered after the completion
    assert "Already handled: this match was completed" in slack.wait_for(
        lambda: dms(halfway, MENTOR, "Already handled"))[-1]
    assert {p.status for p in prompts(halfway, kind=PromptKind.END)} == {PromptStatus.SKIPPED}


def test_two_completions_at_once_complete_it_once(halfway: Harness) -> None:
    review_of(halfway, MENTEE), review_of(halfway, MENTOR)
    clicks = [capture_click(halfway.slack, MENTEE, "review_answer_complete"),
              capture_click(halfway.slack, MENTOR, "review_answer_complete")]
    send_at_once(halfway.slack, clicks)
    halfway.slack.wait_for(lambda: dms(halfway, MENTEE, "Already handled") or dms(halfway, MENTOR, "Already handled"))
    with halfway.deps.sessions() as session:
        assert len([e for e in audit_events(session=session) if e.action == "match.complete"]) == 1
    tick(halfway, MIDPOINT + timedelta(minutes=5))
    assert len(dms(halfway, MENTEE, "Thank you for the time")) == 1


def test_renewing_takes_both_and_starts_the_next_term(halfway: Harness) -> None:
    slack = halfway.slack
    review_of(halfway, MENTEE), review_of(halfway, MENTOR)
    slack.click(MENTEE, "review_answer_renew")
    assert "as soon as Dr. Morgan Lee chooses it too" in slack.wait_for(
        lambda: dms(halfway, MENTEE, "You chose *renew"))[-1]
    assert agreement(halfway).term == 1
    slack.click(MENTOR, "review_answer_renew")
    slack.wait_for(lambda: agreement(halfway).term == 2)
    row = agreement(halfway)
    assert row.ends_at == datetime(2028, 3, 2, 17, 0, tzinfo=UTC) and row.renewals == 1
    assert rows(halfway, Match)[0].status == MatchStatus.ACTIVE
    assert {p.status for p in prompts(halfway, kind=PromptKind.END, term=1)} == {PromptStatus.SKIPPED}
    assert len(prompts(halfway, kind=PromptKind.MIDPOINT, term=2)) == 2
    tick(halfway, MIDPOINT + timedelta(minutes=5))
    for person in (MENTEE, MENTOR):
        assert "until March 2, 2028" in dms(halfway, person, "renewed your career mentoring agreement")[-1]


def test_continue_changes_nothing(halfway: Harness) -> None:
    review_of(halfway, MENTOR)
    halfway.slack.click(MENTOR, "review_answer_continue")
    halfway.slack.wait_for(lambda: prompts(halfway, role="mentor", kind=PromptKind.MIDPOINT)[0].answer == "continue")
    assert rows(halfway, Match)[0].status == MatchStatus.ACTIVE and agreement(halfway).term == 1


def test_the_report_counts_a_completion_as_a_success_not_a_rematch(halfway: Harness) -> None:
    from bot.report.period import parse_period
    from bot.report.service import build_report

    slack = halfway.slack
    review_of(halfway, MENTEE)
    slack.click(MENTEE, "review_answer_complete")
    slack.wait_for(lambda: rows(halfway, Match)[0].status == MatchStatus.ENDED)
    with halfway.deps.sessions() as session:
        period = parse_period("2026-03-01", "2026-09-30", today=MIDPOINT.date(), transition="07-01",
                              timezone="America/Edmonton")
        report = build_report(session=session, period=period, now=MIDPOINT + timedelta(hours=1))
    outcome = report.agreements
    assert (outcome.completed.value, outcome.ended_early.value, outcome.renewed.value, outcome.lapsed.value) == (1, 0, 0, 0)
    assert outcome.agreements_acknowledged.value == 1.0
    assert report.outputs.rematch_rate.value == 0 and report.outputs.endings == {"completed": 1}
    slack.slash_command("UCOORD01", "/mentor", "report 2026-03-01 2026-09-30")
    files = slack.wait_for(lambda: [f for f in slack.files() if f["filename"].endswith(".html")], timeout=30)
    html = files[0]["content"].decode()
    institution = html[html.index("The institution&#39;s perspective") if "The institution&#39;s perspective" in html
                       else html.index("The institution's perspective"):]
    assert "Matches completed (a success)" in institution and "Matches ended early, no fault" in institution


def test_after_a_completion_the_mentee_may_ask_again_and_the_same_mentor_may_be_offered(halfway: Harness) -> None:
    slack = halfway.slack
    review_of(halfway, MENTEE)
    slack.click(MENTEE, "review_answer_complete")
    slack.wait_for(lambda: rows(halfway, Match)[0].status == MatchStatus.ENDED)
    result = slack.slash_command(MENTEE, "/mentor", "find career")
    shortlist = json.dumps(result.json or {}) + json.dumps(slack.ephemerals_to(MENTEE))
    assert "Dr. Morgan Lee" in shortlist  # a success is not a "never again" like a no-fault ending
    assert [r.status for r in rows(halfway, MatchRequest)] == ["matched", "open"]  # the mentee asked
