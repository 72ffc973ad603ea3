"""The mentoring agreement through Slack: both get it when the match starts, each agrees with one click or
proposes a change the other confirms, one reminder, the digest's count, App Home."""

import json
from datetime import timedelta

import pytest

from storage.queries.audit import audit_events
from storage.tables import Agreement, AgreementStatus, Match, OutboxMessage
from tests.agreement_pairs import MATCHED_AT, MENTEE, MENTOR, agreement, dms, make_pair, rows, tick
from tests.clicks import capture_click, send_at_once
from tests.conftest import COORDINATOR, Harness, drain


@pytest.fixture
def pair(harness: Harness) -> Harness:
    make_pair(harness)
    return harness


def test_both_get_the_programs_agreement_when_the_match_starts(pair: Harness) -> None:
    for person in (MENTEE, MENTOR):
        [message] = dms(pair, person, "mentoring agreement")
        for expected in ("Meeting frequency", "about once a month", "12 months (until March 2, 2027)",
                         "Confidentiality", "How to reach each other", "No-fault clause", "First goals",
                         "I agree", "Propose a change"):
            assert expected in message, expected
    assert agreement(pair).status == AgreementStatus.PENDING


def test_template_is_coordinator_editable_and_copied_when_sent(harness: Harness) -> None:
    harness.slack.slash_command(COORDINATOR, "/mentor", "settings agreement_contact Email or Slack, <!here> never")
    harness.slack.slash_command(COORDINATOR, "/mentor", "settings agreement_duration_months 6")
    make_pair(harness)
    [message] = dms(harness, MENTEE, "mentoring agreement")
    assert "6 months" in message and "Email or Slack" in message
    assert agreement(harness).sections["contact"].startswith("Email or Slack")


def test_one_click_each_and_the_agreement_stands_on_both_homes(pair: Harness) -> None:
    slack = pair.slack
    slack.click(MENTEE, "agreement_ack")
    slack.wait_for(lambda: agreement(pair).mentee_acked_at)
    assert "You agreed; waiting for Dr. Morgan Lee" in slack.wait_for(
        lambda: [m for m in dms(pair, MENTEE, "You agreed; waiting") if "I agree" not in m])[0]
    slack.click(MENTOR, "agreement_ack")
    slack.wait_for(lambda: agreement(pair).status == AgreementStatus.AGREED)
    # an answer to a click goes at once: the server's sender delivers it, no scheduler tick needed
    slack.wait_for(lambda: dms(pair, MENTEE, "agreement with Dr. Morgan Lee is in place"))
    assert not dms(pair, MENTOR, "is in place")  # the one who clicked last saw it on the message itself
    for person in (MENTEE, MENTOR):
        slack.open_home(person)
        home = slack.wait_for(lambda: json.dumps(slack.home_view(person) or {}) if "Agreed by you" in json.dumps(
            slack.home_view(person) or {}) else None)
        assert "about once a month" in home


def test_a_second_click_is_kindly_already_handled(pair: Harness) -> None:
    click = capture_click(pair.slack, MENTEE, "agreement_ack")
    send_at_once(pair.slack, [click, click])
    pair.slack.wait_for(lambda: pair.slack.ephemerals_to(MENTEE))
    assert "already agreed" in json.dumps(pair.slack.ephemerals_to(MENTEE))
    with pair.deps.sessions() as session:
        assert len([e for e in audit_events(session=session) if e.action == "agreement.acknowledge"]) == 1


def test_a_change_proposed_by_one_is_confirmed_by_the_other(pair: Harness) -> None:
    slack = pair.slack
    slack.click(MENTOR, "agreement_change")
    slack.wait_for(lambda: slack.open_modal(MENTOR))
    slack.submit_view(MENTOR, {"agreement_cadence": "14", "agreement_duration": "6"})
    slack.wait_for(lambda: agreement(pair).change_by == "mentor")
    tick(pair, MATCHED_AT + timedelta(minutes=5))
    [change] = dms(pair, MENTEE, "proposes a change")
    assert "every two weeks for 6 months" in change
    old_ack = capture_click(slack, MENTEE, "agreement_ack")  # the first message's button, from before the change
    slack.click(MENTEE, "agreement_confirm")
    slack.wait_for(lambda: agreement(pair).status == AgreementStatus.AGREED)
    row = agreement(pair)
    assert (row.cadence_days, row.duration_months) == (14, 6)
    assert row.ends_at == MATCHED_AT.replace(month=9)
    assert rows(pair, Match)[0].cadence_days == 14  # check-ins follow the agreed rhythm
    send_at_once(slack, [old_ack])
    assert "Already handled" in json.dumps(slack.wait_for(lambda: slack.ephemerals_to(MENTEE)))
    tick(pair, MATCHED_AT + timedelta(minutes=10))
    assert dms(pair, MENTOR, "is in place: meet every two weeks")


