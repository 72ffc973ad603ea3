"""Files through the one delivery path: an upload row carries its bytes until Slack has shared the file, once, in the
person's DM; then the bytes are gone (issue 16)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from bot.outbox import open_dm
from bot.outbox_uploads import share_file
from bot.pacing import SlackPacer
from bot.retention import purge_step
from storage.engine import transaction
from storage.queries.outbox import cancel_pending_to, claim_due
from storage.queries.outbox_files import FileToSend, enqueue_file, record_slack_file
from storage.tables import OutboxFile, OutboxMessage
from tests.conftest import COORDINATOR, Harness, drain

ROSTER = FileToSend("roster.csv", "Program roster", b"slack_id,name\nU1,Riley\n")


def queue_file(harness: Harness, key: str = "roster_export:1", file: FileToSend = ROSTER) -> int:
    now = harness.clock.now()  # not interactive: only drain() delivers it, so each test decides when
    with transaction(harness.deps.sessions) as session:
        row = enqueue_file(session=session, key=key, purpose="roster_export", recipient=COORDINATOR, file=file,
                           comment="The roster: 1 people.", not_before=now, now=now, interactive=False)
    assert row.id is not None
    return row.id


def row(harness: Harness, message_id: int) -> OutboxMessage:
    with harness.deps.sessions() as session:
        found = session.get(OutboxMessage, message_id)
        assert found is not None
        return found


def files_kept(harness: Harness) -> int:
    with harness.deps.sessions() as session:
        return int(session.exec(select(func.count()).select_from(OutboxFile)).one())


def shared(harness: Harness) -> list[dict]:
    return [f for f in harness.slack.files() if f["filename"] == "roster.csv"]


def later(harness: Harness) -> None:
    harness.clock.advance(timedelta(minutes=5))  # past any backoff: the in-doubt check is due
    drain(harness)


def test_a_file_is_shared_once_in_the_dm_and_its_bytes_are_deleted(harness: Harness) -> None:
    message_id = queue_file(harness)
    assert files_kept(harness) == 1
    drain(harness)
    [file] = shared(harness)
    assert (file["content"], file["title"], file["initial_comment"]) == (ROSTER.content, "Program roster",
                                                                          "The roster: 1 people.")
    assert file["channel_id"] == harness.slack.dm_channel_id(COORDINATOR)
    sent = row(harness, message_id)
    assert (sent.status, sent.channel) == ("sent", file["channel_id"]) and sent.ts
    assert files_kept(harness) == 0  # personal data: gone once shared
    later(harness)
    assert len(shared(harness)) == 1


def test_a_completion_whose_answer_was_lost_is_found_by_files_info_and_not_uploaded_again(harness: Harness) -> None:
    message_id = queue_file(harness)
    harness.slack.fail_next("files.completeUploadExternal", http_status=503, after_doing=True)
    drain(harness)
    assert len(shared(harness)) == 1 and row(harness, message_id).status == "sending"  # in doubt
    later(harness)
    assert row(harness, message_id).status == "sent" and files_kept(harness) == 0
    assert len(shared(harness)) == 1 and len(harness.slack.calls("files.getUploadURLExternal")) == 1
    assert len(harness.slack.calls("files.info")) == 1


def test_a_completion_refused_with_a_5xx_is_uploaded_afresh_once(harness: Harness) -> None:
    message_id = queue_file(harness)
    harness.slack.fail_next("files.completeUploadExternal", http_status=503)
    drain(harness)
    assert shared(harness) == [] and row(harness, message_id).status == "sending"
    later(harness)  # files.info: never completed, so pending again, and uploaded
    later(harness)
    assert row(harness, message_id).status == "sent" and len(shared(harness)) == 1
    assert len(harness.slack.calls("files.getUploadURLExternal")) == 2


def test_a_failure_before_completing_shares_nothing_and_is_retried(harness: Harness) -> None:
    message_id = queue_file(harness)
    harness.slack.fail_next("files.getUploadURLExternal", http_status=500)
    drain(harness)
    assert shared(harness) == [] and row(harness, message_id).status == "pending"
    later(harness)
    assert row(harness, message_id).status == "sent" and len(shared(harness)) == 1


def _ghost_claims(harness: Harness) -> tuple[int, str]:
    now = harness.clock.now()
    with transaction(harness.deps.sessions) as session:
        [claimed] = claim_due(session=session, now=now, worker="ghost:1:dead", limit=5)
    return claimed.id, open_dm(harness.deps.slack, SlackPacer(defaults={}), claimed.recipient)


def _record(harness: Harness, message_id: int):  # type: ignore[no-untyped-def]
    def record(file_id: str) -> None:
        with transaction(harness.deps.sessions) as session:
            record_slack_file(session=session, message_id=message_id, slack_file_id=file_id)
    return record


def test_a_sender_that_died_after_sharing_a_file_is_not_repeated(harness: Harness) -> None:
    queue_file(harness)
    message_id, channel = _ghost_claims(harness)
    share_file(harness.deps.slack, SlackPacer(defaults={}), channel, ROSTER, "The roster", _record(harness, message_id))
    later(harness)  # the next sender asks files.info about the recorded id: shared, so sent
    assert row(harness, message_id).status == "sent" and len(shared(harness)) == 1 and files_kept(harness) == 0


def test_a_sender_that_died_before_completing_is_uploaded_afresh(harness: Harness) -> None:
    queue_file(harness)
    message_id, _ = _ghost_claims(harness)
    ticket = harness.deps.slack.files_getUploadURLExternal(filename="roster.csv", length=len(ROSTER.content))
    _record(harness, message_id)(ticket["file_id"])  # ... and died before uploading or completing
    later(harness)
    later(harness)
    assert row(harness, message_id).status == "sent" and len(shared(harness)) == 1


def test_a_file_that_cannot_be_delivered_is_deleted_with_its_failure(harness: Harness) -> None:
    message_id = queue_file(harness)
    harness.slack.fail_next("files.completeUploadExternal", error="invalid_channel")
    drain(harness)
    assert row(harness, message_id).status == "failed" and files_kept(harness) == 0


def test_a_cancelled_file_is_deleted_and_one_undelivered_for_a_week_is_given_up(harness: Harness) -> None:
    queue_file(harness, key="file:cancelled")
    with transaction(harness.deps.sessions) as session:
        cancel_pending_to(session=session, recipient=COORDINATOR)
    assert files_kept(harness) == 0
    stuck = queue_file(harness, key="file:stuck")
    harness.clock.advance(timedelta(days=6))
    purge_step(harness.deps, harness.clock.now())
    assert files_kept(harness) == 1
    harness.clock.advance(timedelta(days=1, minutes=1))
    purge_step(harness.deps, harness.clock.now())
    assert files_kept(harness) == 0 and row(harness, stuck).status == "failed"
