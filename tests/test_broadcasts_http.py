"""Announcements through Slack: compose, exact preview, confirm, paced delivery, local times, failures, cancel, edit."""

import json
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import pytest
from sqlmodel import select

from bot.broadcasts import Announcement, LinkButton
from bot.emulator import SlackEmulator
from bot.outbox_worker import deliver_outbox
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from handlers.blocks.broadcasts import build_announcement
from storage.engine import transaction
from storage.queries.audit import audit_events
from storage.tables import Broadcast, OutboxMessage
from tests.conftest import COORDINATOR, Harness

TORONTO, LONDON, EDMONTON, VANCOUVER = "URES0001", "URES0002", "UFAC0001", "UFAC0002"
TIMEZONES = {TORONTO: "America/Toronto", LONDON: "Europe/London", EDMONTON: "America/Edmonton",
             VANCOUVER: "America/Vancouver"}


def enrol(harness: Harness, slack_id: str, **profile) -> None:
    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(slack_id, slack_id, None, TIMEZONES[slack_id]),
                     profile=ProfileBase(**{"program": "Internal Medicine", **profile}), now=harness.clock.now())


@pytest.fixture
def program(harness: Harness) -> Harness:
    """Two residents (Toronto, London) and two faculty (Edmonton, Vancouver)."""
    enrol(harness, TORONTO, as_mentee=True, stage="PGY-1", kinds_wanted=["career"])
    enrol(harness, LONDON, as_mentee=True, stage="PGY-2", kinds_wanted=["career"], program="Surgery")
    enrol(harness, EDMONTON, as_mentor=True, stage="associate_professor", kinds_offered=["career"])
    enrol(harness, VANCOUVER, as_mentor=True, stage="professor", kinds_offered=["career"])
    return harness


def without_ids(blocks: list[dict]) -> list[dict]:
    """Blocks as a person sees them: Slack fills in missing block_ids at random, so leave them out."""
    return [{key: value for key, value in block.items() if key != "block_id"} for block in blocks]


def announcements_to(slack: SlackEmulator, user: str) -> list[dict]:
    return [m for m in slack.messages_to(user) if "announcement from" in json.dumps(m)]


def status_messages(slack: SlackEmulator) -> list[dict]:
    return [m for m in slack.messages_to(COORDINATOR) if any(b["type"] == "header" for b in m["blocks"])]


def status_message(slack: SlackEmulator) -> str:
    return json.dumps(status_messages(slack)[-1], ensure_ascii=False)


def compose(harness: Harness, values: dict) -> dict:
    """/mentor announce, fill in the form, press Preview; returns the confirmation view Slack shows."""
    slack = harness.slack
    slack.slash_command(COORDINATOR, "/mentor", "announce")
    slack.wait_for(lambda: (slack.open_modal(COORDINATOR) or {}).get("callback_id") == "announce")
    result = slack.submit_view(COORDINATOR, values)
    assert result.json and result.json.get("response_action") == "push", result.body
    return slack.open_modal(COORDINATOR)


def confirm(harness: Harness) -> None:
    harness.slack.submit_view(COORDINATOR)
    harness.slack.wait_for(lambda: "Announcement #" in json.dumps(harness.slack.messages_to(COORDINATOR)))


def send(harness: Harness, instant: datetime | None = None) -> None:
    """What a scheduler tick does for announcements: move them along, then deliver the outbox."""
    instant = instant or harness.clock.now()
    harness.clock.set(instant)
    deliver_outbox(harness.deps, instant)


def test_preview_shows_exactly_what_recipients_get_and_confirming_sends_it_once(program: Harness) -> None:
    slack = program.slack
    view = compose(program, {"audience": "everyone", "message": "*Research day* is Friday. Bring a poster!",
                             "links": "Register | https://example.org/register"})
    preview = json.dumps(view)
    assert "Each recipient will see exactly this" in preview and "*4 people*" in preview
    assert view["submit"]["text"] == "Send to 4 people"
    assert announcements_to(slack, TORONTO) == []  # nothing goes before the confirmation
    confirm(program)
    send(program)
    expected = without_ids(build_announcement(Announcement("*Research day* is Friday. Bring a poster!",
                                                            (LinkButton("Register", "https://example.org/register"),),
                                                            COORDINATOR))["blocks"])
    previewed = without_ids(view["blocks"])
    assert all(block in previewed for block in expected)  # the preview held the recipients' blocks
    for user in TIMEZONES:
        (received,) = announcements_to(slack, user)
        assert without_ids(received["blocks"]) == expected
        assert received["metadata"]["event_payload"]["key"] == f"broadcast:1:{user}"
    assert "Done: *4 sent*" in status_message(slack)
    send(program)  # the next tick delivers the coordinator's summary, and sends nobody anything twice
    assert "has finished: 4 delivered, 0 not delivered" in json.dumps(slack.messages_to(COORDINATOR))
    assert all(len(announcements_to(slack, user)) == 1 for user in TIMEZONES)


