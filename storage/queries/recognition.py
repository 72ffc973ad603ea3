"""What a mentor's recognition statement is built from: their matches, meetings and named answers about them."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.tables import (
    CircleSeat,
    CircleStatus,
    EventSeat,
    FlashConversation,
    FlashStatus,
    Match,
    Meeting,
    MenteeProfile,
    PeerCircle,
    Person,
)
from storage.tables.agreements import Agreement, AgreementStatus
from storage.tables.surveys import NamedAnswer, Survey, SurveyQuestion, SurveyRound


def matches_as_mentor(*, session: Session, mentor_id: int) -> list[tuple[Match, Person, MenteeProfile | None]]:
    """Every match (active or ended) in which this person is the mentor, with the mentee and their profile."""
    rows = session.exec(
        select(Match, Person, MenteeProfile)
        .join(Person, col(Person.id) == Match.mentee_id)
        .join(MenteeProfile, col(MenteeProfile.person_id) == Match.mentee_id, isouter=True)
        .where(Match.mentor_id == mentor_id).order_by(col(Match.started_at), col(Match.id))
    ).all()
    return [(match, mentee, profile) for match, mentee, profile in rows]


def meetings_of_matches(*, session: Session, match_ids: list[int]) -> list[Meeting]:
    if not match_ids:
        return []
    return list(session.exec(select(Meeting).where(col(Meeting.match_id).in_(match_ids))).all())


def named_answers_about(*, session: Session, match_ids: list[int]) -> list[tuple[SurveyQuestion, NamedAnswer]]:
    """Answers in named surveys about mentors whose subject is one of these matches (anonymous ones never name one)."""
    if not match_ids:
        return []
    rows = session.exec(
        select(SurveyQuestion, NamedAnswer)
        .join(NamedAnswer, col(NamedAnswer.question_id) == SurveyQuestion.id)
        .join(SurveyRound, col(SurveyRound.id) == NamedAnswer.round_id)
        .join(Survey, col(Survey.id) == SurveyRound.survey_id)
        .where(col(Survey.anonymous).is_(False), Survey.about == "mentors",
               col(NamedAnswer.subject).in_(match_ids))
    ).all()
    return [(question, answer) for question, answer in rows]


def mentors_with_matches(*, session: Session) -> list[tuple[Person, Match]]:
    """Every mentor with each of their matches, for the coordinators' annual recognition list."""
    rows = session.exec(select(Person, Match).join(Match, col(Match.mentor_id) == Person.id)
                        .order_by(col(Person.display_name), col(Person.id), col(Match.id))).all()
    return [(person, match) for person, match in rows]


def agreed_match_ids(*, session: Session, match_ids: list[int]) -> set[int]:
    """The matches whose mentoring agreement both people acknowledged."""
    if not match_ids:
        return set()
    return set(session.exec(select(Agreement.match_id).where(col(Agreement.match_id).in_(match_ids),
                                                             Agreement.status == AgreementStatus.AGREED)).all())


def group_activity_counts(*, session: Session, person_id: int) -> tuple[int, int, int, int, int]:
    """(circles facilitated, circles joined as a member, flash conversations held as the mentor, speed-mentoring
    events sat at as a mentor, conversations at them): the formats beyond pairs, for a mentor's record."""
    seats = session.exec(select(CircleSeat.role).join(PeerCircle, col(PeerCircle.id) == CircleSeat.circle_id).where(
        CircleSeat.person_id == person_id, PeerCircle.status == CircleStatus.ACTIVE)).all()
    flash = session.exec(select(FlashConversation.id).where(FlashConversation.mentor_id == person_id,
                                                            FlashConversation.status == FlashStatus.ACCEPTED)).all()
    events = session.exec(select(EventSeat.event_id).where(EventSeat.mentor_id == person_id)).all()
    facilitated = sum(1 for role in seats if role == "facilitator")
    return facilitated, len(seats) - facilitated, len(flash), len(set(events)), len(events)
