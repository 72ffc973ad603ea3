"""Flash mentoring through Slack: opt-in with a monthly limit, one-click consent, a group DM, and a follow-up where
only two yeses make an ongoing match. Conflicts of interest exclude a mentor as they do in matching."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from sqlmodel import select

from bot.clock import ManualClock
from bot.jobs import run_due
from storage.queries.matching import active_matches
from storage.tables import FlashConversation
from tests.conftest import Harness
from tests.test_matching_http import CHEN, LEE, MENTEE, OKAFOR, dms, program  # noqa: F401 (fixture)


MONDAY = datetime(2030, 4, 1, 16, 0, tzinfo=UTC)  # 10:00 in Edmonton: a week later is in working hours too


@pytest.fixture(autouse=True)
def working_day(clock: ManualClock) -> None:
    clock.set(MONDAY)


def offer(harness: Harness, mentor: str, limit: int) -> None:
    harness.slack.slash_command(mentor, "/mentor", f"flash offer {limit}")
    harness.slack.wait_for(lambda: harness.slack.ephemerals_to(mentor))


def everyone_offers(harness: Harness, limit: int = 2) -> None:
    for mentor in (OKAFOR, LEE, CHEN):
        offer(harness, mentor, limit)


def ask(harness: Harness, topic: str, mentee: str = MENTEE) -> str:
    harness.slack.slash_command(mentee, "/mentor", f"flash {topic}")
    return json.dumps(harness.slack.wait_for(lambda: harness.slack.ephemerals_to(mentee))[-1], ensure_ascii=False)


def group_dm(harness: Harness, *people: str) -> str:
    slack = harness.slack
    return slack.wait_for(lambda: [c.response["channel"]["id"] for c in slack.calls("conversations.open")
                                   if c.params.get("users") == ",".join(people)])[0]


def statuses(harness: Harness) -> list[tuple[str, str]]:
    with harness.deps.sessions() as session:
        rows = session.exec(select(FlashConversation).order_by(FlashConversation.id))  # type: ignore[arg-type]
        return [(row.status, str(row.mentor_id)) for row in rows]


def test_flash_asks_the_best_fitting_mentor_who_knows_the_topic_and_opens_a_group_dm(program: Harness) -> None:
    slack = program.slack
    everyone_offers(program)
    assert "I've asked a mentor who knows “cardiology”" in ask(program, "Cardiology")
    request = slack.wait_for(lambda: dms(program, OKAFOR))[-1]
    assert "30-minute conversation with *Riley Resident* about *cardiology*" in request
    assert dms(program, LEE) == [] and dms(program, CHEN) == []  # Chen knows nephrology, Lee fits less
    slack.click(OKAFOR, "flash_accept")
    intro = json.dumps(slack.wait_for(lambda: slack.messages_in(group_dm(program, MENTEE, OKAFOR)))[-1])
    assert "one 30-minute conversation about *cardiology*" in intro and "never assessment" in intro
    slack.wait_for(lambda: "You said yes" in dms(program, OKAFOR)[-1])
    assert "flash_accept" not in dms(program, OKAFOR)[-1]  # the answered request has no buttons left


def test_only_two_yeses_at_the_follow_up_make_an_ongoing_match_once(program: Harness) -> None:
    slack = program.slack
    everyone_offers(program)
    ask(program, "cardiology")
    slack.wait_for(lambda: dms(program, OKAFOR))
    slack.click(OKAFOR, "flash_accept")
    slack.wait_for(lambda: slack.messages_in(group_dm(program, MENTEE, OKAFOR)))
    assert run_due(program.deps, program.clock.now() + timedelta(days=6)) == []
    assert not any("Would you like to continue" in text for text in dms(program, MENTEE))
    assert run_due(program.deps, program.clock.now() + timedelta(days=7, minutes=1)) == []
    slack.wait_for(lambda: "continue as an ongoing match" in dms(program, MENTEE)[-1])
    slack.wait_for(lambda: "continue as an ongoing match" in dms(program, OKAFOR)[-1])
    network = report_of(program).network
    assert (network.flash_links, network.edges) == (1, 0)  # the conversation is an edge of its own kind
    slack.click(MENTEE, "flash_continue")
    slack.wait_for(lambda: "If they say yes too" in dms(program, MENTEE)[-1] or None)
    with program.deps.sessions() as session:
        assert active_matches(session=session) == []  # one yes is not a match
    slack.click(OKAFOR, "flash_continue")
    slack.wait_for(lambda: any("now an ongoing" in text for text in dms(program, MENTEE)))
    with program.deps.sessions() as session:
        (match,) = active_matches(session=session)
        assert match.kind == "research" and "a flash conversation on cardiology" in match.reasons
    network = report_of(program).network
    assert (network.flash_links, network.edges) == (0, 1)  # now a match: one edge, the match's
    assert report_formats(program) == {"flash_conversations": 1, "flash_became_ongoing": 1.0, "speed_events": 0,
                                       "event_conversations": 0, "event_mutual_picks": 0}


def report_of(harness: Harness):  # type: ignore[no-untyped-def]
    from bot.report.period import parse_period
    from bot.report.service import build_report

    today = harness.clock.now().date()
    period = parse_period((today - timedelta(days=30)).isoformat(), (today + timedelta(days=30)).isoformat(),
                          today=today + timedelta(days=30), transition="07-01", timezone="America/Edmonton")
    with harness.deps.sessions() as session:
        return build_report(session=session, period=period, now=harness.clock.now() + timedelta(days=30))


def report_formats(harness: Harness) -> dict[str, float | None]:
    from bot.report.definitions import definitions_by_key

    report = report_of(harness)
    values = {i.key: i.value for i in report.formats.indicators()}
    assert all(key in definitions_by_key() for key in values)
    return values


def test_a_no_at_the_follow_up_makes_no_match(program: Harness) -> None:
    slack = program.slack
    everyone_offers(program)
    ask(program, "cardiology")
    slack.wait_for(lambda: dms(program, OKAFOR))
    slack.click(OKAFOR, "flash_accept")
    slack.wait_for(lambda: slack.messages_in(group_dm(program, MENTEE, OKAFOR)))
    run_due(program.deps, program.clock.now() + timedelta(days=8))
    slack.wait_for(lambda: "continue as an ongoing match" in dms(program, OKAFOR)[-1])
    slack.wait_for(lambda: "continue as an ongoing match" in dms(program, MENTEE)[-1])
    slack.click(OKAFOR, "flash_stop")
    slack.click(MENTEE, "flash_continue")
    slack.wait_for(lambda: "If they say yes too" in dms(program, MENTEE)[-1] or None)
    with program.deps.sessions() as session:
        assert active_matches(session=session) == []
    assert not any("one was enough" in text for text in dms(program, MENTEE))  # a no is never told


def test_a_decline_asks_the_next_mentor_and_the_mentee_never_hears_who(program: Harness) -> None:
    slack = program.slack
    everyone_offers(program)
    ask(program, "cardiology")
    slack.wait_for(lambda: dms(program, OKAFOR))
    slack.click(OKAFOR, "flash_decline")
    assert "about *cardiology*" in slack.wait_for(lambda: dms(program, LEE))[-1]
    assert not any("Okafor" in text for text in dms(program, MENTEE))
    slack.click(LEE, "flash_decline")
    slack.wait_for(lambda: dms(program, MENTEE) and "has room right now" in dms(program, MENTEE)[-1] or None)
    assert dms(program, CHEN) == []  # nephrology is not cardiology


def test_a_conflict_of_interest_keeps_the_best_fit_out(program: Harness) -> None:
    slack = program.slack
    everyone_offers(program)
    slack.slash_command(OKAFOR, "/mentor", "conflict <@URES0001|riley> direct_supervisor")
    slack.wait_for(lambda: len(slack.ephemerals_to(OKAFOR)) == 2 or None)
    ask(program, "cardiology")
    slack.wait_for(lambda: dms(program, LEE))
    assert dms(program, OKAFOR) == []


def test_the_monthly_limit_and_opting_out_are_respected(program: Harness) -> None:
    slack = program.slack
    offer(program, OKAFOR, 1)
    ask(program, "cardiology")
    slack.wait_for(lambda: dms(program, OKAFOR))
    slack.click(OKAFOR, "flash_accept")
    slack.wait_for(lambda: "You said yes" in dms(program, OKAFOR)[-1] or None)
    assert "has room right now" in ask(program, "research methods")  # Okafor's one this month is taken
    program.clock.advance(timedelta(days=40))
    assert "I've asked a mentor" in ask(program, "research methods")  # a new month
    offer(program, LEE, 0)
    assert "flash requests any more" in json.dumps(slack.ephemerals_to(LEE)[-1])


def test_a_second_click_on_an_answered_request_is_already_handled(program: Harness) -> None:
    slack = program.slack
    everyone_offers(program)
    ask(program, "cardiology")
    slack.wait_for(lambda: dms(program, OKAFOR))
    (conversation_id,) = {row_id for row_id in _ids(program)}
    slack.click(OKAFOR, "flash_accept", value=str(conversation_id))
    slack.wait_for(lambda: "You said yes" in dms(program, OKAFOR)[-1] or None)
    with program.deps.sessions() as session:
        from bot.flash import FlashAlreadyAnswered, answer_flash
        try:
            answer_flash(session=session, notifier=program.deps.notifier, conversation_id=conversation_id,
                         mentor_slack_id=OKAFOR, accept=False, now=program.clock.now())
        except FlashAlreadyAnswered:
            pass
        else:
            raise AssertionError("a second answer must lose the compare-and-set")
    assert [status for status, _ in statuses(program)] == ["accepted"]


def test_someone_not_asked_cannot_answer_a_flash_request(program: Harness) -> None:
    from bot.access import unit_of_work
    from bot.flash import NotYourFlash, answer_flash
    from storage.queries.audit import audit_events

    everyone_offers(program)
    ask(program, "cardiology")
    program.slack.wait_for(lambda: dms(program, OKAFOR))
    (conversation_id,) = _ids(program)
    try:
        with unit_of_work(program.deps.sessions, program.clock.now()) as session:
            answer_flash(session=session, notifier=program.deps.notifier, conversation_id=conversation_id,
                         mentor_slack_id=LEE, accept=True, now=program.clock.now())
    except NotYourFlash:
        pass
    else:
        raise AssertionError("a mentor who was not asked answered")
    assert [status for status, _ in statuses(program)] == ["asked"]
    with program.deps.sessions() as session:
        assert [e.outcome for e in audit_events(session=session, actor=LEE, action="flash.answer")] == ["refused"]


def _ids(harness: Harness) -> list[int]:
    with harness.deps.sessions() as session:
        return [row.id for row in session.exec(select(FlashConversation))]  # type: ignore[misc]


def move_to(harness: Harness, slack_id: str, timezone: str) -> None:
    from storage.engine import transaction
    from storage.queries.people import get_person

    with transaction(harness.deps.sessions) as session:
        person = get_person(session=session, slack_user_id=slack_id)
        person.timezone = timezone
        session.add(person)


def test_the_follow_up_reaches_each_person_in_their_own_working_hours(program: Harness) -> None:
    from tests.conftest import drain

    slack = program.slack
    move_to(program, OKAFOR, "Asia/Tokyo")
    everyone_offers(program)
    ask(program, "cardiology")
    slack.wait_for(lambda: dms(program, OKAFOR))
    slack.click(OKAFOR, "flash_accept")
    slack.wait_for(lambda: slack.messages_in(group_dm(program, MENTEE, OKAFOR)))
    due = program.clock.now() + timedelta(days=7, minutes=1)  # Monday 16:01 UTC: 10:01 in Edmonton, 01:01 in Tokyo
    program.clock.set(due)
    assert run_due(program.deps, due) == []
    slack.wait_for(lambda: "continue as an ongoing match" in dms(program, MENTEE)[-1] or None)
    drain(program)
    assert not any("continue as an ongoing match" in text for text in dms(program, OKAFOR))  # asleep in Tokyo
    program.clock.set(datetime(2030, 4, 8, 23, 59, tzinfo=UTC))  # 08:59 in Tokyo
    drain(program)
    assert not any("continue as an ongoing match" in text for text in dms(program, OKAFOR))
    program.clock.set(datetime(2030, 4, 9, 0, 0, tzinfo=UTC))  # 09:00 in Tokyo
    drain(program)
    slack.wait_for(lambda: "continue as an ongoing match" in dms(program, OKAFOR)[-1] or None)


def test_the_same_pair_is_never_asked_twice_about_a_topic(program: Harness) -> None:
    slack = program.slack
    everyone_offers(program)
    ask(program, "cardiology")
    slack.wait_for(lambda: dms(program, OKAFOR))
    slack.click(OKAFOR, "flash_accept")
    slack.wait_for(lambda: "You said yes" in dms(program, OKAFOR)[-1] or None)
    asked_okafor = len(dms(program, OKAFOR))
    assert "I've asked a mentor" in ask(program, "cardiology")  # again, after a conversation with Okafor
    assert "about *cardiology*" in slack.wait_for(lambda: dms(program, LEE))[-1]
    drain_all = len(dms(program, OKAFOR))
    assert drain_all == asked_okafor  # Okafor is not asked a second time about cardiology
    assert [mentor for _, mentor in statuses(program)][0] != [mentor for _, mentor in statuses(program)][1]
