"""The outbox's queries one by one, straight on the database (SQLite, or PostgreSQL with DATABASE_URL): each
status move happens only from the status it names, and one message is claimed by one sender only, also when two
claims of it race (on PostgreSQL the second waits for the first's row lock, then finds it no longer pending)."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest

from storage.queries.outbox import (
    Claimed,
    cancel_pending_to,
    claim_due,
    claim_message,
    claim_messages,
    confirm_delivered,
    confirm_missing,
    due_message_ids,
    enqueue_many,
    enqueue_message,
    fail_message,
    in_doubt,
    known_dm_channels,
    leave_in_doubt,
    mark_all_sent,
    mark_sent,
    next_due_at,
    refused_count,
    release,
    requeue,
    take_in_doubt,
    undelivered,
)
from storage.tables import Broadcast, OutboxMessage
from tests.services import Program, program  # noqa: F401


def add(program: Program, key: str, recipient: str = "URES1", *, after: timedelta = timedelta(0),  # noqa: F811
        **values: Any) -> int:
    now = program.clock.now()
    with program.session() as session:
        message = enqueue_message(session=session, key=key, purpose="nudge", recipient=recipient,
                                  payload={"text": key}, not_before=now + after, now=now)
        for name, value in values.items():
            setattr(message, name, value)
        session.add(message)
        session.flush()
        return message.id or 0


def row(program: Program, message_id: int) -> OutboxMessage:  # noqa: F811
    with program.sessions() as session:
        return session.get(OutboxMessage, message_id)


def test_enqueue_is_idempotent_by_key(program: Program) -> None:  # noqa: F811
    first = add(program, "checkin:1")
    with program.session() as session:
        again = enqueue_message(session=session, key="checkin:1", purpose="other", recipient="UX",
                                payload={"text": "changed"}, not_before=program.clock.now(), now=program.clock.now())
        assert again.id == first
    stored = row(program, first)
    assert (stored.purpose, stored.recipient, stored.payload, stored.status, stored.attempts) == (
        "nudge", "URES1", {"text": "checkin:1"}, "pending", 0)
    assert (stored.not_before, stored.created_at) == (program.clock.now(), program.clock.now())


def test_enqueue_many_inserts_every_row_and_counts_them(program: Program) -> None:  # noqa: F811
    now = program.clock.now()
    rows = [{"key": f"b:{n}", "purpose": "broadcast", "recipient": f"U{n}", "payload": {}, "not_before": now,
             "created_at": now} for n in range(3)]
    with program.session() as session:
        assert enqueue_many(session=session, rows=rows) == 3
        assert enqueue_many(session=session, rows=[]) == 0
    assert [m.key for m in program.rows(OutboxMessage)] == ["b:0", "b:1", "b:2"]


def test_cancel_reaches_only_what_still_waits_for_that_person(program: Program) -> None:  # noqa: F811
    waiting = [add(program, "a"), add(program, "b", after=timedelta(days=3))]
    sent = add(program, "c", status="sent")
    other = add(program, "d", "URES2")
    with program.session() as session:
        assert cancel_pending_to(session=session, recipient="URES1") == 2
        assert cancel_pending_to(session=session, recipient="UNOBODY") == 0
    assert [row(program, i).status for i in (*waiting, sent, other)] == ["cancelled", "cancelled", "sent", "pending"]


def test_due_messages_are_the_pending_ones_whose_time_has_come_oldest_first(program: Program) -> None:  # noqa: F811
    later = add(program, "later", after=timedelta(minutes=5))
    now_a = add(program, "now-a")
    earlier = add(program, "earlier", after=timedelta(minutes=-5))
    now_b = add(program, "now-b")
    add(program, "future", after=timedelta(minutes=5, seconds=1))
    add(program, "sent", after=timedelta(minutes=-9), status="sent")
    with program.sessions() as session:
        at = program.clock.now() + timedelta(minutes=5)
        assert due_message_ids(session=session, now=at, limit=10) == [earlier, now_a, now_b, later]
        assert due_message_ids(session=session, now=at, limit=2) == [earlier, now_a]
        assert due_message_ids(session=session, now=program.clock.now(), limit=10) == [earlier, now_a, now_b]


def test_a_claim_moves_pending_to_sending_once(program: Program) -> None:  # noqa: F811
    message = add(program, "m")
    now = program.later(seconds=5)
    with program.session() as session:
        assert claim_message(session=session, message_id=message, worker="a", now=now)
    with program.session() as session:
        assert not claim_message(session=session, message_id=message, worker="b", now=now)
        assert not claim_message(session=session, message_id=999, worker="b", now=now)
    stored = row(program, message)
    assert (stored.status, stored.claimed_by, stored.claimed_at) == ("sending", "a", now)


def test_two_claims_of_one_message_at_once_one_wins(program: Program) -> None:  # noqa: F811
    """The double click of the outbox: two senders claim the same message in overlapping transactions."""
    for attempt in range(5):
        message = add(program, f"race:{attempt}")
        start = threading.Barrier(2)
        won: dict[str, bool] = {}

        def claim(worker: str) -> None:
            start.wait()
            with program.session() as session:
                won[worker] = claim_message(session=session, message_id=message, worker=worker,
                                            now=program.clock.now())

        threads = [threading.Thread(target=claim, args=(name,)) for name in ("a", "b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(won.values()) == [False, True], won
        winner = next(name for name, ok in won.items() if ok)
        assert row(program, message).claimed_by == winner


def test_claim_due_returns_what_a_sender_needs_and_fills_in_known_dm_channels(program: Program) -> None:  # noqa: F811
    add(program, "old", "URES1", after=timedelta(days=-2), status="sent", channel="DRES1")
    add(program, "older", "URES1", after=timedelta(days=-3), status="sent", channel="GROUP-not-a-dm")
    add(program, "w", "WRES9", after=timedelta(days=-2), status="sent", channel="DWRES9")
    add(program, "failed", "URES2", after=timedelta(days=-2), status="failed", channel="DRES2")
    third = add(program, "to-channel", "CGENERAL")  # made first, due last: the order is by due time, then id
    fourth = add(program, "to-w", "WRES9", channel="DKEEP", attempts=2)
    second = add(program, "to-sam", "URES2", after=timedelta(seconds=-1))
    first = add(program, "to-riley", "URES1", after=timedelta(seconds=-2))
    now = program.later(seconds=1)
    with program.session() as session:
        claimed = claim_due(session=session, now=now, worker="a", limit=10)
    assert claimed == [Claimed(first, "to-riley", "URES1", {"text": "to-riley"}, "DRES1", 0, now),
                       Claimed(second, "to-sam", "URES2", {"text": "to-sam"}, None, 0, now),
                       Claimed(third, "to-channel", "CGENERAL", {"text": "to-channel"}, None, 0, now),
                       Claimed(fourth, "to-w", "WRES9", {"text": "to-w"}, "DKEEP", 2, now)]
    assert row(program, first).channel == "DRES1"  # written before the post, for an in-doubt check
    assert {row(program, i).claimed_by for i in (first, second, third, fourth)} == {"a"}
    with program.session() as session:
        assert claim_due(session=session, now=now, worker="b", limit=10) == []


def test_known_dm_channels_come_only_from_delivered_dms_to_people(program: Program) -> None:  # noqa: F811
    add(program, "1", "URES1", status="sent", channel="DA")
    add(program, "2", "URES1", status="sent", channel="DB")
    add(program, "3", "URES2", status="pending", channel="DC")
    add(program, "4", "CROOM", status="sent", channel="DROOM")
    add(program, "5", "WRES3", status="sent", channel="DW")
    with program.sessions() as session:
        assert known_dm_channels(session=session, recipients=["URES1", "URES2", "CROOM", "WRES3", "URES1"]) == {
            "URES1": "DB", "WRES3": "DW"}
        assert known_dm_channels(session=session, recipients=["CROOM", ""]) == {}


def test_release_returns_only_this_workers_unattempted_claims(program: Program) -> None:  # noqa: F811
    mine, theirs, done, posting = add(program, "a"), add(program, "b"), add(program, "c"), add(program, "d")
    with program.session() as session:
        claim_message(session=session, message_id=posting, worker="a", now=program.clock.now())  # not released
        claim_message(session=session, message_id=mine, worker="a", now=program.clock.now())
        claim_message(session=session, message_id=theirs, worker="b", now=program.clock.now())
        claim_message(session=session, message_id=done, worker="a", now=program.clock.now())
        mark_sent(session=session, message_id=done, channel="D1", ts="1.1", now=program.clock.now())
    with program.session() as session:
        release(session=session, message_ids=[mine, theirs, done], worker="a")
        release(session=session, message_ids=[], worker="a")
    assert [(row(program, i).status, row(program, i).claimed_by) for i in (mine, theirs, done, posting)] == [
        ("pending", None), ("sending", "b"), ("sent", None), ("sending", "a")]


def test_mark_sent_records_where_and_when(program: Program) -> None:  # noqa: F811
    message = add(program, "m", attempts=1, last_error="timeout")
    with program.session() as session:
        claim_message(session=session, message_id=message, worker="a", now=program.clock.now())
    now = program.later(seconds=3)
    with program.session() as session:
        mark_sent(session=session, message_id=message, channel="D9", ts="9.9", now=now)
    stored = row(program, message)
    assert (stored.status, stored.channel, stored.ts, stored.sent_at, stored.attempts, stored.claimed_by,
            stored.last_error) == ("sent", "D9", "9.9", now, 2, None, None)


def test_a_batch_marked_sent_reads_as_each_marked_alone(program: Program) -> None:  # noqa: F811
    """The sender writes a batch's deliveries in one transaction (bot/outbox.py SentMarks)."""
    first, second, untouched = add(program, "b1", attempts=1, last_error="timeout"), add(program, "b2"), add(program, "b3")
    with program.session() as session:
        assert claim_due(session=session, now=program.clock.now(), worker="a", limit=3)
    now = program.later(seconds=3)
    with program.session() as session:
        mark_all_sent(session=session, sent=[(first, "D1", "1.1", now), (second, "D2", "2.2", now)])
    assert [(r.status, r.channel, r.ts, r.sent_at, r.attempts, r.claimed_by, r.last_error) for r in (
        row(program, first), row(program, second))] == [("sent", "D1", "1.1", now, 2, None, None),
                                                         ("sent", "D2", "2.2", now, 1, None, None)]
    assert (row(program, untouched).status, row(program, untouched).claimed_by) == ("sending", "a")


