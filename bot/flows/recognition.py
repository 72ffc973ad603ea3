"""Mentor recognition from Slack: a mentor's dossier statement, the coordinators' annual list (both audited)."""

from __future__ import annotations

from datetime import datetime

from bot.recognition.annual import recognition_csv, recognition_rows
from bot.recognition.record import mentor_record
from bot.recognition.render import render_recognition, render_record
from bot.recognition.thanks import thank_mentor
from bot.i18n import _
from bot.notify import Notifier
from bot.access import unit_of_work
from bot.timing import zone
from storage.engine import SessionFactory, transaction
from storage.queries.audit import record_audit
from storage.queries.outbox_files import FileToSend


def thank_mentor_for_match(*, sessions: SessionFactory, notifier: Notifier, match_id: int, actor: str,
                           now: datetime) -> str:
    """The coordinator's thank-you to the mentor of a completed match; the mentor's name, for the reply."""
    with unit_of_work(sessions, now) as session:  # a match outside a program coordinator's programs: audited
        return thank_mentor(session=session, notifier=notifier, match_id=match_id, actor=actor, now=now).mentor.name



def send_my_record(*, sessions: SessionFactory, notifier: Notifier, slack_user_id: str, now: datetime) -> bool:
    """The mentor's statement queued as a file for their DM, audited in the same transaction; False (and told so)
    if they have never mentored anyone here."""
    with transaction(sessions) as session:
        record = mentor_record(session=session, slack_user_id=slack_user_id, now=now)
        if record is None:
            notifier.within(session, now).notice(
                slack_user_id, _("You have had no mentees in the program yet, so there is no record to give."))
            return False
        record_audit(session=session, now=now, actor=slack_user_id, action="recognition.record",
                     target=slack_user_id, detail={})
        notifier.within(session, now).send_file(
            slack_user_id, FileToSend("mentoring-record.html", _("Your mentoring record"), render_record(record).encode()),
            _("Your mentoring record for a promotion or teaching dossier: open it and print or save as PDF."),
            purpose="my_record")
    return True


def send_recognition_list(*, sessions: SessionFactory, notifier: Notifier, actor: str, year: int, now: datetime,
                          timezone: str) -> int:
    """The year's recognition list queued for the coordinator's DM as a print-ready page and as a CSV, audited with
    them; how many mentors."""
    with transaction(sessions) as session:
        rows = recognition_rows(session=session, year=year)
        record_audit(session=session, now=now, actor=actor, action="recognition.list", target=str(year),
                     detail={"mentors": len(rows)})
        today = now.astimezone(zone(timezone)).date()
        notifier.within(session, now).send_file(
            actor, FileToSend(f"mentor-recognition-{year}.html", _("Mentor recognition {year}").format(year=year),
                              render_recognition(rows, year, today).encode()),
            _("Mentors active in {year}, with their mentees, meetings, hours and completions that year: a page to "
              "print or save as PDF.").format(year=year), purpose="recognition")
        notifier.within(session, now).send_file(
            actor, FileToSend(f"mentor-recognition-{year}.csv", _("Mentor recognition {year} (CSV)").format(year=year),
                              recognition_csv(rows).encode()),
            _("The same list as a CSV."), purpose="recognition")
    return len(rows)
