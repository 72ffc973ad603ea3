"""Flash mentoring rows: mentors' offers, monthly use, and the conversations due a follow-up."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import delete, update
from sqlmodel import Session, col, func, select

from storage.tables import FlashConversation, FlashOffer, FlashStatus

COUNTS_AGAINST_LIMIT = (FlashStatus.ASKED, FlashStatus.ACCEPTED)


def flash_limits(*, session: Session) -> dict[int, int]:
    """Mentors who take flash requests now, and how many a month."""
    rows = session.exec(select(FlashOffer).where(col(FlashOffer.monthly_limit) > 0))
    return {row.person_id: row.monthly_limit for row in rows}


def set_flash_limit(*, session: Session, person_id: int, monthly_limit: int, now: datetime) -> None:
    offer = session.get(FlashOffer, person_id) or FlashOffer(person_id=person_id, updated_at=now)
    offer.monthly_limit, offer.updated_at = monthly_limit, now
    session.add(offer)


def flash_used_since(*, session: Session, since: datetime) -> dict[int, int]:
    """Per mentor, flash requests asked or accepted since `since` (a declined one costs nothing)."""
    rows = session.exec(select(FlashConversation.mentor_id, func.count()).where(
        col(FlashConversation.status).in_(COUNTS_AGAINST_LIMIT), col(FlashConversation.created_at) >= since)
        .group_by(col(FlashConversation.mentor_id)))
    return {mentor: count for mentor, count in rows}


def mentors_asked_about(*, session: Session, mentee_id: int, topic: str) -> set[int]:
    """Mentors this mentee already asked about this topic: a decline is never asked again."""
    rows = session.exec(select(FlashConversation.mentor_id).where(
        FlashConversation.mentee_id == mentee_id, FlashConversation.topic == topic))
    return set(rows)


def open_flash_of(*, session: Session, mentee_id: int) -> FlashConversation | None:
    """The mentee's flash request still waiting for a mentor's answer, if any."""
    return session.exec(select(FlashConversation).where(
        FlashConversation.mentee_id == mentee_id, FlashConversation.status == FlashStatus.ASKED)).first()


def flash_due_follow_up(*, session: Session, now: datetime) -> list[FlashConversation]:
    return list(session.exec(select(FlashConversation).where(
        FlashConversation.status == FlashStatus.ACCEPTED, col(FlashConversation.followed_up_at).is_(None),
        col(FlashConversation.follow_up_at) <= now).order_by(col(FlashConversation.id))))


def flash_conversations_of(*, session: Session, person_id: int) -> list[FlashConversation]:
    return list(session.exec(select(FlashConversation).where(
        (FlashConversation.mentee_id == person_id) | (FlashConversation.mentor_id == person_id))
        .order_by(col(FlashConversation.id))))


def withdraw_open_flash_of(*, session: Session, person_id: int, now: datetime) -> None:
    """Someone left: their unanswered flash requests (either side) close, and they are offered none again."""
    session.execute(update(FlashConversation).where(
        (col(FlashConversation.mentee_id) == person_id) | (col(FlashConversation.mentor_id) == person_id),
        col(FlashConversation.status) == FlashStatus.ASKED).values(status=FlashStatus.WITHDRAWN, answered_at=now))
    session.execute(delete(FlashOffer).where(col(FlashOffer.person_id) == person_id))


def forget_flash_topics_of(*, session: Session, person_id: int) -> None:
    """Retention: the topic a departed person typed or was asked about goes; the counts the report needs stay."""
    session.execute(update(FlashConversation).where(
        (col(FlashConversation.mentee_id) == person_id) | (col(FlashConversation.mentor_id) == person_id))
        .values(topic=""))
    session.execute(delete(FlashOffer).where(col(FlashOffer.person_id) == person_id))


class FlashRow(NamedTuple):
    """A flash request answered in the report's period: who, how it was answered, whether it became a match."""

    mentee_id: int
    mentor_id: int | None
    status: str
    became_ongoing: bool


def flash_rows_between(*, session: Session, start: datetime, end: datetime) -> list[FlashRow]:
    """The flash requests answered in the period, for the report (a program's report keeps its people's)."""
    rows = session.exec(select(FlashConversation.mentee_id, FlashConversation.mentor_id, FlashConversation.status,
                               FlashConversation.match_id).where(
        col(FlashConversation.answered_at) >= start, col(FlashConversation.answered_at) < end))
    return [FlashRow(mentee, mentor, status, match_id is not None) for mentee, mentor, status, match_id in rows]


def flash_links(*, session: Session, until: datetime | None) -> list[tuple[int, int, datetime]]:
    """(mentee, mentor, accepted at) of flash conversations held before `until` that did not become a match (a match
    is its own edge in the network picture)."""
    query = select(FlashConversation.mentee_id, FlashConversation.mentor_id, FlashConversation.answered_at).where(
        FlashConversation.status == FlashStatus.ACCEPTED, col(FlashConversation.match_id).is_(None))
    if until is not None:
        query = query.where(col(FlashConversation.answered_at) < until)
    return [(mentee, mentor, at) for mentee, mentor, at in session.exec(query) if at is not None]
