"""Announcements as the modal, the buttons and the tick step drive them (no Slack; a recording stand-in shows the
coordinator's status): checked drafts, one outbox message per recipient at each one's send time, edits and
cancels only while they can still mean something, counts and the final summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.broadcasts import (
    CONFIRMATION_GRACE,
    Announcement,
    Audience,
    BroadcastError,
    BroadcastInfo,
    LinkButton,
    Schedule,
    advance_broadcasts,
    audience_label,
    broadcast_info,
    cancel,
    compose,
    confirm,
    editable_broadcast,
    failure_reason,
    history,
    parse_buttons,
    schedule_label,
)
from bot.notify import MessageRef
from storage.tables import AuditEvent, Broadcast, OutboxMessage, Person
from tests.services import Program, program  # noqa: F401

NOW = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)  # Tuesday 10:00 in Edmonton
HOME = "America/Edmonton"
HELLO = Announcement("Hello *everyone*", (LinkButton("Register", "https://example.org/r"),))


def render(announcement: Announcement) -> dict:
    return {"text": announcement.text, "author": announcement.author}


@pytest.fixture
def people(program: Program) -> Program:  # noqa: F811
    program.clock.set(NOW)
    program.person("UCOORD", coordinator=True, name="Casey")
    program.mentee("URILEY", tz="America/Toronto", program="Surgery", stage="PGY-1")
    program.mentee("USAM", tz="Europe/London", program="Medicine", stage="PGY-2")
    program.mentee("UAWAY", paused_until=date(2026, 4, 1), program="Surgery")
    program.mentee("UBACK", paused_until=date(2026, 3, 3), program="Surgery")  # back today
    program.mentee("UGONE", active=False, program="Surgery")
    program.mentor("ULEE", program="Surgery")
    return program


def draft(program: Program, audience: Audience = Audience("mentees"), schedule: Schedule = Schedule(),  # noqa: F811
          announcement: Announcement = HELLO, author: str = "UCOORD", edit_of: int | None = None) -> BroadcastInfo:
    with program.session() as session:
        return compose(session=session, author=author, audience=audience, announcement=announcement,
                       schedule=schedule, program_timezone=HOME, now=program.clock.now(), edit_of=edit_of)


def confirmed(program: Program, info: BroadcastInfo) -> BroadcastInfo:  # noqa: F811
    with program.session() as session:
        return confirm(session=session, broadcast_id=info.broadcast_id, render=render, now=program.clock.now())


def deliveries(program: Program) -> list[tuple[str, str, datetime]]:  # noqa: F811
    return sorted((m.recipient, m.status, m.not_before) for m in program.rows(OutboxMessage)
                  if m.purpose == "broadcast")


def editable(program: Program, broadcast_id: int) -> BroadcastInfo:  # noqa: F811
    with program.sessions() as session:  # it holds the row, as the edit form does: closed (rolled back) after
        return editable_broadcast(session=session, broadcast_id=broadcast_id)


def set_status(program: Program, recipient: str, status: str, last_error: str | None = None) -> None:  # noqa: F811
    with program.session() as session:
        for message in program.rows(OutboxMessage):
            if message.recipient == recipient and message.purpose == "broadcast":
                row = session.get(OutboxMessage, message.id)
                row.status, row.last_error = status, last_error


@pytest.mark.parametrize(("text", "buttons"), [
    ("", ()),
    ("Register | https://example.org/r\n\n  Agenda|http://example.org/a  ",
     (LinkButton("Register", "https://example.org/r"), LinkButton("Agenda", "http://example.org/a"))),
    ("A | b | https://x.org", (LinkButton("A | b", "https://x.org"),)),
])
def test_link_buttons_are_read_from_lines(text: str, buttons: tuple) -> None:
    assert parse_buttons(text) == buttons


@pytest.mark.parametrize(("text", "message"), [
    ("Register https://example.org", "Line 1 should look like `Register | https://example.org/register`."),
    ("ok | https://x.org\n | https://example.org", "Line 2 should look like"),
    ("Register | example.org", "Line 1 should look like"),
    ("Register | https://example.org/a b", "Line 1 should look like"),
    ("L" * 76 + " | https://x.org", "Line 1: labels are at most 75 characters."),
    ("Long | https://x.org/" + "p" * 3000, "Line 1: labels are at most 75 characters."),
    ("\n".join(f"B{n} | https://x.org/{n}" for n in range(6)), "At most 5 buttons, one per line."),
])
def test_malformed_link_lines_are_refused_on_the_links_field(text: str, message: str) -> None:
    with pytest.raises(BroadcastError) as refused:
        parse_buttons(text)
    assert str(refused.value).startswith(message) and refused.value.field == "links"


def test_labels_and_reasons_in_words() -> None:
    assert audience_label(Audience("program", "Surgery")) == "Everyone in Surgery"
    assert audience_label(Audience("stage", "PGY-2")) == "Everyone at PGY-2"
    assert audience_label(Audience("stage", "associate_professor")) == "Everyone at Associate professor"
    assert audience_label(Audience("stage", "astronaut")) == "Everyone at astronaut"
    assert audience_label(Audience("people", None, ("U1",))) == "1 hand-picked person"
    assert audience_label(Audience("people", None, ("U1", "U2"))) == "2 hand-picked people"
    assert audience_label(Audience("unmatched")) == "Mentees without a match"
    assert audience_label(Audience("martians")) == "martians"
    at = datetime(2026, 3, 10, 9, 5)
    assert schedule_label(Schedule(), HOME) == "Now"
    assert schedule_label(Schedule("at"), HOME) == "Now"
    assert schedule_label(Schedule("at", at), HOME) == "Tue 10 Mar 2026, 09:05 (America/Edmonton)"
    assert schedule_label(Schedule("local", at), HOME) == "Tue 10 Mar 2026, 09:05 in each person's own timezone"
    assert failure_reason("user_disabled") == "account deactivated"
    assert failure_reason("channel_not_found") == "no direct-message channel with them"
    assert failure_reason("weird_error") == "weird_error"


@pytest.mark.parametrize(("kwargs", "message", "field"), [
    ({"announcement": Announcement("   ")}, "Write the message.", "message"),
    ({"announcement": Announcement("x" * 3001)}, "Keep the message under 3000 characters.", "message"),
    ({"audience": Audience("martians")}, "Choose who the announcement is for.", "audience"),
    ({"audience": Audience("program")}, "Choose the program (or another audience).", "program"),
    ({"audience": Audience("stage", "astronaut")}, "Choose the career stage (or another audience).", "stage"),
    ({"audience": Audience("people")}, "Pick at least one person (or another audience).", "people"),
    ({"schedule": Schedule("someday")}, "Choose when to send it.", "when"),
    ({"audience": Audience("program", "Dermatology")}, "No one is in that audience right now (everyone in dermatology).",
     "audience"),
    ({"audience": Audience("people", None, ("UGONE",))}, "No one is in that audience right now (1 hand-picked person).",
     "people"),
    ({"schedule": Schedule("at")}, "Choose the day to send it.", "date"),  # the draft model, in the form's words
    ({"schedule": Schedule("at", datetime(2026, 3, 3, 10, 0))}, "Tue 3 Mar, 10:00 has already passed. Choose a later time.",
     "time"),
    ({"schedule": Schedule("local", datetime(2026, 3, 3, 11, 30))},
     "Tue 3 Mar, 11:30 has already passed for 2 of them (America/Toronto, Europe/London). Choose a later time.", "time"),
    ({"schedule": Schedule("at", datetime(2027, 3, 4, 10, 1))}, "Announcements can be scheduled up to a year ahead.",
     "date"),
])
def test_a_draft_is_checked_fully_before_it_is_stored(people: Program, kwargs: dict, message: str, field: str) -> None:
    with pytest.raises(BroadcastError) as refused:
        draft(people, **kwargs)
    assert (str(refused.value), refused.value.field) == (message, field)
    assert people.rows(Broadcast) == []


def test_a_draft_names_who_is_left_out_and_when_it_goes(people: Program) -> None:
    info = draft(people, Audience("program", "Surgery"), Schedule("local", datetime(2026, 3, 4, 9, 0)))
    # Surgery: Riley, the paused one, the one back today, Lee; the one who left is not counted anywhere
    assert (info.status, info.recipient_count, info.left_out_paused, info.left_out_departed) == ("draft", 3, 1, 0)
    assert (info.first_send_at, info.last_send_at) == (datetime(2026, 3, 4, 14, 0, tzinfo=UTC),
                                                       datetime(2026, 3, 4, 16, 0, tzinfo=UTC))
    assert info.announcement == Announcement(HELLO.text, HELLO.buttons, "UCOORD") and info.program_timezone == HOME
    [event] = people.rows(AuditEvent)
    assert (event.actor_slack_id, event.action, event.target, event.detail) == (
        "UCOORD", "announce.compose", str(info.broadcast_id), {"audience": "program", "recipients": 3, "edit_of": None})
    picked = draft(people, Audience("people", None, ("URILEY", "UGONE", "UNEW", "URILEY", "UAWAY")))
    assert (picked.recipient_count, picked.left_out_paused, picked.left_out_departed) == (3, 0, 1)


def test_a_time_exactly_a_year_ahead_is_allowed(people: Program) -> None:
    info = draft(people, schedule=Schedule("at", datetime(2027, 3, 3, 10, 0)))
    assert info.first_send_at == NOW + timedelta(days=365)


def test_confirming_writes_one_delivery_per_recipient_at_their_own_time(people: Program) -> None:
    info = confirmed(people, draft(people, schedule=Schedule("local", datetime(2026, 3, 4, 9, 0))))
    assert (info.status, info.recipient_count, info.pending) == ("scheduled", 3, 3)
    assert deliveries(people) == [("UBACK", "pending", datetime(2026, 3, 4, 16, 0, tzinfo=UTC)),
                                  ("URILEY", "pending", datetime(2026, 3, 4, 14, 0, tzinfo=UTC)),
                                  ("USAM", "pending", datetime(2026, 3, 4, 9, 0, tzinfo=UTC))]
    message = next(m for m in people.rows(OutboxMessage) if m.recipient == "URILEY")
    assert (message.key, message.payload, message.broadcast_id, message.created_at, message.attempts) == (
        f"broadcast:{info.broadcast_id}:URILEY", {"text": HELLO.text, "author": "UCOORD"}, info.broadcast_id, NOW, 0)
    row = people.rows(Broadcast)[0]
    assert (row.confirmed_at, row.started_at, row.shown) == (NOW, None, "")
    assert [(a.action, a.detail) for a in people.rows(AuditEvent)][-1] == ("announce.confirm", {"recipients": 3})
    with people.session() as session, pytest.raises(BroadcastError, match="already confirmed"):
        confirm(session=session, broadcast_id=info.broadcast_id, render=render, now=NOW)
    with people.session() as session, pytest.raises(BroadcastError, match="already confirmed"):
        confirm(session=session, broadcast_id=999, render=render, now=NOW)


def test_a_now_announcement_starts_sending_and_a_time_passed_while_reading_means_now(people: Program) -> None:
    info = confirmed(people, draft(people))
    assert info.status == "sending" and people.rows(Broadcast)[0].started_at == NOW
    assert {when for _, _, when in deliveries(people)} == {NOW}
    soon = draft(people, Audience("people", None, ("ULEE",)), Schedule("at", datetime(2026, 3, 3, 10, 5)))
    people.clock.set(NOW + timedelta(minutes=10))
    late = confirmed(people, soon)
    assert late.status == "sending"
    assert [when for who, _, when in deliveries(people) if who == "ULEE"] == [NOW + timedelta(minutes=10)]


def test_confirming_an_audience_that_emptied_sends_nothing(people: Program) -> None:
    info = draft(people, Audience("people", None, ("USAM",)))
    with people.session() as session:
        session.get(Person, people.rows(Person, slack_user_id="USAM")[0].id).active = False
    with people.session() as session, pytest.raises(BroadcastError, match="No one is in that audience any more"):
        confirm(session=session, broadcast_id=info.broadcast_id, render=render, now=NOW)
    assert deliveries(people) == []


def test_a_scheduled_announcement_is_edited_in_place_until_it_starts(people: Program) -> None:
    original = confirmed(people, draft(people, schedule=Schedule("at", datetime(2026, 3, 5, 9, 0))))
    assert editable(people, original.broadcast_id).status == "scheduled"
    edit = draft(people, Audience("people", None, ("ULEE",)), Schedule("at", datetime(2026, 3, 6, 9, 0)),
                 Announcement("Changed"), author="UCOORD2", edit_of=original.broadcast_id)
    assert edit.author == "UCOORD"  # stays its first author's
    done = confirmed(people, edit)
    assert done.broadcast_id == original.broadcast_id and done.announcement.text == "Changed"
    assert deliveries(people) == [("ULEE", "pending", datetime(2026, 3, 6, 16, 0, tzinfo=UTC))]
    assert [b.id for b in people.rows(Broadcast)] == [original.broadcast_id]  # the draft is gone
    compose_audit = [a for a in people.rows(AuditEvent) if a.action == "announce.compose"][-1]
    assert (compose_audit.actor_slack_id, compose_audit.detail["edit_of"]) == ("UCOORD2", original.broadcast_id)


def test_an_announcement_that_started_can_no_longer_be_edited(people: Program) -> None:
    running = confirmed(people, draft(people))
    with pytest.raises(BroadcastError, match=f"^Announcement #{running.broadcast_id} is sending: it can no longer be "
                                             "edited. You can still cancel the rest.$"):
        draft(people, edit_of=running.broadcast_id)
    with people.session() as session:
        cancel(session=session, broadcast_id=running.broadcast_id, actor="UCOORD", now=NOW)
    with pytest.raises(BroadcastError, match=f"^Announcement #{running.broadcast_id} is cancelled: it can no longer "
                                             "be edited.$"):
        editable(people, running.broadcast_id)
    pending = draft(people)
    for missing in (999, pending.broadcast_id):  # a draft is not an announcement yet
        with pytest.raises(BroadcastError, match="does not exist"):
            editable(people, missing)
        with pytest.raises(BroadcastError, match="does not exist"):
            broadcast_info(session=people.sessions(), broadcast_id=missing)


def test_an_edit_confirmed_after_the_first_delivery_is_refused(people: Program) -> None:
    original = confirmed(people, draft(people, schedule=Schedule("at", datetime(2026, 3, 5, 9, 0))))
    edit = draft(people, announcement=Announcement("Changed"), edit_of=original.broadcast_id)
    set_status(people, "URILEY", "sent")  # the outbox delivered one copy meanwhile
    with people.session() as session, pytest.raises(BroadcastError, match="has just started sending"):
        confirm(session=session, broadcast_id=edit.broadcast_id, render=render, now=NOW)
    assert people.rows(Broadcast)[0].message["text"] == HELLO.text


def test_cancel_stops_what_is_pending_and_only_once(people: Program) -> None:
    info = confirmed(people, draft(people))
    set_status(people, "URILEY", "sent")
    with people.session() as session:
        stopped = cancel(session=session, broadcast_id=info.broadcast_id, actor="UCOORD2", now=NOW)
    assert (stopped.status, stopped.sent, stopped.cancelled, stopped.pending) == ("cancelled", 1, 2, 0)
    row = people.rows(Broadcast)[0]
    assert (row.cancelled_by, row.finished_at) == ("UCOORD2", NOW)
    assert sorted(s for _, s, _ in deliveries(people)) == ["cancelled", "cancelled", "sent"]
    with people.session() as session, pytest.raises(BroadcastError, match="is already cancelled"):
        cancel(session=session, broadcast_id=info.broadcast_id, actor="UCOORD", now=NOW)
    for missing in (999, draft(people).broadcast_id):
        with people.session() as session, pytest.raises(BroadcastError, match="does not exist"):
            cancel(session=session, broadcast_id=missing, actor="UCOORD", now=NOW)


def test_the_tick_step_follows_deliveries_to_the_end_and_sends_one_summary(people: Program) -> None:
    info = confirmed(people, draft(people, schedule=Schedule("at", datetime(2026, 3, 4, 9, 0))))
    advance_broadcasts(people.deps, NOW)  # the confirming handler may still post its status message
    assert people.notifier.named("show_broadcast_status") == []
    advance_broadcasts(people.deps, NOW + CONFIRMATION_GRACE)
    [(shown, where)] = people.notifier.named("show_broadcast_status")
    assert (shown.status, where) == ("scheduled", None)
    advance_broadcasts(people.deps, NOW + timedelta(minutes=5))  # nothing changed: not shown again
    assert len(people.notifier.named("show_broadcast_status")) == 1
    start = datetime(2026, 3, 4, 16, 0, tzinfo=UTC)
    advance_broadcasts(people.deps, start)
    assert people.rows(Broadcast)[0].status == "sending" and people.rows(Broadcast)[0].started_at == start
    (shown, where), = people.notifier.named("show_broadcast_status")[1:]
    assert where == MessageRef(outbox_id=1)  # updated in place: the outbox row of the first status message
    set_status(people, "URILEY", "sent")
    set_status(people, "USAM", "failed", "user_disabled")
    set_status(people, "UBACK", "sending")
    advance_broadcasts(people.deps, start + timedelta(minutes=1))
    assert people.rows(Broadcast)[0].status == "sending" and people.notifier.named("render_broadcast_summary") == []
    set_status(people, "UBACK", "sent")
    advance_broadcasts(people.deps, start + timedelta(minutes=2))
    row = people.rows(Broadcast)[0]
    assert (row.status, row.sent_count, row.failed_count, row.finished_at) == ("done", 2, 1, start + timedelta(minutes=2))
    [(summary,)] = people.notifier.named("render_broadcast_summary")
    assert summary.failures == (("USAM", "account deactivated"),) and summary.state == "final"
    summaries = [m for m in people.rows(OutboxMessage) if m.purpose == "broadcast_summary"]
    assert [(m.key, m.recipient) for m in summaries] == [(f"broadcast:{info.broadcast_id}:summary", "UCOORD")]
    advance_broadcasts(people.deps, start + timedelta(minutes=3))
    assert len(people.notifier.named("render_broadcast_summary")) == 1
    assert people.rows(Broadcast)[0].shown == "final"
    [latest] = history(session=people.sessions())
    assert (latest.broadcast_id, latest.status, latest.failures) == (info.broadcast_id, "done", ())


def test_an_announcement_from_the_command_line_gets_no_summary_dm(people: Program) -> None:
    confirmed(people, draft(people, author="cli"))
    set_status(people, "URILEY", "sent")
    set_status(people, "USAM", "sent")
    set_status(people, "UBACK", "sent")
    advance_broadcasts(people.deps, NOW + timedelta(minutes=2))
    assert people.rows(Broadcast)[0].status == "done"
    assert people.notifier.named("render_broadcast_summary") == [] and people.notifier.named("show_broadcast_status") == []
    assert people.rows(Broadcast)[0].shown == "final"


def test_pending_and_state() -> None:
    info = BroadcastInfo(1, "U", Audience("mentees"), HELLO, Schedule(), HOME, "sending", 10, sent=4, failed=2,
                         cancelled=1)
    assert (info.pending, info.state) == (3, "sending:4:2:1:3")
    over = BroadcastInfo(1, "U", Audience("mentees"), HELLO, Schedule(), HOME, "sending", 2, sent=3)
    assert over.pending == 0
    assert BroadcastInfo(1, "U", Audience("mentees"), HELLO, Schedule(), HOME, "done", 1,
                         finished_at=NOW).state == "final"
