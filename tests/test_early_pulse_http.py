"""The early pulse through Slack: about 30 days after the introduction each person is asked, in their working
hours, how the match is going; coordinators see the answers; "not working" warns them in the digest and offers
that person a no-fault rematch."""

import json
from urllib.parse import urlencode
from datetime import timedelta

import pytest
from sqlmodel import select

from storage.tables import Alert, Match, MatchRequest, MatchStatus, OutboxMessage, PromptKind, PromptStatus
from tests.agreement_pairs import MATCHED_AT, MENTEE, MENTOR, dms, make_pair, prompts, rows, tick
from tests.conftest import COORDINATOR, Harness, drain

PULSE_DUE = MATCHED_AT + timedelta(days=30)  # Wednesday 1 April 2026, 13:00 in Toronto, 11:00 in Edmonton


@pytest.fixture
def pulsed(harness: Harness) -> Harness:
    make_pair(harness)
    tick(harness, PULSE_DUE)
    return harness


def pulse_of(harness: Harness, person: str) -> str:
    return harness.slack.wait_for(lambda: dms(harness, person, "How is your career mentoring match"))[-1]


def test_each_person_is_asked_once_and_told_coordinators_see_it(pulsed: Harness) -> None:
    for person, partner in ((MENTEE, "Dr. Morgan Lee"), (MENTOR, "Riley Resident")):
        message = pulse_of(pulsed, person)
        assert f"match with {partner} going?" in message
        assert "Program coordinators see your answer" in message
        for answer in ("Great", "Fine", "Not sure", "Not working"):
            assert f'"text": "{answer}"' in message
    tick(pulsed, PULSE_DUE + timedelta(days=1))
    assert len(dms(pulsed, MENTEE, "How is your career mentoring match")) == 1


def test_the_pulse_waits_for_working_hours(harness: Harness) -> None:
    make_pair(harness)
    tick(harness, PULSE_DUE - timedelta(hours=1))
    assert not dms(harness, MENTEE, "How is your")
    tick(harness, PULSE_DUE + timedelta(hours=6))  # 19:00 in Toronto, 17:00 in Edmonton: both after hours
    assert not dms(harness, MENTEE, "How is your") and not dms(harness, MENTOR, "How is your")
    tick(harness, PULSE_DUE + timedelta(hours=17))  # Thursday 06:00 in Toronto
    assert not dms(harness, MENTEE, "How is your")
    tick(harness, PULSE_DUE + timedelta(hours=20))  # Thursday 09:00 in Toronto
    assert dms(harness, MENTEE, "How is your") and not dms(harness, MENTOR, "How is your")


def test_one_click_answers_and_the_message_shows_it(pulsed: Harness) -> None:
    pulse_of(pulsed, MENTOR)
    pulsed.slack.click(MENTOR, "pulse_answer_great")
    pulsed.slack.wait_for(lambda: prompts(pulsed, role="mentor", kind=PromptKind.PULSE)[0].answer == "great")
    assert "you said *great*" in pulsed.slack.wait_for(lambda: dms(pulsed, MENTOR, "you said"))[-1]
    assert rows(pulsed, Alert) == []


def test_not_working_warns_coordinators_and_offers_a_no_fault_rematch(pulsed: Harness) -> None:
    slack = pulsed.slack
    pulse_of(pulsed, MENTEE)
    slack.click(MENTEE, "pulse_answer_not_working")
    shown = slack.wait_for(lambda: dms(pulsed, MENTEE, "you said *not working*"))[-1]
    assert "End it, no fault" in shown and "nobody's fault" in shown
    slack.click(MENTEE, "pulse_note")
    slack.wait_for(lambda: slack.open_modal(MENTEE))
    slack.submit_view(MENTEE, {"note": "We never find a time <!here> *help*"})
    slack.wait_for(lambda: "We never find" in (rows(pulsed, Alert) or [Alert(detail="")])[0].detail)
    assert "We never find a time &lt;!here&gt;" in slack.wait_for(lambda: dms(pulsed, MENTEE, "Your note"))[-1]
    tick(pulsed, PULSE_DUE + timedelta(days=5))  # Monday: the weekly digest
    digest = dms(pulsed, COORDINATOR, "Weekly mentorship digest")[-1]
    assert "Early warning:* Riley Resident &amp; Dr. Morgan Lee: the mentee answered “not working”" in digest
    assert "&lt;!here&gt;" in digest and "<!here>" not in digest
    assert "no-fault rematch" in digest
    assert not dms(pulsed, MENTOR, "not working")  # the partner is never told what was answered
    slack.click(MENTEE, "rematch_end")
    slack.wait_for(lambda: rows(pulsed, Match)[0].status == MatchStatus.ENDED)
    assert rows(pulsed, Match)[0].end_reason == "no_fault"
    assert [r.status for r in rows(pulsed, MatchRequest)][-1] == "open"  # matched again
    assert {p.status for p in prompts(pulsed, kind=PromptKind.MIDPOINT)} == {PromptStatus.DUE}
    tick(pulsed, MATCHED_AT + timedelta(days=190))
    assert not dms(pulsed, MENTEE, "halfway through")  # an ended match's reviews are never sent


