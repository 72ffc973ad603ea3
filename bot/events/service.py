"""Speed-mentoring events: a coordinator invites, invitees RSVP with a button, mentorbot seats the rotation
(bot/events/schedule.py on matching's pair fit and exclusions) and sends each person their rounds; afterwards each
picks whom to continue with. Closing the event turns mutual picks into matches (both already agreed) and a mentee's
one-sided pick into an ordinary request with that mentor asked first."""

from __future__ import annotations

from functools import partial
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.i18n import _
from bot.access import Refused
from bot.agreements.service import open_agreement
from bot.checkin_plan import plan_cycle
from bot.events.schedule import plan_rotation
from bot.events.views import EventInfo, PersonalSchedule, Seat
from bot.matching.config import matching_config
from bot.matching.pair_fit import pair_fit, pair_kind
from bot.matching.pool import Pool
from bot.matching.service import MatchingError, pick
from bot.notify import MessageRef, Notifier
from storage.queries.audit import record_audit
from storage.queries.decisions import compare_and_set, hold
from storage.queries.people import get_person
from storage.tables import Match, MatchStatus, Person
from storage.tables.events import EventInvitee, EventPick, EventSeat, EventStatus, Rsvp, SpeedEvent

PLACES = ("in_person", "virtual")
MAX_ROUNDS, MAX_MINUTES = 12, 60


class EventError(ValueError):
    """Something the person can fix, said in words."""


class EventAlreadyHandled(EventError):
    """The 'already handled' of events: an answer given, or a step already taken."""


class NotInvited(Refused, EventError):
    """A click on an event that is not the clicker's."""


def info(event: SpeedEvent) -> EventInfo:
    return EventInfo(event.id or 0, event.title, event.starts_at, event.place, event.rounds, event.minutes)


def _event(session: Session, event_id: int) -> SpeedEvent:
    event = session.get(SpeedEvent, event_id)
    if event is None:
        raise EventError(_("There is no event {id}.").format(id=event_id))
    return event


def create_event(*, session: Session, notifier: Notifier, actor: str, title: str, starts_at: datetime, place: str,
                 rounds: int, minutes: int, invitees: list[str] | None, now: datetime) -> tuple[EventInfo, int]:
    """Define the event and invite: the people named, or every active mentor and mentee."""
    if place not in PLACES:
        raise EventError(_("Say where: in_person or virtual."))
    if not (1 <= rounds <= MAX_ROUNDS and 3 <= minutes <= MAX_MINUTES):
        raise EventError(_("Rounds are 1-{rounds} and minutes 3-{minutes}.").format(rounds=MAX_ROUNDS, minutes=MAX_MINUTES))
    if not title.strip() or len(title) > 120:
        raise EventError(_("Give the event a title of at most 120 characters."))
    if starts_at <= now:
        raise EventError(_("Choose a time in the future."))
    people = _invitees(session, invitees)
    event = SpeedEvent(title=title.strip(), starts_at=starts_at, place=place, rounds=rounds, minutes=minutes,
                       created_by=actor, created_at=now)
    session.add(event)
    session.flush()
    for person in people:
        role = "mentor" if person.is_mentor and not person.is_mentee else "mentee"
        session.add(EventInvitee(event_id=event.id or 0, person_id=person.id or 0, role=role))
        notifier.post(person.slack_user_id, partial(notifier.render_event_invitation, info(event), person.timezone),
                      purpose="event_invitation")
    record_audit(session=session, actor=actor, action="event.create", target=str(event.id), now=now,
                 detail={"invited": len(people)})
    return info(event), len(people)


def _invitees(session: Session, slack_ids: list[str] | None) -> list[Person]:
    query = select(Person).where(col(Person.active).is_(True), col(Person.is_mentor) | col(Person.is_mentee))
    people = list(session.exec(query.order_by(col(Person.id))))
    if slack_ids:
        wanted = set(slack_ids)
        people = [p for p in people if p.slack_user_id in wanted]
        if len(people) < len(wanted):
            raise EventError(_("Everyone invited must be an enrolled mentor or mentee."))
    return people


