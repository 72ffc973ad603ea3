"""The two .ics files of one version of a pair's meeting (one for each person's DM)."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from bot.i18n import Deferred, later
from bot.scheduling.invitations import Attendee, InvitationFile, InvitationSpec, build_ics
from bot.vocabulary import kind_name
from storage.tables import Match, Person, ScheduledMeeting


def _name(person: Person) -> str:
    return person.display_name or person.slack_user_id


def invitation_files(row: ScheduledMeeting, match: Match, mentee: Person, mentor: Person, where: str, now: datetime,
                     *, cancelled: bool) -> tuple[InvitationFile, ...]:
    assert row.starts_at is not None
    spec = InvitationSpec(
        uid=row.uid, sequence=row.sequence, starts_at=row.starts_at, minutes=row.minutes,
        summary=later("Mentoring: {mentee} and {mentor}", mentee=_name(mentee), mentor=_name(mentor)),
        description=later("Mentoring ({kind}), arranged in Slack with mentorbot.", kind=kind_name(match.kind)),
        mentor=Attendee(_name(mentor), mentor.email), mentee=Attendee(_name(mentee), mentee.email),
        location=where if row.mode == "in_person" else "", url=where if row.mode == "virtual" else "",
        cancelled=cancelled)
    render = partial(build_ics, spec, stamped_at=now)  # in each recipient's language, when their file is queued
    comment = (later("The meeting is cancelled: open this file to remove it from your calendar.") if cancelled else
               later("Your invitation: open this file to add the meeting to your calendar (a later one replaces it)."))
    return tuple(InvitationFile(p.slack_user_id, "mentoring-meeting.ics", render, comment) for p in (mentee, mentor))
