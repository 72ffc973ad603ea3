"""One outbox message is claimed by one sender only, even when two senders race for it (both databases)."""

from __future__ import annotations

import threading

from sqlmodel import select

from storage.engine import transaction
from storage.queries.outbox import claim_due, claim_message, enqueue_message
from storage.tables import OutboxMessage
from tests.conftest import Harness


def enqueue(harness: Harness, count: int) -> list[int]:
    now = harness.clock.now()
    with transaction(harness.deps.sessions) as session:
        rows = [enqueue_message(session=session, key=f"race:{n}", purpose="nudge", recipient="URES0001",
                                payload={"text": "hi"}, not_before=now, now=now) for n in range(count)]
        session.flush()
        return [row.id for row in rows]


def test_a_second_claim_of_the_same_message_loses(harness: Harness) -> None:
    [message_id] = enqueue(harness, 1)
    now = harness.clock.now()
    with transaction(harness.deps.sessions) as session:
        assert claim_message(session=session, message_id=message_id, worker="a", now=now)
    with transaction(harness.deps.sessions) as session:
        assert not claim_message(session=session, message_id=message_id, worker="b", now=now)
    with harness.deps.sessions() as session:
        assert session.exec(select(OutboxMessage.claimed_by)).one() == "a"


def test_two_senders_claiming_at_once_split_the_messages_without_overlap(harness: Harness) -> None:
    enqueue(harness, 40)
    start = threading.Barrier(2)
    claimed: dict[str, list[int]] = {}

    def sender(name: str) -> None:
        start.wait()
        with transaction(harness.deps.sessions) as session:
            claimed[name] = [c.id for c in claim_due(session=session, now=harness.clock.now(), worker=name, limit=40)]

    threads = [threading.Thread(target=sender, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not set(claimed["a"]) & set(claimed["b"])
    assert len(claimed["a"]) + len(claimed["b"]) == 40
