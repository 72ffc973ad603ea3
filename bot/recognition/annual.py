"""The coordinators' annual recognition list: every mentor active in a year, with what they did that year.

A CSV (defusedcsv: a name starting with "=" stays text in a spreadsheet) for the faculty's recognition office.
Counts only: no mentee is named, so no consent is needed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from defusedcsv import csv
from sqlmodel import Session

from storage.queries.recognition import meetings_of_matches, mentors_with_matches
from storage.tables import EndReason, Match

COLUMNS = ("mentor", "slack_id", "program", "mentees", "meetings", "hours", "completions")


@dataclass(frozen=True)
class RecognitionRow:
    mentor: str
    slack_id: str
    program: str
    mentees: int
    meetings: int
    hours: float
    completions: int


def _active_in(match: Match, year: int) -> bool:
    return match.started_at.year <= year and (match.ended_at is None or match.ended_at.year >= year)


def recognition_rows(*, session: Session, year: int) -> list[RecognitionRow]:
    """Mentors with a match active at some time in `year`, by name; meetings and completions of that year."""
    by_mentor: dict[int, tuple[str, str, str, list[Match]]] = {}
    for person, match in mentors_with_matches(session=session):
        if _active_in(match, year):
            entry = by_mentor.setdefault(person.id or 0, (person.display_name, person.slack_user_id,
                                                          person.program or "", []))
            entry[3].append(match)
    rows = []
    for name, slack_id, program, matches in by_mentor.values():
        meetings = [m for m in meetings_of_matches(session=session, match_ids=[m.id or 0 for m in matches])
                    if m.met_on.year == year]
        rows.append(RecognitionRow(
            mentor=name, slack_id=slack_id, program=program, mentees=len({m.mentee_id for m in matches}),
            meetings=len(meetings), hours=round(sum(m.minutes or 0 for m in meetings) / 60, 1),
            completions=sum(1 for m in matches if m.end_reason == EndReason.COMPLETED
                            and m.ended_at is not None and m.ended_at.year == year)))
    return rows


def recognition_csv(rows: list[RecognitionRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.mentor, row.slack_id, row.program, row.mentees, row.meetings, row.hours, row.completions])
    return out.getvalue()


def recognition_year(text: str | None, now: datetime) -> int | None:
    """The year asked for (default: this year); None when it is not a year up to this one."""
    if text is None:
        return now.year
    if not (text.isascii() and text.isdigit() and len(text) == 4) or not 2000 <= int(text) <= now.year:
        return None
    return int(text)