def test_an_over_long_note_is_refused_on_its_field_before_anything_is_saved(pulsed: Harness) -> None:
    slack = pulsed.slack
    pulse_of(pulsed, MENTEE)
    slack.click(MENTEE, "pulse_answer_fine")
    slack.wait_for(lambda: dms(pulsed, MENTEE, "you said *fine*"))
    slack.click(MENTEE, "pulse_note")
    view = slack.wait_for(lambda: slack.open_modal(MENTEE))
    note = next(b for b in view["blocks"] if b.get("block_id") == "note")["element"]
    assert note["max_length"] == 500  # Slack's client stops at 500; a forged submission is refused all the same
    forged = {"type": "view_submission", "user": {"id": MENTEE}, "team": {"id": "T0MENTOR"}, "trigger_id": "t.1",
              "view": {**view, "state": {"values": {"note": {"value": {"type": "plain_text_input", "value": "x" * 501}}}}}}
    result = slack.send_signed(urlencode({"payload": json.dumps(forged)}).encode(), "application/x-www-form-urlencoded")
    assert "at most 500 characters" in json.dumps(result.json or result.body)
    assert prompts(pulsed, role="mentee", kind=PromptKind.PULSE)[0].note == ""


def test_my_data_has_the_agreement_and_own_answers_and_retention_erases_the_notes(pulsed: Harness) -> None:
    from tests.test_personal_data_http import all_rows

    slack = pulsed.slack
    pulse_of(pulsed, MENTEE), pulse_of(pulsed, MENTOR)
    slack.click(MENTOR, "pulse_answer_not_sure")
    slack.click(MENTEE, "pulse_answer_not_working")
    slack.wait_for(lambda: dms(pulsed, MENTEE, "you said *not working*"))  # the message now offers the note
    slack.click(MENTEE, "pulse_note")
    slack.wait_for(lambda: slack.open_modal(MENTEE))
    slack.submit_view(MENTEE, {"note": "Dr. Morgan Lee cancels a lot"})
    slack.wait_for(lambda: prompts(pulsed, role="mentee", kind=PromptKind.PULSE)[0].note)
    slack.slash_command(MENTEE, "/mentor", "my-data")
    data = json.loads(slack.wait_for(lambda: [f for f in slack.files() if "my-data" in f["filename"]])[-1]["content"])
    assert data["agreements"][0]["sections"]["no_fault"]
    assert [(a["kind"], a["answer"], a["note"]) for a in data["pulse_and_review_answers"] if a["answer"]] == [
        ("pulse", "not_working", "Dr. Morgan Lee cancels a lot")]  # the mentor's "not sure" is the mentor's
    slack.slash_command(MENTEE, "/mentor", "leave")
    slack.wait_for(lambda: slack.open_modal(MENTEE))
    slack.submit_view(MENTEE, {"mode": "leave"})
    slack.wait_for(lambda: rows(pulsed, Match)[0].status == MatchStatus.ENDED)
    tick(pulsed, PULSE_DUE + timedelta(days=25 * 31))
    text = json.dumps(all_rows(pulsed), default=str)
    assert "cancels a lot" not in text


def test_the_report_shows_each_sides_pulse_and_the_not_working_count(pulsed: Harness) -> None:
    from bot.report.period import parse_period
    from bot.report.service import build_report

    pulse_of(pulsed, MENTEE), pulse_of(pulsed, MENTOR)
    pulsed.slack.click(MENTOR, "pulse_answer_great")
    pulsed.slack.click(MENTEE, "pulse_answer_not_working")
    pulsed.slack.wait_for(lambda: all(p.answer for p in prompts(pulsed, kind=PromptKind.PULSE)))
    with pulsed.deps.sessions() as session:
        period = parse_period("2026-03-01", "2026-04-30", today=PULSE_DUE.date(), transition="07-01",
                              timezone="America/Edmonton")
        outcome = build_report(session=session, period=period, now=PULSE_DUE + timedelta(hours=1)).agreements
    assert (outcome.pulse_positive_mentees.value, outcome.pulse_positive_mentors.value) == (0.0, 1.0)
    assert outcome.pulse_not_working.value == 1


def test_a_note_whose_metadata_names_another_message_edits_only_the_persons_own_prompt(
        pulsed: Harness, caplog: pytest.LogCaptureFixture) -> None:
    """private_metadata comes back from the client: a resident who rewrites it to name another person's message
    (here the mentor's pulse) gets their note recorded, and that message is left as it was."""
    slack = pulsed.slack
    pulse_of(pulsed, MENTEE)
    mentors_pulse = pulse_of(pulsed, MENTOR)
    with pulsed.deps.sessions() as session:
        mentors = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == MENTOR,
                                                           OutboxMessage.purpose == f"prompt.{PromptKind.PULSE}")).one()
    slack.click(MENTEE, "pulse_answer_not_working")
    slack.wait_for(lambda: dms(pulsed, MENTEE, "you said *not working*"))
    slack.click(MENTEE, "pulse_note")
    view = slack.wait_for(lambda: slack.open_modal(MENTEE))
    prompt_id = view["private_metadata"].split("|")[0]
    forged = {"type": "view_submission", "user": {"id": MENTEE}, "team": {"id": "T0MENTOR"}, "trigger_id": "t.1",
              "view": {**view, "private_metadata": f"{prompt_id}|{mentors.channel}|{mentors.ts}",
                       "state": {"values": {"note": {"value": {"type": "plain_text_input", "value": "Forged"}}}}}}
    slack.send_signed(urlencode({"payload": json.dumps(forged)}).encode(), "application/x-www-form-urlencoded")
    slack.wait_for(lambda: prompts(pulsed, role="mentee", kind=PromptKind.PULSE)[0].note == "Forged")
    drain(pulsed)
    assert dms(pulsed, MENTOR, "How is your career mentoring match") == [mentors_pulse]
    assert not dms(pulsed, MENTOR, "Forged")
    (dropped,) = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert "pulse_noted" in dropped and mentors.channel not in dropped and mentors.ts not in dropped
    slack.submit_view(MENTEE, {"note": "We never find a time"})
    assert slack.wait_for(lambda: dms(pulsed, MENTEE, "We never find a time"))
    assert not dms(pulsed, MENTOR, "We never find")
