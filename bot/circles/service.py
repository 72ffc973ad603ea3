"""Peer circles: a coordinator's theme (size range, cadence, facilitators), people join it, mentorbot forms circles
for review (bot/circles/formation.py: shared interests, stages and programs spread, conflicts of interest apart),
and approval opens each circle's group DM with an introduction and its agreement; check-ins come at the cadence,
and anyone may leave without fault."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.i18n import _
from bot.access import faculty_wide_only_text, Refused, scope_of
from bot.circles.formation import Member, form_circles
from bot.circles.views import CircleView
from bot.notify import MessageRef, Notifier
from bot.pauses import is_paused
from bot.program_settings import delivery_window
from bot.timing import next_window_start
from storage.queries.audit import record_audit
from storage.queries.decisions import hold
from storage.queries.decisions import compare_and_set
from storage.queries.matching import conflict_pairs
from storage.queries.people import get_person
from storage.tables import MenteeProfile, MentorProfile, Person
from storage.tables.circles import (
    CircleCheckIn,
    CircleCheckInAnswer,
    CircleMember,
    CircleSeat,
    CircleStatus,
    CircleTheme,
    PeerCircle,
)

MAX_GROUP_DM_USERS = 8  # Slack's conversations.open opens a group DM of at most 8 people (the bot aside)


class CircleError(ValueError):
    """Something the person can fix, said in words."""


class NotInCircle(Refused, CircleError):
    """Leaving a circle one is not in."""


class NotACoordinator(Refused, CircleError):
    """Themes, formation and approval are the coordinators'."""


class FacultyWideOnly(Refused, CircleError):
    """Circles draw on every program's people, so a program coordinator may not form or approve them (for now)."""


def _require_coordinator(session: Session, actor: str, action: str, target: str) -> None:
    person = get_person(session=session, slack_user_id=actor)
    if person is None or not person.is_coordinator:
        raise NotACoordinator(_("Only program coordinators can create, form and approve circles."), actor=actor,
                              action=action, target=target)
    if not scope_of(session=session, slack_user_id=actor).faculty_wide:
        raise FacultyWideOnly(faculty_wide_only_text(), actor=actor, action=action, target="faculty-wide")


def create_theme(*, session: Session, actor: str, name: str, size_min: int, size_max: int, cadence_days: int,
                 facilitators: list[str], now: datetime) -> int:
    _require_coordinator(session, actor, "circle.theme", name[:40])
    if not 4 <= size_min <= size_max <= 8:
        raise CircleError(_("Circle sizes are between 4 and 8 (e.g. 4-8)."))
    if size_max + (1 if facilitators else 0) > MAX_GROUP_DM_USERS:
        raise CircleError(_("With a facilitator a circle's group DM holds at most {members} members (Slack opens group "
                            "DMs of at most {most} people): use 4-7.").format(members=MAX_GROUP_DM_USERS - 1,
                                                                              most=MAX_GROUP_DM_USERS))
    if not name.strip() or len(name) > 80:
        raise CircleError(_("Give the theme a name of at most 80 characters."))
    if not 7 <= cadence_days <= 90:
        raise CircleError(_("Check-ins come every 7 to 90 days."))
    people = [get_person(session=session, slack_user_id=s) for s in facilitators]
    if any(p is None or not p.active for p in people):
        raise CircleError(_("Every facilitator must be enrolled."))
    theme = CircleTheme(name=name.strip(), size_min=size_min, size_max=size_max, cadence_days=cadence_days,
                        facilitator_ids=[p.id for p in people if p is not None and p.id], created_by=actor,
                        created_at=now)
    session.add(theme)
    session.flush()
    record_audit(session=session, actor=actor, action="circle.theme", target=str(theme.id), now=now)
    return theme.id or 0


def _theme(session: Session, theme_id: int) -> CircleTheme:
    theme = session.get(CircleTheme, theme_id)
    if theme is None:
        raise CircleError(_("There is no circle theme {id}.").format(id=theme_id))
    return theme


def join_theme(*, session: Session, theme_id: int, slack_id: str, now: datetime) -> str:
    theme = _theme(session, theme_id)
    person = get_person(session=session, slack_user_id=slack_id)
    if person is None or not person.active:
        raise CircleError(_("Join the program first (`/mentor join`)."))
    exists = session.exec(select(CircleMember).where(CircleMember.theme_id == theme_id,
                                                     CircleMember.person_id == person.id)).first()
    if exists is None:
        session.add(CircleMember(theme_id=theme_id, person_id=person.id or 0, joined_at=now))
    return theme.name