def answer_rsvp(*, session: Session, notifier: Notifier, event_id: int, slack_id: str, coming: bool,
                clicked: MessageRef | None, now: datetime) -> EventInfo:
    """Coming or not, and a change of mind (coming <-> not coming) until the rotation is made: a compare-and-set
    from the answer this click saw, so of two quick clicks one decides and the other is 'already handled'."""
    event = _event(session, event_id)
    person = get_person(session=session, slack_user_id=slack_id)
    row = session.exec(select(EventInvitee).where(EventInvitee.event_id == event_id,
                                                  EventInvitee.person_id == (person.id if person else -1))).first()
    if person is None or row is None:
        raise NotInvited(_("You were not invited to this event."), actor=slack_id, action="event.rsvp",
                         target=str(event_id))
    hold(session=session, model=SpeedEvent, row_id=event_id)  # seating waits for this answer, or it for seating
    session.refresh(event)
    session.refresh(row)
    if event.status != EventStatus.INVITING:
        raise EventAlreadyHandled(_("The rotation for {title} is already made, so your answer can't change now: "
                                    "please tell the coordinator directly.").format(title=event.title))
    answer = Rsvp.YES if coming else Rsvp.NO
    if row.rsvp == answer:
        raise EventAlreadyHandled(_("You already said you're coming.") if coming
                                  else _("You already said you can't make it."))
    if not compare_and_set(session=session, model=EventInvitee, row_id=row.id or 0, column="rsvp",
                           expected=row.rsvp, rsvp=answer, answered_at=now):
        raise EventAlreadyHandled(_("Your answer to this invitation just changed; it stands as it is now."))
    if clicked is not None:
        notifier.edit(clicked, notifier.render_event_rsvp_answered(info(event), person.timezone, coming),
                      purpose="event_rsvp")
    record_audit(session=session, actor=slack_id, action=f"event.rsvp_{answer}", target=str(event_id), now=now)
    return info(event)


def schedule_event(*, session: Session, notifier: Notifier, actor: str, event_id: int, now: datetime) -> tuple[int, float]:
    """Seat the rotation for everyone who said yes, and send each their rounds. Returns (seats, total fit)."""
    event = _event(session, event_id)
    if not compare_and_set(session=session, model=SpeedEvent, row_id=event_id, expected=EventStatus.INVITING,
                           status=EventStatus.SCHEDULED):
        raise EventAlreadyHandled(_("This event's rotation is already made."))
    coming = list(session.exec(select(EventInvitee).where(EventInvitee.event_id == event_id,
                                                          EventInvitee.rsvp == Rsvp.YES)))
    pool = Pool.load_from(session, now, matching_config(session=session))
    mentees = [row.person_id for row in coming if row.role == "mentee" and row.person_id in pool.mentees]
    mentors = [row.person_id for row in coming if row.role == "mentor" and row.person_id in pool.mentors]
    fits = {}
    for mentee in mentees:
        for mentor in mentors:
            fit = pair_fit(pool, mentee, mentor)
            if fit is not None:
                fits[(mentee, mentor)] = fit.score
    rotation = plan_rotation(mentees, mentors, fits, event.rounds)
    for number, pairs in enumerate(rotation.rounds, start=1):
        for mentee, mentor in pairs:
            session.add(EventSeat(event_id=event_id, round=number, mentee_id=mentee, mentor_id=mentor,
                                  fit=fits[(mentee, mentor)]))
    session.flush()
    for person_id in [*mentees, *mentors]:
        person = session.get(Person, person_id)
        assert person is not None
        notifier.post(person.slack_user_id, partial(notifier.render_event_schedule, _schedule_of(session, event, person)),
                      purpose="event_schedule")
    record_audit(session=session, actor=actor, action="event.schedule", target=str(event_id), now=now,
                 detail={"seats": sum(len(p) for p in rotation.rounds), "fit": rotation.total_fit})
    return sum(len(p) for p in rotation.rounds), rotation.total_fit


def _seats(session: Session, event_id: int) -> list[EventSeat]:
    return list(session.exec(select(EventSeat).where(EventSeat.event_id == event_id).order_by(col(EventSeat.round))))


def _schedule_of(session: Session, event: SpeedEvent, person: Person) -> PersonalSchedule:
    by_round: dict[int, Seat] = {}
    for seat in _seats(session, event.id or 0):
        if person.id in (seat.mentee_id, seat.mentor_id):
            other = session.get(Person, seat.mentor_id if person.id == seat.mentee_id else seat.mentee_id)
            assert other is not None
            by_round[seat.round] = Seat(seat.round, other.display_name or other.slack_user_id, other.slack_user_id)
    return PersonalSchedule(info(event), person.timezone,
                            tuple(by_round.get(number) for number in range(1, event.rounds + 1)))


def open_picks(*, session: Session, notifier: Notifier, actor: str, event_id: int, now: datetime) -> int:
    """After the event: everyone seated is asked whom they would like to continue with."""
    event = _event(session, event_id)
    if not compare_and_set(session=session, model=SpeedEvent, row_id=event_id, expected=EventStatus.SCHEDULED,
                           status=EventStatus.PICKING):
        raise EventAlreadyHandled(_("Picks for this event are already open (or its rotation is not made yet)."))
    partners: dict[int, set[int]] = defaultdict(set)
    for seat in _seats(session, event_id):
        partners[seat.mentee_id].add(seat.mentor_id)
        partners[seat.mentor_id].add(seat.mentee_id)
    for person_id in sorted(partners):
        person = session.get(Person, person_id)
        assert person is not None
        schedule = _schedule_of(session, event, person)
        notifier.post(person.slack_user_id, partial(notifier.render_event_picks, schedule), purpose="event_picks")
    record_audit(session=session, actor=actor, action="event.picks", target=str(event_id), now=now)
    return len(partners)


