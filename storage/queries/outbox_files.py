"""Files in the outbox: an upload row (OutboxKind.UPLOAD) with its bytes in OutboxFile, deleted once settled.

Exports carry personal data (a person's own data, the roster, survey figures), so the bytes live in the database only
while the upload is undecided: the row goes when the file is shared, given up or cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.queries.columns import changed_rows
from storage.queries.outbox import FINAL_STATUSES, enqueue_message
from storage.tables import OutboxFile, OutboxKind, OutboxMessage, OutboxStatus

# Far below Slack's 1 GB: what mentorbot sends (exports, charts, calendar files) is small, and it waits in the database.
MAX_FILE_BYTES = 20 * 1024 * 1024
# The longest a file waits for Slack: after a week undelivered, it is given up and its bytes deleted.
MAX_FILE_AGE = timedelta(days=7)


@dataclass(frozen=True)
class FileToSend:
    filename: str
    title: str
    content: bytes


def enqueue_file(*, session: Session, key: str, purpose: str, recipient: str, file: FileToSend, comment: str,
                 not_before: datetime, now: datetime, interactive: bool) -> OutboxMessage:
    """Queue one file for a person's DM (or a channel) with its comment; a key already queued is left as it is."""
    if len(file.content) > MAX_FILE_BYTES:
        raise ValueError(f"a file of {len(file.content):,} bytes: more than the outbox keeps ({MAX_FILE_BYTES:,})")
    message = enqueue_message(session=session, key=key, purpose=purpose, recipient=recipient,
                              payload={"initial_comment": comment}, not_before=not_before, now=now,
                              kind=OutboxKind.UPLOAD, interactive=interactive)
    assert message.id is not None
    if session.get(OutboxFile, message.id) is None and message.status not in FINAL_STATUSES:
        session.add(OutboxFile(message_id=message.id, filename=file.filename, title=file.title, content=file.content))
        session.flush()
    return message


def file_of(*, session: Session, message_id: int) -> FileToSend | None:
    row = session.get(OutboxFile, message_id)
    return None if row is None else FileToSend(row.filename, row.title, row.content)


def record_slack_file(*, session: Session, message_id: int, slack_file_id: str | None) -> None:
    """Slack's id for this attempt's upload, known before it is completed (None: start afresh)."""
    session.execute(update(OutboxFile).where(col(OutboxFile.message_id) == message_id)
                    .values(slack_file_id=slack_file_id))


def slack_file_of(*, session: Session, message_id: int) -> str | None:
    row = session.get(OutboxFile, message_id)
    return None if row is None else row.slack_file_id


def purge_settled_files(*, session: Session, now: datetime) -> int:
    """Retention's sweep: an upload still undelivered after MAX_FILE_AGE is given up (failed); then the files of
    every settled upload (sent, failed, refused or cancelled) are deleted. Returns how many files went."""
    session.execute(update(OutboxMessage).where(
        col(OutboxMessage.kind) == OutboxKind.UPLOAD, col(OutboxMessage.status).not_in(FINAL_STATUSES),
        col(OutboxMessage.created_at) < now - MAX_FILE_AGE,
    ).values(status=OutboxStatus.FAILED, claimed_by=None,
             last_error=f"undelivered after {MAX_FILE_AGE.days} days: the file was deleted"))
    settled = select(OutboxMessage.id).where(col(OutboxMessage.status).in_(FINAL_STATUSES))
    return changed_rows(session.execute(delete(OutboxFile).where(col(OutboxFile.message_id).in_(settled))))


def forget_files_of(*, session: Session, message_ids: Any) -> None:
    """Delete the files of these outbox messages (a select of their ids: a person's data being purged), whatever
    their status."""
    session.execute(delete(OutboxFile).where(col(OutboxFile.message_id).in_(message_ids)))