def test_two_confirmations_at_once_change_the_agreement_once(pair: Harness) -> None:
    slack = pair.slack
    slack.click(MENTEE, "agreement_change")
    slack.wait_for(lambda: slack.open_modal(MENTEE))
    slack.submit_view(MENTEE, {"agreement_cadence": "21", "agreement_duration": "9"})
    slack.wait_for(lambda: agreement(pair).change_by == "mentee")
    tick(pair, MATCHED_AT + timedelta(minutes=5))
    click = capture_click(slack, MENTOR, "agreement_confirm")
    send_at_once(slack, [click, click, click])
    slack.wait_for(lambda: len(slack.ephemerals_to(MENTOR)) == 2)
    assert all("Already handled" in json.dumps(e) for e in slack.ephemerals_to(MENTOR))
    assert agreement(pair).version == 3  # sent (1), proposed (2), confirmed once (3)


def test_one_gentle_reminder_after_a_few_days_in_working_hours(pair: Harness) -> None:
    pair.slack.click(MENTOR, "agreement_ack")
    pair.slack.wait_for(lambda: agreement(pair).mentor_acked_at)
    tick(pair, MATCHED_AT + timedelta(days=3, hours=23))
    assert not dms(pair, MENTEE, "Reminder: your")
    tick(pair, MATCHED_AT + timedelta(days=4, hours=5))  # Friday 17:00 in Toronto: after working hours
    assert not dms(pair, MENTEE, "Reminder: your")
    tick(pair, MATCHED_AT + timedelta(days=5))  # Saturday
    assert not dms(pair, MENTEE, "Reminder: your")
    tick(pair, MATCHED_AT + timedelta(days=6, hours=21))  # Monday 09:00 in Toronto
    assert len(dms(pair, MENTEE, "Reminder: your")) == 1
    assert not dms(pair, MENTOR, "Reminder: your")  # already agreed
    tick(pair, MATCHED_AT + timedelta(days=9))
    assert len(dms(pair, MENTEE, "Reminder: your")) == 1


def test_coordinators_digest_counts_agreements_not_yet_acknowledged(pair: Harness) -> None:
    tick(pair, MATCHED_AT + timedelta(days=7))  # the next Monday, after 9:00 in the program's timezone
    digest = dms(pair, COORDINATOR, "Weekly mentorship digest")[-1]
    assert "Agreements not yet acknowledged:* 1 match " in digest
    assert "Riley" not in digest  # a count, not names


def test_someone_outside_the_pair_is_refused_and_audited(pair: Harness) -> None:
    click = capture_click(pair.slack, MENTEE, "agreement_ack")
    click["user"] = {**click["user"], "id": "URES0002", "username": "sam"}
    send_at_once(pair.slack, [click])
    pair.slack.wait_for(lambda: pair.slack.ephemerals_to(MENTEE) or pair.slack.ephemerals_to("URES0002"))
    assert "belongs to another pair" in json.dumps(pair.slack.responses())
    assert agreement(pair).mentee_acked_at is None
    with pair.deps.sessions() as session:
        [refusal] = [e for e in audit_events(session=session) if e.action == "agreement.acknowledge"]
        assert (refusal.actor_slack_id, refusal.outcome) == ("URES0002", "refused")


def test_an_agreement_still_queued_when_the_match_ends_is_never_sent(harness: Harness) -> None:
    from bot.flows.matching import pick_mentor
    from tests.agreement_pairs import enrol

    harness.clock.set(MATCHED_AT)
    enrol(harness, MENTEE, "Riley Resident", "America/Toronto", as_mentee=True, stage="PGY-1", kinds_wanted=["career"])
    enrol(harness, MENTOR, "Dr. Morgan Lee", "America/Edmonton", as_mentor=True, stage="associate_professor",
          kinds_offered=["career"], capacity_total=3)
    pick_mentor(sessions=harness.deps.sessions, notifier=harness.deps.notifier, mentee_slack_id=MENTEE, kind="career",
                mentor_slack_id=MENTOR, now=MATCHED_AT)
    drain(harness)  # the consent request, queued with the pick
    harness.slack.click(MENTOR, "consent_accept")
    harness.slack.wait_for(lambda: rows(harness, Match) and rows(harness, OutboxMessage, id=rows(harness, Match)[0]
                                                                   .intro_message_id)[0].status == "sent")
    harness.slack.click(MENTEE, "intro_not_a_fit")  # before the outbox delivered the agreement
    harness.slack.wait_for(lambda: rows(harness, Match)[0].status == "ended")
    tick(harness, MATCHED_AT + timedelta(minutes=1))
    assert not dms(harness, MENTEE, "mentoring agreement") and not dms(harness, MENTOR, "mentoring agreement")


def test_both_agreeing_at_the_same_moment_settles_it_once(pair: Harness) -> None:
    clicks = [capture_click(pair.slack, MENTEE, "agreement_ack"), capture_click(pair.slack, MENTOR, "agreement_ack")]
    send_at_once(pair.slack, clicks)
    pair.slack.wait_for(lambda: agreement(pair).status == AgreementStatus.AGREED)
    tick(pair, MATCHED_AT + timedelta(minutes=5))
    assert len(dms(pair, MENTEE, "is in place") + dms(pair, MENTOR, "is in place")) == 1  # the first clicker hears
    row = agreement(pair)
    assert row.mentee_acked_at and row.mentor_acked_at