def pick_partner(*, session: Session, event_id: int, slack_id: str, chosen_slack_id: str, now: datetime) -> str:
    """One pick (a second click on the same person changes nothing); only someone you sat with."""
    event = _event(session, event_id)
    chooser = get_person(session=session, slack_user_id=slack_id)
    chosen = get_person(session=session, slack_user_id=chosen_slack_id)
    if chooser is None or chosen is None or not _sat_together(session, event_id, chooser.id or 0, chosen.id or 0):
        raise NotInvited(_("You can pick only someone you sat with at this event."), actor=slack_id,
                         action="event.pick", target=str(event_id))
    if event.status != EventStatus.PICKING:
        raise EventAlreadyHandled(_("Picks for this event are closed."))
    exists = session.exec(select(EventPick).where(EventPick.event_id == event_id, EventPick.chooser_id == chooser.id,
                                                  EventPick.chosen_id == chosen.id)).first()
    if exists is None:
        session.add(EventPick(event_id=event_id, chooser_id=chooser.id or 0, chosen_id=chosen.id or 0,
                              created_at=now))
    return chosen.display_name or chosen.slack_user_id


def _sat_together(session: Session, event_id: int, a: int, b: int) -> bool:
    return any({seat.mentee_id, seat.mentor_id} == {a, b} for seat in _seats(session, event_id))


@dataclass(frozen=True)
class EventOutcome:
    matches: int  # mutual picks made into matches
    requests: int  # a mentee's one-sided pick: that mentor asked first, as an ordinary request


def close_event(*, session: Session, notifier: Notifier, actor: str, event_id: int, now: datetime) -> EventOutcome:
    """Mutual picks become matches (both already agreed); a mentee's one-sided pick becomes a request with that
    mentor asked first. A mentor's one-sided pick is not passed on: the mentee did not choose them."""
    if not compare_and_set(session=session, model=SpeedEvent, row_id=event_id, expected=EventStatus.PICKING,
                           status=EventStatus.CLOSED):
        raise EventAlreadyHandled(_("This event is already closed (or its picks are not open yet)."))
    picks = {(p.chooser_id, p.chosen_id) for p in session.exec(select(EventPick).where(EventPick.event_id == event_id))}
    seats = {(s.mentee_id, s.mentor_id) for s in _seats(session, event_id)}
    pool = Pool.load_from(session, now, matching_config(session=session))
    matches = requests = 0
    for mentee_id, mentor_id in sorted(seats):
        mentee_wants, mentor_wants = (mentee_id, mentor_id) in picks, (mentor_id, mentee_id) in picks
        if mentee_wants and mentor_wants and (mentee_id, mentor_id) not in pool.engaged:
            _mutual_match(session, notifier, pool, mentee_id, mentor_id, now)
            matches += 1
        elif mentee_wants:
            requests += _ask_first(session, notifier, pool, mentee_id, mentor_id, now)
    record_audit(session=session, actor=actor, action="event.close", target=str(event_id), now=now,
                 detail={"matches": matches, "requests": requests})
    return EventOutcome(matches, requests)


def _mutual_match(session: Session, notifier: Notifier, pool: Pool, mentee_id: int, mentor_id: int,
                  now: datetime) -> None:
    kind, reasons = pair_kind(pool, mentee_id, mentor_id)
    cadence = pool.mentees[mentee_id][1].cadence_days if mentee_id in pool.mentees else 30
    match = Match(mentee_id=mentee_id, mentor_id=mentor_id, kind=kind, status=MatchStatus.ACTIVE,
                  cadence_days=cadence, reasons=["you both picked each other at a speed-mentoring event", *reasons],  # not text: see reasons.py
                  started_at=now)
    session.add(match)
    session.flush()
    plan_cycle(session=session, match=match, cycle=1)
    open_agreement(session=session, notifier=notifier, match_id=match.id or 0, now=now)
    pool.engaged.add((mentee_id, mentor_id))


def _ask_first(session: Session, notifier: Notifier, pool: Pool, mentee_id: int, mentor_id: int,
               now: datetime) -> int:
    from bot.matching.delivery import ask_for_consent

    mentee, mentor = session.get(Person, mentee_id), session.get(Person, mentor_id)
    assert mentee is not None and mentor is not None
    kind, _reasons = pair_kind(pool, mentee_id, mentor_id)
    try:
        proposal = pick(session=session, mentee_slack_id=mentee.slack_user_id, kind=kind,
                        mentor_slack_id=mentor.slack_user_id, now=now, config=pool.config)
    except MatchingError:
        return 0  # no room, or excluded since: the mentee can still use /mentor find
    ask_for_consent(session, proposal, notifier)
    return 1