def test_claiming_several_at_once_takes_only_the_pending(program: Program) -> None:  # noqa: F811
    pending, taken = add(program, "p"), add(program, "t", status="sending", claimed_by="b")
    with program.session() as session:
        assert claim_messages(session=session, message_ids=[pending, taken], worker="a",
                              now=program.clock.now()) == [pending]
    assert (row(program, taken).claimed_by, row(program, pending).claimed_by) == ("b", "a")


def test_in_doubt_messages_are_those_left_sending_by_anyone_else_once_due(program: Program) -> None:  # noqa: F811
    orphan = add(program, "orphan", status="sending", claimed_by=None)
    dead = add(program, "dead", status="sending", claimed_by="old-worker")
    add(program, "mine", status="sending", claimed_by="me")
    add(program, "not-yet", status="sending", claimed_by=None, after=timedelta(minutes=1))
    add(program, "pending")
    with program.sessions() as session:
        assert [m.id for m in in_doubt(session=session, now=program.clock.now(), sender="me", limit=10)] == [
            orphan, dead]
        assert [m.id for m in in_doubt(session=session, now=program.clock.now(), sender="me", limit=1)] == [orphan]
        assert len(in_doubt(session=session, now=program.clock.now() + timedelta(minutes=1), sender="me",
                            limit=10)) == 3


