"""What App Home shows of the formats beyond pairs: a person's open flash request or conversation, their upcoming
speed-mentoring events with their RSVP, and their peer circles with the next check-in.

Read straight from storage (never the circle formation or the event solver, which load numpy and scipy). A mentee
is never told which mentor is being asked for a flash conversation: a decline stays unseen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from storage.tables import FlashConversation, FlashStatus, Person
from storage.tables.circles import CircleSeat, CircleStatus, CircleTheme, PeerCircle
from storage.tables.events import EventInvitee, EventStatus, SpeedEvent

UPCOMING = (EventStatus.INVITING, EventStatus.SCHEDULED)


@dataclass(frozen=True)
class FlashLine:
    conversation_id: int
    topic: str
    role: str  # mentee or mentor
    state: str  # asked (waiting for a mentor's answer), talking (accepted, before the follow-up), deciding
    partner: str | None  # None: a mentee's request that a mentor is still answering (whom is not said)
    follow_up_at: datetime | None


@dataclass(frozen=True)
class EventLine:
    event_id: int
    title: str
    starts_at: datetime
    rsvp: str  # an Rsvp
    scheduled: bool  # the rotation is made: the answer can no longer change


@dataclass(frozen=True)
class CircleLine:
    circle_id: int
    theme: str
    members: int  # who is in it now, the facilitator included
    next_checkin_at: datetime | None


@dataclass
class FormatsHome:
    flash: list[FlashLine] = field(default_factory=list)
    events: list[EventLine] = field(default_factory=list)
    circles: list[CircleLine] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.flash or self.events or self.circles)


def formats_home(*, session: Session, person_id: int, now: datetime) -> FormatsHome:
    return FormatsHome(flash=_flash(session, person_id), events=_events(session, person_id, now),
                       circles=_circles(session, person_id))


def _name(session: Session, person_id: int) -> str:
    person = session.get(Person, person_id)
    return (person.display_name or person.slack_user_id) if person else ""


def _flash(session: Session, person_id: int) -> list[FlashLine]:
    rows = session.exec(select(FlashConversation).where(
        (FlashConversation.mentee_id == person_id) | (FlashConversation.mentor_id == person_id),
        col(FlashConversation.status).in_((FlashStatus.ASKED, FlashStatus.ACCEPTED)),
        col(FlashConversation.match_id).is_(None)).order_by(col(FlashConversation.id)))
    lines = []
    for row in rows:
        mentee = row.mentee_id == person_id
        own_answer = row.mentee_continue if mentee else row.mentor_continue
        if row.status == FlashStatus.ACCEPTED and (own_answer is not None or False in (row.mentee_continue,
                                                                                       row.mentor_continue)):
            continue  # answered, or someone said one was enough: nothing left to do
        state = ("asked" if row.status == FlashStatus.ASKED else
                 "deciding" if row.followed_up_at is not None else "talking")
        partner = None if mentee and state == "asked" else _name(session, row.mentor_id if mentee else row.mentee_id)
        lines.append(FlashLine(row.id or 0, row.topic, "mentee" if mentee else "mentor", state, partner,
                               row.follow_up_at))
    return lines


def _events(session: Session, person_id: int, now: datetime) -> list[EventLine]:
    rows = session.exec(select(SpeedEvent, EventInvitee).where(
        EventInvitee.event_id == SpeedEvent.id, EventInvitee.person_id == person_id,
        col(SpeedEvent.status).in_(UPCOMING), col(SpeedEvent.starts_at) > now).order_by(col(SpeedEvent.starts_at)))
    return [EventLine(event.id or 0, event.title, event.starts_at, invitee.rsvp,
                      event.status == EventStatus.SCHEDULED) for event, invitee in rows]


def _circles(session: Session, person_id: int) -> list[CircleLine]:
    rows = session.exec(select(PeerCircle, CircleTheme).join(CircleSeat, col(CircleSeat.circle_id) == PeerCircle.id)
                        .where(CircleTheme.id == PeerCircle.theme_id, CircleSeat.person_id == person_id,
                               col(CircleSeat.left_at).is_(None), PeerCircle.status == CircleStatus.ACTIVE)
                        .order_by(col(PeerCircle.id)))
    lines = []
    for circle, theme in rows:
        members = len(session.exec(select(CircleSeat.id).where(CircleSeat.circle_id == circle.id,
                                                               col(CircleSeat.left_at).is_(None))).all())
        lines.append(CircleLine(circle.id or 0, theme.name, members, circle.next_checkin_at))
    return lines
