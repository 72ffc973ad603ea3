"""Each pair on a person's App Home with where its next meeting stands, for a "Find a time" button."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.matching.service import MatchInfo
from storage.queries.scheduling import open_meeting
from storage.tables import ScheduleStatus

HOME_PAIRS = 5  # a mentor with more mentees uses the introductions and check-ins


@dataclass(frozen=True)
class PairMeeting:
    match_id: int
    partner: str
    status: str | None  # a ScheduleStatus of the open meeting, None: nothing arranged
    starts_at: datetime | None  # when confirmed


def pair_meetings(*, session: Session, slack_user_id: str, matches: list[MatchInfo]) -> list[PairMeeting]:
    found = []
    for match in matches[:HOME_PAIRS]:
        partner = match.mentor.name if match.mentee.slack_id == slack_user_id else match.mentee.name
        row = open_meeting(session=session, match_id=match.match_id)
        status = row.status if row else None
        found.append(PairMeeting(match.match_id, partner, status,
                                 row.starts_at if row and row.status == ScheduleStatus.CONFIRMED else None))
    return found