def test_taking_an_in_doubt_message_is_a_compare_and_set_on_its_claimer(program: Program) -> None:  # noqa: F811
    orphan = add(program, "orphan", status="sending", claimed_by=None)
    dead = add(program, "dead", status="sending", claimed_by="old", claimed_at=program.clock.now())
    with program.sessions() as session:
        stale_orphan, stale_dead = session.get(OutboxMessage, orphan), session.get(OutboxMessage, dead)
    with program.session() as session:
        assert take_in_doubt(session=session, message=stale_orphan, sender="me")
        assert take_in_doubt(session=session, message=stale_dead, sender="me")
    with program.session() as session:  # a second sender acting on what it read before: too late
        assert not take_in_doubt(session=session, message=stale_orphan, sender="other")
        assert not take_in_doubt(session=session, message=stale_dead, sender="other")
    assert [row(program, i).claimed_by for i in (orphan, dead)] == ["me", "me"]
    assert row(program, dead).claimed_at == program.clock.now()  # kept: a post can only follow the first claim


def test_taking_one_in_doubt_message_takes_only_that_one_and_only_while_in_doubt(program: Program) -> None:  # noqa: F811
    first = add(program, "first", status="sending", claimed_by="old")
    second = add(program, "second", status="sending", claimed_by="old")
    orphan = add(program, "orphan", status="sending", claimed_by=None)
    other_orphan = add(program, "other-orphan", status="sending", claimed_by=None)
    with program.sessions() as session:
        stale = session.get(OutboxMessage, orphan)
    with program.session() as session:  # meanwhile another sender found it missing and put it back to pending
        session.get(OutboxMessage, orphan).status = "pending"
    with program.session() as session:
        assert take_in_doubt(session=session, message=row(program, first), sender="me")
        assert not take_in_doubt(session=session, message=stale, sender="me")
    assert [(row(program, i).status, row(program, i).claimed_by) for i in (first, second, orphan, other_orphan)] == [
        ("sending", "me"), ("sending", "old"), ("pending", None), ("sending", None)]