def test_the_status_message_is_edited_in_place_as_delivery_goes_on(program: Harness) -> None:
    compose(program, {"audience": "mentors", "message": "Mentor training on Thursday."})
    confirm(program)
    assert "Sending: *0 sent* · 2 pending" in status_message(program.slack)
    send(program)
    updates = program.slack.calls("chat.update")
    assert updates and all(c.params["ts"] == updates[0].params["ts"] for c in updates)
    assert "Done: *2 sent*" in status_message(program.slack)
    assert len(status_messages(program.slack)) == 1


def test_form_errors_appear_on_their_fields(program: Harness) -> None:
    slack = program.slack
    slack.slash_command(COORDINATOR, "/mentor", "announce")
    slack.wait_for(lambda: slack.open_modal(COORDINATOR))
    result = slack.submit_view(COORDINATOR, {"audience": "people", "message": "Hello",
                                             "links": "Register at https://example.org"})
    errors = result.json["errors"]
    assert "Register | https://example.org/register" in errors["links"]
    result = slack.submit_view(COORDINATOR, {"audience": "people", "message": "Hello", "links": ""})
    assert result.json["errors"] == {"people": "Pick at least one person (or another audience)."}
    result = slack.submit_view(COORDINATOR, {"audience": "everyone", "message": "Hello", "when": "at", "time": "09:00"})
    assert result.json["errors"] == {"date": "Choose the day to send it."}
    yesterday = (program.clock.now() - timedelta(days=1)).date().isoformat()
    result = slack.submit_view(COORDINATOR, {"audience": "everyone", "message": "Hello", "when": "at",
                                             "date": yesterday, "time": "09:00"})
    assert "has already passed" in result.json["errors"]["time"]
    with program.deps.sessions() as session:
        assert session.exec(select(Broadcast)).all() == []


def forge(slack: SlackEmulator, payload: dict) -> None:
    """What someone who is not a coordinator could send by crafting the request themselves."""
    envelope = {"user": {"id": TORONTO}, "team": {"id": "T0MENTOR"}, "api_app_id": "A0MENTORBOT", "token": "x",
                "trigger_id": f"forged.{payload['type']}", **payload}
    slack.send_signed(urlencode({"payload": json.dumps(envelope)}).encode(), "application/x-www-form-urlencoded")


def test_only_coordinators_can_announce_confirm_or_cancel(program: Harness) -> None:
    slack = program.slack
    answer = slack.slash_command(TORONTO, "/mentor", "announce")
    assert "only program coordinators" in answer.json["text"]
    compose(program, {"audience": "everyone", "message": "Hello", "when": "at",
                      "date": (program.clock.now() + timedelta(days=2)).date().isoformat(), "time": "09:00"})
    forge(slack, {"type": "view_submission", "view": {"id": "V1", "type": "modal", "callback_id": "announce_confirm", "blocks": [],
                                                      "private_metadata": "1", "state": {"values": {}}}})
    slack.wait_for(lambda: "only program coordinators" in json.dumps(slack.messages_to(TORONTO)))
    with program.deps.sessions() as session:
        assert session.get(Broadcast, 1).status == "draft"  # the forged confirmation sent nothing
    confirm(program)
    forge(slack, {"type": "block_actions", "container": {"type": "message"},
                  "actions": [{"action_id": "broadcast_cancel", "block_id": "b", "value": "1", "type": "button",
                               "action_ts": "1"}]})
    slack.wait_for(lambda: len([m for m in slack.messages_to(TORONTO) if "only program coordinators" in m["text"]]) == 2)
    with program.deps.sessions() as session:
        assert session.get(Broadcast, 1).status == "scheduled"
        refused = [e.action for e in audit_events(session=session, actor=TORONTO) if e.outcome == "refused"]
    assert refused == ["command.announce", "announce.confirm", "broadcast_cancel"]


