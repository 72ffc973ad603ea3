"""Mentor recognition from Slack: a mentor's dossier statement, the coordinators' annual list (both audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.recognition.annual import recognition_csv, recognition_rows
from bot.recognition.record import mentor_record
from bot.recognition.render import render_recognition, render_record
from bot.recognition.thanks import thank_mentor
from bot.notify import Notifier
from bot.access import unit_of_work
from bot.timing import zone
from storage.engine import SessionFactory, transaction
from storage.queries.audit import record_audit


def my_record_html(*, sessions: SessionFactory, slack_user_id: str, now: datetime) -> str | None:
    """The mentor's statement as print-ready HTML; None if they have never mentored anyone here."""
    with transaction(sessions) as session:
        record = mentor_record(session=session, slack_user_id=slack_user_id, now=now)
        if record is None:
            return None
        record_audit(session=session, now=now, actor=slack_user_id, action="recognition.record",
                     target=slack_user_id, detail={})
    return render_record(record)


def thank_mentor_for_match(*, sessions: SessionFactory, notifier: Notifier, match_id: int, actor: str,
                           now: datetime) -> str:
    """The coordinator's thank-you to the mentor of a completed match; the mentor's name, for the reply."""
    with unit_of_work(sessions, now) as session:  # a match outside a program coordinator's programs: audited
        return thank_mentor(session=session, notifier=notifier, match_id=match_id, actor=actor, now=now).mentor.name


@dataclass(frozen=True)
class RecognitionList:
    csv: str
    html: str  # the same list, print-ready
    mentors: int


def recognition_list(*, sessions: SessionFactory, actor: str, year: int, now: datetime,
                     timezone: str) -> RecognitionList:
    """The year's recognition list as CSV and as print-ready HTML; audited as the coordinator's export."""
    with transaction(sessions) as session:
        rows = recognition_rows(session=session, year=year)
        record_audit(session=session, now=now, actor=actor, action="recognition.list", target=str(year),
                     detail={"mentors": len(rows)})
    today = now.astimezone(zone(timezone)).date()
    return RecognitionList(recognition_csv(rows), render_recognition(rows, year, today), len(rows))