def test_an_in_doubt_message_found_in_slack_is_sent(program: Program) -> None:  # noqa: F811
    mine = add(program, "mine", status="sending", claimed_by="me", last_error="timeout")
    theirs = add(program, "theirs", status="sending", claimed_by="other")
    also_mine = add(program, "also-mine", status="sending", claimed_by="me")  # being checked next
    now = program.later(seconds=9)
    with program.session() as session:
        confirm_delivered(session=session, message_id=mine, sender="me", channel="D1", ts="1.5", now=now)
        confirm_delivered(session=session, message_id=theirs, sender="me", channel="D2", ts="2.5", now=now)
    stored = row(program, mine)
    assert (stored.status, stored.channel, stored.ts, stored.sent_at, stored.claimed_by, stored.last_error) == (
        "sent", "D1", "1.5", now, None, None)
    assert (row(program, theirs).status, row(program, theirs).ts) == ("sending", None)
    assert (row(program, also_mine).status, row(program, also_mine).ts) == ("sending", None)


def test_an_in_doubt_message_not_in_slack_is_sent_again_failed_or_cancelled(program: Program) -> None:  # noqa: F811
    now = program.clock.now()
    with program.session() as session:
        live = Broadcast(author="U", audience={}, message={}, timezone="UTC", status="sending", created_at=now)
        dead = Broadcast(author="U", audience={}, message={}, timezone="UTC", status="cancelled", created_at=now)
        session.add_all([live, dead])
        session.flush()
        live_id, dead_id = live.id, dead.id
    again = add(program, "again", status="sending", claimed_by="me", broadcast_id=live_id)
    failed = add(program, "failed", status="sending", claimed_by="me")
    cancelled = add(program, "cancelled", status="sending", claimed_by="me", broadcast_id=dead_id)
    theirs = add(program, "theirs", status="sending", claimed_by="other")
    with program.session() as session:
        confirm_missing(session=session, message_id=again, sender="me", failed_reason=None)
        confirm_missing(session=session, message_id=failed, sender="me", failed_reason="x" * 300)
        confirm_missing(session=session, message_id=cancelled, sender="me", failed_reason="gone")
        confirm_missing(session=session, message_id=theirs, sender="me", failed_reason=None)
        confirm_missing(session=session, message_id=999, sender="me", failed_reason=None)
    assert [(row(program, i).status, row(program, i).claimed_by) for i in (again, failed, cancelled, theirs)] == [
        ("pending", None), ("failed", None), ("cancelled", None), ("sending", "other")]
    assert row(program, failed).last_error == "x" * 200


