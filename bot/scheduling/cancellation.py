"""When a match ends, its arranged meeting is called off in the same transaction."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.scheduling.invitation_files import invitation_files
from bot.scheduling.invitations import InvitationFile
from storage.queries.scheduling import cancel_pending_with_prefix, open_meeting
from storage.tables import Match, Person, ScheduleStatus

MEETING_MESSAGES = ("meeting_offer", "meeting_note", "meeting_reminder", "meeting_followup")


def cancel_for_match(*, session: Session, match_id: int, now: datetime) -> tuple[InvitationFile, ...]:
    """The open meeting is cancelled and whatever was queued about it withdrawn; a confirmed one gets a
    cancellation file (same UID, next SEQUENCE) that removes it from both calendars."""
    row = open_meeting(session=session, match_id=match_id)
    if row is None:
        return ()
    cancel_pending_with_prefix(session=session, prefix=f"meeting:{row.id}:", purposes=MEETING_MESSAGES)
    confirmed = row.status == ScheduleStatus.CONFIRMED
    row.status, row.cancelled_at, row.updated_at = ScheduleStatus.CANCELLED, now, now
    if not confirmed:
        session.add(row)
        return ()
    row.sequence += 1
    session.add(row)
    match = session.get(Match, match_id)
    assert match is not None
    mentee, mentor = session.get(Person, match.mentee_id), session.get(Person, match.mentor_id)
    assert mentee is not None and mentor is not None
    return invitation_files(row, match, mentee, mentor, "", now, cancelled=True)
