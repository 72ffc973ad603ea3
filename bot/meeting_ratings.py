"""After each logged meeting, the mentee may rate it with one click: how useful was it to you?

What it is for: the issue's early signal of a poor match that would otherwise show only as silence, gathered
where it costs nothing (right after a meeting) and read only in aggregate, as the mentees' perspective on the
mentoring they get. Who rates: the mentee only. A mentor is never asked to rate a meeting, so nothing here can
become an assessment of the trainee (mentoring is not assessment); and the mentor never sees the rating.
Scale: three words (useful, somewhat, not useful), one click, optional; the first click stands (a second is
"already handled"). Where it shows: to the mentee in the message they clicked and in their `my-data`; to
coordinators only as counts in the report, hidden below the minimum group size. Never in the digest, never per
pair, never on Home.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from bot.access import Refused
from bot.deps import Deps
from bot.pauses import is_paused
from bot.program_settings import delivery_window
from bot.rating_views import RatingView
from bot.timing import next_window_start
from storage.engine import transaction
from storage.queries.audit import record_audit
from storage.queries.decisions import compare_and_set
from storage.queries.outbox import enqueue_message
from storage.tables import Match, MatchStatus, Meeting, MeetingRating, MeetingRatingAnswer, Person
from bot.i18n import N_, _
from bot.i18n.choice import speaking_to

ASK_WITHIN = timedelta(days=3)  # a meeting logged longer ago than this (or before an outage) is not asked about


class RatingError(ValueError):
    """The rating cannot be recorded; the message says why."""


class AlreadyRated(RatingError):
    """Another click got there first; the message says what stands."""


class NotYourRating(Refused, RatingError):
    """Someone other than the pair's mentee clicked (audited)."""


def ask_for_ratings(deps: Deps, now: datetime) -> None:
    """Scheduler step: each meeting logged in the last few days that its mentee has not been asked about gets one
    question, queued for the mentee's working hours. Ended matches and paused or departed mentees get nothing."""
    with transaction(deps.sessions) as session:
        window = delivery_window(session)
        asked = select(MeetingRating.meeting_id)
        fresh = session.exec(select(Meeting, Match, Person)
                             .join(Match, col(Match.id) == Meeting.match_id)
                             .join(Person, col(Person.id) == Match.mentee_id)
                             .where(col(Meeting.created_at) >= now - ASK_WITHIN, col(Meeting.id).not_in(asked),
                                    Match.status == MatchStatus.ACTIVE, col(Person.active).is_(True))
                             .order_by(col(Meeting.id))).all()
        for meeting, match, mentee in fresh:
            if is_paused(mentee, now):
                continue
            rating = MeetingRating(meeting_id=meeting.id or 0, match_id=match.id or 0, asked_at=now)
            session.add(rating)
            session.flush()
            with speaking_to(session, mentee):
                payload = deps.notifier.render_meeting_rating(_view(session, rating))
            enqueue_message(session=session, key=f"meeting_rating:{rating.id}", purpose="meeting.rating",
                            recipient=mentee.slack_user_id, payload=payload,
                            not_before=next_window_start(now, mentee.timezone, window), now=now)


def rate_meeting(*, session: Session, rating_id: int, actor: str, answer: str, now: datetime) -> RatingView:
    """The mentee's click. Compare-and-set on the empty rating: of two clicks, the first stands."""
    if answer not in set(MeetingRatingAnswer):
        raise RatingError(_("That isn't one of the answers."))
    rating = session.get(MeetingRating, rating_id)
    if rating is None:
        raise RatingError(_("That meeting is no longer on record."))
    match = session.get(Match, rating.match_id)
    mentee = session.get(Person, match.mentee_id) if match else None
    if mentee is None or mentee.slack_user_id != actor:
        raise NotYourRating(_("That question was meant for someone else."), actor=actor, action="meeting.rate",
                            target=str(rating_id))
    if not compare_and_set(session=session, model=MeetingRating, row_id=rating_id, column="rating", expected=None,
                           rating=answer, rated_at=now):
        session.refresh(rating)
        raise AlreadyRated(_("You already rated this meeting: {answer}. Thank you!").format(
            answer=_(RATING_WORDS[str(rating.rating)]).lower()))
    record_audit(session=session, now=now, actor=actor, action="meeting.rate", target=str(rating_id))
    session.refresh(rating)
    return _view(session, rating)


RATING_WORDS: dict[str, str] = {MeetingRatingAnswer.USEFUL: N_("Useful"), MeetingRatingAnswer.SOMEWHAT: N_("Somewhat useful"),
                                MeetingRatingAnswer.NOT_USEFUL: N_("Not useful")}


def _view(session: Session, rating: MeetingRating) -> RatingView:
    meeting, match = session.get(Meeting, rating.meeting_id), session.get(Match, rating.match_id)
    assert meeting is not None and match is not None
    mentor = session.get(Person, match.mentor_id)
    return RatingView(rating.id or 0, mentor.display_name if mentor else _("your mentor"), meeting.met_on, rating.rating)