def test_next_due_at_is_the_earliest_pending_or_in_doubt_message(program: Program) -> None:  # noqa: F811
    with program.sessions() as session:
        assert next_due_at(session=session, sender="me") is None
    now = program.clock.now()
    add(program, "mine", status="sending", claimed_by="me", after=timedelta(minutes=1))
    add(program, "sent", status="sent", after=timedelta(minutes=2))
    with program.sessions() as session:
        assert next_due_at(session=session, sender="me") is None
    add(program, "pending", after=timedelta(minutes=10))
    with program.sessions() as session:
        assert next_due_at(session=session, sender="me") == now + timedelta(minutes=10)
    add(program, "orphan", status="sending", claimed_by=None, after=timedelta(minutes=5))
    with program.sessions() as session:
        assert next_due_at(session=session, sender="me") == now + timedelta(minutes=5)
    add(program, "dead", status="sending", claimed_by="old", after=timedelta(minutes=3))
    with program.sessions() as session:
        assert next_due_at(session=session, sender="me") == now + timedelta(minutes=3)


def test_requeue_fail_and_leave_in_doubt(program: Program) -> None:  # noqa: F811
    retry, refused, failed, doubt = (add(program, k, status="sending", claimed_by="me") for k in "abcd")
    later = program.clock.now() + timedelta(minutes=2)
    with program.session() as session:
        requeue(session=session, message_id=retry, not_before=later, attempts=3, last_error="ratelimited")
        fail_message(session=session, message_id=refused, attempts=1, reason="invalid_blocks " + "y" * 300,
                     refused_by_slack=True)
        fail_message(session=session, message_id=failed, attempts=4, reason="channel_not_found")
        leave_in_doubt(session=session, message_id=doubt, channel="D7", not_before=later, attempts=2,
                       last_error="z" * 300)
    r = row(program, retry)
    assert (r.status, r.not_before, r.attempts, r.last_error, r.claimed_by) == ("pending", later, 3, "ratelimited",
                                                                                 None)
    r = row(program, refused)
    assert (r.status, r.attempts, r.last_error, r.claimed_by) == ("refused", 1, ("invalid_blocks " + "y" * 300)[:200],
                                                                   None)
    r = row(program, failed)
    assert (r.status, r.attempts, r.last_error, r.claimed_by) == ("failed", 4, "channel_not_found", None)
    r = row(program, doubt)
    assert (r.status, r.channel, r.not_before, r.attempts, r.last_error, r.claimed_by) == (
        "sending", "D7", later, 2, "z" * 200, None)
    with program.sessions() as session:
        assert refused_count(session=session) == 1
        assert [m.id for m in undelivered(session=session, limit=10)] in ([refused, failed], [failed, refused])


def test_undelivered_lists_refused_and_failed_newest_first(program: Program) -> None:  # noqa: F811
    ids = []
    for n, status in enumerate(["failed", "sent", "refused", "pending", "failed", "cancelled"]):
        ids.append(add(program, f"m{n}", status=status))
        program.later(minutes=1)
    with program.sessions() as session:
        assert [m.id for m in undelivered(session=session, limit=10)] == [ids[4], ids[2], ids[0]]
        assert [m.id for m in undelivered(session=session, limit=2)] == [ids[4], ids[2]]
        assert refused_count(session=session) == 1


@pytest.mark.parametrize("limit", [1, 3])
def test_claim_due_honours_its_limit(program: Program, limit: int) -> None:  # noqa: F811
    for n in range(4):
        add(program, f"m{n}")
    with program.session() as session:
        assert len(claim_due(session=session, now=program.clock.now(), worker="a", limit=limit)) == limit
