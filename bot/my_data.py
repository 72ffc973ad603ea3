"""Personal data rights: everything stored about a person, and leaving or pausing the program."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.i18n import _
from bot.matching.service import Withdrawn, end_match, matches_of, sync_requests, withdraw_proposals_of_leaver
from bot.profiles import profile_for_edit
from bot.notify import Notifier
from bot.leave_views import LeaveResult
from bot.scheduling.invitations import InvitationFile, queue_invitation_files
from bot.surveys.personal import personal_survey_data
from storage.engine import SessionFactory, transaction
from storage.queries.coordinators import coordinators_covering
from storage.queries.coordinators import programs_of
from storage.queries.audit import audit_events, audit_events_about, record_audit
from storage.queries.flash import flash_conversations_of, withdraw_open_flash_of
from storage.queries.outbox import cancel_pending_to
from storage.queries.personal import (
    agreements_of,
    development_plans_of,
    checkins_of,
    goals_with_updates,
    matches_of_person,
    meetings_of,
    messages_to,
    prompts_of,
    requests_and_proposals,
)
from storage.queries.people import get_person
from storage.queries.profiles import conflicts_involving
from storage.queries.scheduling import meetings_of_matches
from storage.queries.circles import leave_circles_of
from storage.tables import (
    Availability,
    CircleCheckIn,
    CircleMember,
    CircleSeat,
    EventInvitee,
    EventPick,
    EventSeat,
    FlashOffer,
    MeetingRating,
    Person,
)


def personal_data(*, session: Session, slack_user_id: str) -> dict[str, Any] | None:
    """Everything mentorbot stores about this person, as plain JSON-able data; None if nothing."""
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None:
        return None
    profile = profile_for_edit(session=session, slack_user_id=slack_user_id)
    own_actions = audit_events(session=session, actor=slack_user_id)
    about = audit_events_about(session=session, target=slack_user_id)
    return {
        "person": person.model_dump(mode="json"),
        "profile": profile.model_dump() if profile else None,
        "coordinates_programs": sorted(programs_of(session=session, person_id=person.id or 0)),  # none: faculty-wide
        "conflicts_of_interest": [c.model_dump(mode="json", exclude={"id"})
                                  for c in conflicts_involving(session=session, person_id=person.id or 0)],
        "surveys": personal_survey_data(session=session, person_id=person.id or 0),
        **_mentoring_data(session, person.id or 0, slack_user_id),
        "activity_log": [e.model_dump(mode="json") for e in sorted({e.id: e for e in own_actions + about}.values(),
                                                                     key=lambda e: e.id or 0)],
    }


def _mentoring_data(session: Session, person_id: int, slack_user_id: str) -> dict[str, Any]:
    """Goals with their dated notes, requests and proposals, matches, meetings and check-ins, agreements, their own
    pulse and review answers, and the messages queued or sent to them. A partner's private meeting note, or a mentor's note to the program, is theirs."""
    def dump(row: Any, **leave_out: Any) -> dict[str, Any]:
        return row.model_dump(mode="json", exclude=set(leave_out))

    matches = matches_of_person(session=session, person_id=person_id)
    roles = {m.id: "mentee" if m.mentee_id == person_id else "mentor" for m in matches}
    ids = [m.id or 0 for m in matches]
    requests, proposals = requests_and_proposals(session=session, person_id=person_id)
    return {
        "goals": [{**dump(goal), "updates": [dump(u) for u in updates]}
                  for goal, updates in goals_with_updates(session=session, person_id=person_id)],
        "match_requests": [dump(r) for r in requests],
        "proposals": [dump(p) for p in proposals],
        "matches": [{**dump(m), "role": roles[m.id],
                     "partner": _name(session, m.mentor_id if roles[m.id] == "mentee" else m.mentee_id)}
                    for m in matches],
        "meetings": [dump(m) if m.logged_by == slack_user_id else dump(m, note=True)
                     for m in meetings_of(session=session, match_ids=ids)],
        "check_ins": [dump(c) for c in checkins_of(session=session, match_ids=ids) if c.role == roles[c.match_id]],
        "availability": [dump(a) for a in [session.get(Availability, person_id)] if a is not None],
        "scheduled_meetings": [dump(m) for m in meetings_of_matches(session=session, match_ids=ids)],
        # the agreement both agreed to is both people's; a pulse or review answer is only its own person's
        "agreements": [dump(a) for a in agreements_of(session=session, match_ids=ids)],
        "pulse_and_review_answers": [dump(p) for p in prompts_of(session=session, match_ids=ids)
                                     if p.role == roles[p.match_id]],
        # a meeting rating is the mentee's alone: their mentor's export never holds it
        "meeting_ratings": [dump(r) for r in session.exec(select(MeetingRating).where(
            col(MeetingRating.match_id).in_([i for i in ids if roles[i] == "mentee"])).order_by(col(MeetingRating.id)))],
        "development_plans": [dump(p) for p in development_plans_of(session=session, person_id=person_id)],
        "speed_mentoring_events": [dump(row) for row in session.exec(
            select(EventInvitee).where(EventInvitee.person_id == person_id))],
        "event_seats": [dump(row) for row in session.exec(select(EventSeat).where(
            (col(EventSeat.mentee_id) == person_id) | (col(EventSeat.mentor_id) == person_id)))],
        # whom they picked is theirs; who picked them is the picker's (nobody is told who did not pick them)
        "event_picks": [dump(row) for row in session.exec(select(EventPick).where(EventPick.chooser_id == person_id))],
        "circle_themes_joined": [dump(row) for row in session.exec(
            select(CircleMember).where(CircleMember.person_id == person_id))],
        "circle_seats": [dump(row) for row in session.exec(select(CircleSeat).where(CircleSeat.person_id == person_id))],
        # their own answers to their circle's check-ins (each member's answer is theirs alone)
        "circle_checkins": [dump(row) for row in session.exec(
            select(CircleCheckIn).where(CircleCheckIn.person_id == person_id))],
        "flash_offer": [dump(o) for o in [session.get(FlashOffer, person_id)] if o is not None],
        "flash_conversations": [{**dump(c), "role": "mentee" if c.mentee_id == person_id else "mentor",
                                 "partner": _name(session, c.mentor_id if c.mentee_id == person_id else c.mentee_id)}
                                for c in flash_conversations_of(session=session, person_id=person_id)],
        "messages": [dump(m, claimed_by=True) for m in messages_to(session=session, slack_user_id=slack_user_id)],
    }


def _name(session: Session, person_id: int) -> str:
    person = session.get(Person, person_id)
    return person.display_name if person else ""


def leave(*, sessions: SessionFactory, notifier: Notifier, slack_user_id: str, mode: str, until: date | None,
          now: datetime) -> LeaveResult:
    """`leave_program` in its own transaction, for the leave modal; what everyone is told (and the calendar
    cancellations) is queued with it."""
    with transaction(sessions) as session:
        result = leave_program(session=session, slack_user_id=slack_user_id, mode=mode, until=until, now=now)
        bound = notifier.within(session, now)
        queue_invitation_files(bound, result.calendar_files)
        bound.left_program(slack_user_id, result)
    return result


def leave_program(*, session: Session, slack_user_id: str, mode: str, until: date | None, now: datetime) -> LeaveResult:
    """Pause until a date, or leave; the person's data stays only for aggregate evaluation (see retention).

    Leaving withdraws everything in flight: messages still queued to them are cancelled, proposals not yet
    answered (as mentee or mentor) are withdrawn, open requests closed and active matches ended.
    """
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None or not person.active:
        raise ValueError(_("You are not enrolled in the program."))
    if mode == "pause":
        if until is None or until <= now.date():
            raise ValueError(_("Choose a date in the future for your pause to end."))
        person.paused_until = until
    partners = [m.mentor if m.mentee.slack_id == slack_user_id else m.mentee
                for m in matches_of(session=session, slack_id=slack_user_id)]
    withdrawn: list[Withdrawn] = []
    calendar_files: tuple[InvitationFile, ...] = ()
    if mode != "pause":
        person.active, person.left_at, person.paused_until = False, now, None
        cancel_pending_to(session=session, recipient=slack_user_id)
        withdrawn = withdraw_proposals_of_leaver(session=session, person=person, now=now)
        withdraw_open_flash_of(session=session, person_id=person.id or 0, now=now)
        leave_circles_of(session=session, person_id=person.id or 0, now=now)
        sync_requests(session=session, person=person, kinds_wanted=[], now=now)
        for match in matches_of(session=session, slack_id=slack_user_id):
            calendar_files += end_match(session=session, match_id=match.match_id, actor=slack_user_id, now=now,
                                        is_coordinator=False, reason="left_program").calendar_files
    person.updated_at = now
    session.add(person)
    record_audit(session=session, now=now, actor=slack_user_id, action=f"program.{mode}", target=slack_user_id,
                 detail={"until": until.isoformat() if until else None})
    notify = [p.slack_id for p in partners] + [c.slack_user_id for c in coordinators_covering(
        session=session, programs=[person.program]) if c.slack_user_id != slack_user_id]
    return LeaveResult(mode=mode, until=until if mode == "pause" else None, notify=list(dict.fromkeys(notify)),
                       name=person.display_name, withdrawn=tuple(withdrawn), calendar_files=calendar_files)
