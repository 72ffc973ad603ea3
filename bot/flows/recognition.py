"""Mentor recognition from Slack: a mentor's dossier statement, the coordinators' annual list (both audited)."""

from __future__ import annotations

from datetime import datetime

from bot.recognition.annual import recognition_csv, recognition_rows
from bot.recognition.record import mentor_record
from bot.recognition.render import render_record
from bot.recognition.thanks import thank_mentor
from bot.notify import Notifier
from storage.engine import SessionFactory, transaction
from storage.queries.audit import record_audit
from storage.queries.outbox_files import FileToSend


def thank_mentor_for_match(*, sessions: SessionFactory, notifier: Notifier, match_id: int, actor: str,
                           now: datetime) -> str:
    """The coordinator's thank-you to the mentor of a completed match; the mentor's name, for the reply."""
    with transaction(sessions) as session:
        return thank_mentor(session=session, notifier=notifier, match_id=match_id, actor=actor, now=now).mentor.name



def send_my_record(*, sessions: SessionFactory, notifier: Notifier, slack_user_id: str, now: datetime) -> bool:
    """The mentor's statement queued as a file for their DM, audited in the same transaction; False (and told so)
    if they have never mentored anyone here."""
    with transaction(sessions) as session:
        record = mentor_record(session=session, slack_user_id=slack_user_id, now=now)
        if record is None:
            notifier.within(session, now).notice(
                slack_user_id, "You have had no mentees in the program yet, so there is no record to give.")
            return False
        record_audit(session=session, now=now, actor=slack_user_id, action="recognition.record",
                     target=slack_user_id, detail={})
        notifier.within(session, now).send_file(
            slack_user_id, FileToSend("mentoring-record.html", "Your mentoring record", render_record(record).encode()),
            "Your mentoring record for a promotion or teaching dossier: open it and print or save as PDF.",
            purpose="my_record")
    return True


def send_recognition_list(*, sessions: SessionFactory, notifier: Notifier, actor: str, year: int,
                          now: datetime) -> int:
    """The year's recognition list queued as a CSV for the coordinator's DM, audited with it; how many mentors."""
    with transaction(sessions) as session:
        rows = recognition_rows(session=session, year=year)
        record_audit(session=session, now=now, actor=actor, action="recognition.list", target=str(year),
                     detail={"mentors": len(rows)})
        notifier.within(session, now).send_file(
            actor, FileToSend(f"mentor-recognition-{year}.csv", f"Mentor recognition {year}",
                              recognition_csv(rows).encode()),
            f"Mentors active in {year}, with their mentees, meetings, hours and completions that year.",
            purpose="recognition")
    return len(rows)