def test_audiences_pick_the_right_people(program: Harness) -> None:
    from bot.broadcasts import Audience, resolve_audience
    from storage.tables import Match, Person

    with transaction(program.deps.sessions) as session:
        people = {p.slack_user_id: p for p in session.exec(select(Person))}
        session.add(Match(mentee_id=people[TORONTO].id, mentor_id=people[EDMONTON].id, kind="career",
                          started_at=program.clock.now()))
        people[VANCOUVER].paused_until = date(2099, 1, 1)
        session.add(people[VANCOUVER])
    def reached(audience: Audience) -> tuple[list[str], int, int]:
        with program.deps.sessions() as session:
            recipients, paused, departed = resolve_audience(session=session, audience=audience, now=program.clock.now(),
                                                            program_timezone="America/Edmonton")
        return [r.slack_id for r in recipients], paused, departed

    assert reached(Audience("everyone")) == ([TORONTO, LONDON, EDMONTON], 1, 0)
    assert reached(Audience("mentees")) == ([TORONTO, LONDON], 0, 0)
    assert reached(Audience("mentors")) == ([EDMONTON], 1, 0)
    assert reached(Audience("program", "Surgery")) == ([LONDON], 0, 0)
    assert reached(Audience("stage", "PGY-1")) == ([TORONTO], 0, 0)
    assert reached(Audience("unmatched")) == ([LONDON], 0, 0)  # Toronto has an active match
    # hand-picked: as picked (even on a pause, and people not enrolled), once each, but never someone who left
    with transaction(program.deps.sessions) as session:
        gone = session.exec(select(Person).where(Person.slack_user_id == LONDON)).one()
        gone.active = False
        session.add(gone)
    assert reached(Audience("people", people=(VANCOUVER, COORDINATOR, LONDON, VANCOUVER))) == (
        [VANCOUVER, COORDINATOR], 0, 1)


def test_their_local_time_reaches_each_person_at_nine_on_their_own_clock(program: Harness) -> None:
    program.clock.set(datetime(2026, 3, 9, 12, 0, tzinfo=UTC))  # Monday; DST began in North America on 8 March
    view = compose(program, {"audience": "everyone", "message": "Wellness week starts today.", "when": "local",
                             "date": "2026-03-10", "time": "09:00"})
    assert "the first copies go at Tue 10 Mar, 03:00, the last at Tue 10 Mar, 10:00 (program time)" in json.dumps(view)
    assert view["submit"]["text"] == "Schedule for 4"
    confirm(program)
    arrivals = {  # 09:00 local: London GMT, Toronto EDT, Edmonton MDT, Vancouver PDT
        datetime(2026, 3, 10, 9, 0, tzinfo=UTC): LONDON,
        datetime(2026, 3, 10, 13, 0, tzinfo=UTC): TORONTO,
        datetime(2026, 3, 10, 15, 0, tzinfo=UTC): EDMONTON,
        datetime(2026, 3, 10, 16, 0, tzinfo=UTC): VANCOUVER,
    }
    reached: set[str] = set()
    for instant, user in arrivals.items():
        send(program, instant - timedelta(minutes=1))
        assert {u for u in TIMEZONES if announcements_to(program.slack, u)} == reached
        send(program, instant)
        reached.add(user)
        assert {u for u in TIMEZONES if announcements_to(program.slack, u)} == reached
    assert "Done: *4 sent*" in status_message(program.slack)


def test_program_time_sends_everyone_the_same_instant(program: Harness) -> None:
    program.clock.set(datetime(2026, 3, 9, 12, 0, tzinfo=UTC))
    compose(program, {"audience": "mentees", "message": "Exams prep session.", "when": "at",
                      "date": "2026-03-10", "time": "09:00"})
    confirm(program)
    assert "Scheduled: the first copies go Tue 10 Mar, 09:00" in status_message(program.slack)
    send(program, datetime(2026, 3, 10, 14, 59, tzinfo=UTC))  # 08:59 in Edmonton
    assert not announcements_to(program.slack, TORONTO) and not announcements_to(program.slack, LONDON)
    send(program, datetime(2026, 3, 10, 15, 0, tzinfo=UTC))
    assert len(announcements_to(program.slack, TORONTO)) == len(announcements_to(program.slack, LONDON)) == 1


def test_permanent_failures_are_recorded_with_reasons_and_listed(program: Harness) -> None:
    slack = program.slack
    slack.set_user(LONDON, deleted=True)  # conversations.open: user_disabled
    compose(program, {"audience": "everyone", "message": "Hello"})
    confirm(program)
    slack.fail_next("chat.postMessage", error="channel_not_found")  # the first copy, to Toronto
    send(program)
    send(program)
    with program.deps.sessions() as session:
        failed = {m.recipient: m.last_error for m in session.exec(select(OutboxMessage).where(
            OutboxMessage.status == "failed"))}
    assert failed == {TORONTO: "channel_not_found", LONDON: "user_disabled"}
    text = status_message(slack)
    assert "Not delivered (2)" in text and f"<@{LONDON}>: account deactivated" in text
    assert "no direct-message channel with them" in text
    summary = json.dumps(slack.messages_to(COORDINATOR)[-1])
    assert "2 delivered, 2 not delivered" in summary and "account deactivated" in summary
    assert len([c for c in slack.calls("conversations.open") if c.params.get("users") == LONDON]) == 1  # never retried