def _facts(session: Session, person_ids: list[int]) -> list[Member]:
    members = []
    for person_id in person_ids:
        person = session.get(Person, person_id)
        mentee, mentor = session.get(MenteeProfile, person_id), session.get(MentorProfile, person_id)
        interests = frozenset((mentee.interests if mentee else []) + (mentor.expertise if mentor else []))
        if person is not None and person.active:
            members.append(Member(person_id, person.stage or "", person.program or "", interests))
    return members


def propose_circles(*, session: Session, actor: str, theme_id: int, now: datetime) -> list[CircleView]:
    """Form circles from everyone who joined and is not yet in an active circle of the theme, for review."""
    _require_coordinator(session, actor, "circle.propose", str(theme_id))
    hold(session=session, model=CircleTheme, row_id=theme_id)  # two formations at once: one after the other
    theme = _theme(session, theme_id)
    for old in session.exec(select(PeerCircle).where(PeerCircle.theme_id == theme_id,
                                                     PeerCircle.status == CircleStatus.PROPOSED)):
        old.status = CircleStatus.DISCARDED
        session.add(old)
    seated = {seat.person_id for seat, circle in session.exec(
        select(CircleSeat, PeerCircle).where(CircleSeat.circle_id == PeerCircle.id, PeerCircle.theme_id == theme_id,
                                             PeerCircle.status == CircleStatus.ACTIVE))}
    waiting = [m.person_id for m in session.exec(select(CircleMember).where(CircleMember.theme_id == theme_id)
                                                 .order_by(col(CircleMember.id)))  # join order: who waits if need be
               if m.person_id not in seated and m.person_id not in theme.facilitator_ids]
    conflicts = conflict_pairs(session=session)
    formation = form_circles(_facts(session, waiting), theme.size_min, theme.size_max, conflicts)
    facilitators = list(theme.facilitator_ids)
    views = []
    for number, people in enumerate(formation.circles):
        circle = PeerCircle(theme_id=theme_id, created_at=now)
        session.add(circle)
        session.flush()
        facilitator = _facilitator_for(facilitators, number, people, conflicts)
        for person_id in ([facilitator] if facilitator else []) + list(people):
            session.add(CircleSeat(circle_id=circle.id or 0, person_id=person_id,
                                   role="facilitator" if person_id == facilitator else "member"))
        session.flush()
        views.append(circle_view(session, circle))
    record_audit(session=session, actor=actor, action="circle.propose", target=str(theme_id), now=now,
                 detail={"circles": len(views), "unplaced": len(formation.unplaced)})
    return views


def _facilitator_for(facilitators: list[int], number: int, people: tuple[int, ...],
                     conflicts: set[tuple[int, int]]) -> int | None:
    """Facilitators in turn, skipping one with a conflict of interest with anyone in the circle."""
    for offset in range(len(facilitators)):
        candidate = facilitators[(number + offset) % len(facilitators)]
        if not any((p, candidate) in conflicts or (candidate, p) in conflicts for p in people):
            return candidate
    return None


def circle_view(session: Session, circle: PeerCircle) -> CircleView:
    theme = _theme(session, circle.theme_id)
    seats = list(session.exec(select(CircleSeat).where(CircleSeat.circle_id == circle.id,
                                                       col(CircleSeat.left_at).is_(None))
                              .order_by(col(CircleSeat.role).desc(), col(CircleSeat.person_id))))
    people = {s.person_id: session.get(Person, s.person_id) for s in seats}
    facts = _facts(session, [s.person_id for s in seats if s.role == "member"])
    tags = Counter(tag for member in facts for tag in member.interests)
    facilitator = next((people[s.person_id] for s in seats if s.role == "facilitator"), None)
    return CircleView(circle.id or 0, theme.name, theme.cadence_days,
                      tuple((p.slack_user_id, p.display_name or p.slack_user_id) for p in people.values() if p),
                      facilitator.slack_user_id if facilitator else None,
                      tuple(sorted(tag for tag, n in tags.items() if n >= 2)))


