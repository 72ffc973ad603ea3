"""Meeting ratings as an evaluation indicator of the mentees' perspective (see bot/meeting_ratings.py): read only
in aggregate over the whole report's scope, never per pair, mentor or group, and hidden below the minimum group."""

from __future__ import annotations

from bot.i18n import _
from dataclasses import dataclass

from bot.report.indicators import Indicator, IndicatorGroup, share
from bot.report.snapshot import Snapshot
from storage.tables import MeetingRatingAnswer


@dataclass(frozen=True)
class MeetingRatings(IndicatorGroup):
    meeting_rating_rate: Indicator
    meetings_rated_useful: Indicator


def meeting_ratings(snapshot: Snapshot) -> MeetingRatings:
    """Meeting ratings: how useful mentees found their meetings (one optional click after each logged meeting; mentors are never asked, so nothing here rates a trainee).

    meeting_rating_rate: of meetings held in the period whose mentee was asked to rate them, the share rated.
    meetings_rated_useful: of meetings held in the period and rated, the share rated useful (the other answers: somewhat useful, not useful).
    suppression: the first is hidden when the meetings asked about belong to fewer mentees than the minimum group size, the second when the rated ones do (so no share rests on a few mentees' ratings); there is no breakdown by pair, mentor or group.
    """
    mentee_of = {match.id: match.mentee_id for match in snapshot.state.matches}
    asked = snapshot.meeting_ratings
    rated = [rating for _unused, _unused2, rating in asked if rating is not None]
    mentees = len({mentee_of.get(match_id) for match_id, _unused, _unused2 in asked})
    raters = len({mentee_of.get(match_id) for match_id, _unused, rating in asked if rating is not None})
    useful = sum(rating == MeetingRatingAnswer.USEFUL for rating in rated)
    quality = ("engagement",)
    return MeetingRatings(
        meeting_rating_rate=Indicator("meeting_rating_rate", _("Meetings rated by their mentee"),
                                      share(len(rated), len(asked)) if mentees >= snapshot.minimum_group else None,
                                      "percent", quality, mentees),
        meetings_rated_useful=Indicator("meetings_rated_useful", _("Rated meetings the mentee found useful"),
                                        share(useful, len(rated)) if raters >= snapshot.minimum_group else None,
                                        "percent", quality, raters))