def test_a_server_error_is_checked_in_slack_then_resent_once(program: Harness) -> None:
    slack = program.slack
    compose(program, {"audience": "mentees", "message": "Hello"})
    confirm(program)
    slack.fail_next("chat.postMessage", http_status=503)  # Slack may or may not have posted it
    send(program)
    send(program, program.clock.now() + timedelta(seconds=5))  # past the backoff: checked, not there, sent again
    assert [c.params["channel"] for c in slack.calls("conversations.history")]  # it looked before resending
    assert len(announcements_to(slack, TORONTO)) == len(announcements_to(slack, LONDON)) == 1


def test_cancel_before_start_sends_nothing(program: Harness) -> None:
    program.clock.set(datetime(2026, 3, 9, 12, 0, tzinfo=UTC))
    compose(program, {"audience": "everyone", "message": "Hello", "when": "at", "date": "2026-03-10", "time": "09:00"})
    confirm(program)
    program.slack.click(COORDINATOR, "broadcast_cancel", value="1")
    program.slack.wait_for(lambda: "Cancelled" in status_message(program.slack))
    send(program, datetime(2026, 3, 11, 12, 0, tzinfo=UTC))
    assert not any(announcements_to(program.slack, u) for u in TIMEZONES)
    assert "4 cancelled" in status_message(program.slack) and "broadcast_edit" not in status_message(program.slack)


def test_stopping_a_running_announcement_stops_its_pending_deliveries(program: Harness) -> None:
    from bot.outbox import deliver_due

    compose(program, {"audience": "everyone", "message": "Hello"})
    confirm(program)
    deliver_due(sessions=program.deps.sessions, client=program.deps.slack, now=program.clock.now(), worker="w", limit=2)
    program.slack.click(COORDINATOR, "broadcast_cancel", value="1")
    program.slack.wait_for(lambda: "Cancelled" in status_message(program.slack))
    send(program)
    assert sum(len(announcements_to(program.slack, u)) for u in TIMEZONES) == 2
    assert "Cancelled: *2 sent* · 2 cancelled" in status_message(program.slack)


def test_a_scheduled_announcement_can_be_edited_until_it_starts(program: Harness) -> None:
    slack = program.slack
    program.clock.set(datetime(2026, 3, 9, 12, 0, tzinfo=UTC))
    compose(program, {"audience": "mentors", "message": "Trainig on Tuesday", "when": "at", "date": "2026-03-10",
                      "time": "09:00"})
    confirm(program)
    slack.click(COORDINATOR, "broadcast_edit", value="1")
    slack.wait_for(lambda: (slack.open_modal(COORDINATOR) or {}).get("callback_id") == "announce")
    assert "Trainig on Tuesday" in json.dumps(slack.open_modal(COORDINATOR))  # pre-filled
    result = slack.submit_view(COORDINATOR, {"message": "Training on Tuesday", "audience": "everyone"})
    assert result.json["view"]["submit"]["text"] == "Save changes"
    slack.submit_view(COORDINATOR)
    slack.wait_for(lambda: "Training on Tuesday" in status_message(slack))
    send(program, datetime(2026, 3, 10, 15, 0, tzinfo=UTC))
    for user in TIMEZONES:
        (received,) = announcements_to(slack, user)
        assert received["text"] == "Training on Tuesday"
    with program.deps.sessions() as session:
        assert [b.id for b in session.exec(select(Broadcast))] == [1]  # the same announcement, edited
    from bot.broadcasts import BroadcastError, editable_broadcast

    with program.deps.sessions() as session, pytest.raises(BroadcastError, match="is done"):
        editable_broadcast(session=session, broadcast_id=1)


def test_coordinators_see_announcement_history_in_app_home(program: Harness) -> None:
    compose(program, {"audience": "mentees", "message": "Hello"})
    confirm(program)
    send(program)
    program.slack.open_home(COORDINATOR)
    program.slack.wait_for(lambda: "Announcements" in json.dumps(program.slack.home_view(COORDINATOR)))
    home = json.dumps(program.slack.home_view(COORDINATOR), ensure_ascii=False)
    assert "*#1* All mentees · done · *2 sent*" in home and "home_announce" in home
    program.slack.open_home(TORONTO)
    program.slack.wait_for(lambda: program.slack.home_view(TORONTO))
    assert "Announcements" not in json.dumps(program.slack.home_view(TORONTO))