def approve_circles(*, session: Session, notifier: Notifier, actor: str, theme_id: int, now: datetime) -> int:
    """The coordinator approves the proposal: each circle's group DM opens with its introduction and agreement."""
    _require_coordinator(session, actor, "circle.approve", str(theme_id))
    hold(session=session, model=CircleTheme, row_id=theme_id)  # never approve a proposal a formation is replacing
    theme = _theme(session, theme_id)
    approved = 0
    for circle in session.exec(select(PeerCircle).where(PeerCircle.theme_id == theme_id,
                                                        PeerCircle.status == CircleStatus.PROPOSED)).all():
        if not compare_and_set(session=session, model=PeerCircle, row_id=circle.id or 0,
                               expected=CircleStatus.PROPOSED, status=CircleStatus.ACTIVE,
                               next_checkin_at=now + timedelta(days=theme.cadence_days)):
            continue
        where = notifier.circle_introduce(circle_view(session, circle))
        circle.intro_message_id = where.outbox_id
        session.add(circle)
        approved += 1
    if not approved:
        raise CircleError(_("There is no proposal to approve: `/mentor circle form ID` first."))
    record_audit(session=session, actor=actor, action="circle.approve", target=str(theme_id), now=now)
    return approved


def leave_circle(*, session: Session, circle_id: int, slack_id: str, now: datetime) -> str:
    """No fault, no reasons: the seat ends quietly; the others are not told why."""
    person = get_person(session=session, slack_user_id=slack_id)
    seat = session.exec(select(CircleSeat).where(CircleSeat.circle_id == circle_id,
                                                 CircleSeat.person_id == (person.id if person else -1))).first()
    if seat is None:
        raise NotInCircle(_("You are not in that circle."), actor=slack_id, action="circle.leave", target=str(circle_id))
    if not compare_and_set(session=session, model=CircleSeat, row_id=seat.id or 0, column="left_at", expected=None,
                           left_at=now):
        raise CircleError(_("You have already left that circle."))
    circle = session.get(PeerCircle, circle_id)
    assert circle is not None
    return _theme(session, circle.theme_id).name


def send_circle_checkins(*, session: Session, notifier: Notifier, now: datetime) -> int:
    """Each active circle, every cadence: a check-in to each member in their own working hours (bot/timing.py), as
    pair check-ins are; someone who left, left the program or is on a pause gets none. Returns the circles due."""
    window = delivery_window(session)
    due = session.exec(select(PeerCircle).where(PeerCircle.status == CircleStatus.ACTIVE,
                                                col(PeerCircle.next_checkin_at) <= now)).all()
    for circle in due:
        theme = _theme(session, circle.theme_id)
        cycle = circle.next_checkin_at
        if cycle is None or not compare_and_set(session=session, model=PeerCircle, row_id=circle.id or 0,
                                                column="next_checkin_at", expected=cycle,
                                                next_checkin_at=now + timedelta(days=theme.cadence_days)):
            continue
        view = circle_view(session, circle)
        if len(view.members) < 2:
            continue
        for seat in _current_seats(session, circle.id or 0):
            person = session.get(Person, seat.person_id)
            if person is None or not person.active or is_paused(person, now):
                continue
            send_at = next_window_start(now, person.timezone, window)
            row = CircleCheckIn(circle_id=circle.id or 0, person_id=seat.person_id, due_at=cycle, send_at=send_at)
            session.add(row)
            session.flush()
            notifier.post(person.slack_user_id, lambda: notifier.render_circle_checkin(view, row.id or 0),
                          purpose="circle_checkin", not_before=send_at)
    return len(due)


def _current_seats(session: Session, circle_id: int) -> list[CircleSeat]:
    return list(session.exec(select(CircleSeat).where(CircleSeat.circle_id == circle_id,
                                                      col(CircleSeat.left_at).is_(None))))


def answer_circle_checkin(*, session: Session, notifier: Notifier, checkin_id: int, slack_id: str, met: bool,
                          now: datetime, clicked: MessageRef | None = None) -> str:
    """One member's click: a compare-and-set, so a second click (or a second device) is 'already handled'."""
    row = session.get(CircleCheckIn, checkin_id)
    person = get_person(session=session, slack_user_id=slack_id)
    if row is None or person is None or row.person_id != person.id:
        raise NotInCircle(_("This check-in was sent to someone else."), actor=slack_id, action="circle.checkin",
                          target=str(checkin_id))
    answer = CircleCheckInAnswer.MET if met else CircleCheckInAnswer.NOT_YET
    if not compare_and_set(session=session, model=CircleCheckIn, row_id=checkin_id, column="answer", expected=None,
                           answer=answer, answered_at=now):
        raise CircleError(_("You already answered this check-in."))
    circle = session.get(PeerCircle, row.circle_id)
    assert circle is not None
    theme = _theme(session, circle.theme_id).name
    if clicked is not None:
        notifier.edit(clicked, notifier.render_circle_checkin_answered(theme, met), purpose="circle_checkin_answered")
    return theme
