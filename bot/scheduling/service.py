"""Find a time, pick, confirm or ask for other times, and what a confirmation sets going (invitation files, a
reminder the working day before and a "did it happen?" after, each on the person's own clock).

Every message goes to the outbox in the transaction that causes it; every step two clicks can race is a
compare-and-set on the meeting's status and round, so a second click finds it already handled.
"""

from __future__ import annotations

from functools import partial
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from bot.i18n import _
from bot.matching.service import ref
from bot.meetings import log_meeting
from bot.notify import Notifier
from bot.program_settings import delivery_window
from bot.scheduling.availability import calendar_of
from bot.scheduling.connectors import FreeBusySource, FreeBusyUnavailable
from bot.scheduling.invitation_files import invitation_files
from bot.scheduling.invitations import InvitationFile
from bot.scheduling.messages import MeetingNote, NoteKind, SlotOffer
from bot.scheduling.slots import IN_PERSON, VIRTUAL, Interval, common_slots
from bot.timing import DeliveryWindow, next_window_start, zone
from storage.queries.audit import record_audit
from storage.queries.decisions import hold
from storage.queries.outbox import enqueue_new_messages
from storage.queries.scheduling import OPEN, advance, cancel_pending_with_prefix, open_meeting
from storage.tables import Availability, Match, MatchStatus, MenteeProfile, Person, ScheduledMeeting, ScheduleStatus
from bot.i18n.choice import speaking_to

logger = logging.getLogger(__name__)

HORIZON = timedelta(days=14)
LEAD = timedelta(hours=24)  # the first slot is at least a day away, so a reminder can come the working day before
FOLLOW_UP_AFTER = timedelta(minutes=30)
LATER_MESSAGES = ("meeting_reminder", "meeting_followup")


class SchedulingError(ValueError):
    """The step cannot be taken; the message says why."""


class TimesAlreadyAnswered(SchedulingError):
    """Someone (or another device) answered these times first."""


@dataclass(frozen=True)
class Outcome:
    meeting_id: int
    status: str
    files: tuple[InvitationFile, ...] = ()


@dataclass(frozen=True)
class _Pair:
    match: Match
    mentee: Person
    mentor: Person

    def other(self, slack_id: str) -> Person:
        return self.mentor if slack_id == self.mentee.slack_user_id else self.mentee

    def person(self, slack_id: str) -> Person:
        return self.mentee if slack_id == self.mentee.slack_user_id else self.mentor

    def both(self) -> tuple[Person, Person]:
        return self.mentee, self.mentor


def _pair(session: Session, match_id: int, actor: str | None) -> _Pair:
    match = session.get(Match, match_id)
    mentee = session.get(Person, match.mentee_id) if match else None
    mentor = session.get(Person, match.mentor_id) if match else None
    if match is None or mentee is None or mentor is None or match.status != MatchStatus.ACTIVE:
        raise SchedulingError(_("That match has ended, so there is nothing to schedule."))
    if actor is not None and actor not in (mentee.slack_user_id, mentor.slack_user_id):
        raise SchedulingError(_("You can only schedule meetings of your own mentoring matches."))
    return _Pair(match, mentee, mentor)


def _mode(session: Session, pair: _Pair) -> str:
    profile = session.get(MenteeProfile, pair.mentee.id)
    return "in_person" if profile is not None and profile.meeting_mode == "in_person" else "virtual"


def _connected_busy(free_busy: FreeBusySource | None, pair: _Pair, start: datetime,
                    end: datetime) -> dict[str, list[Interval]]:
    """Busy times from the calendar connector, if there is one and it answers (never required)."""
    emails = [p.email for p in pair.both() if p.email]
    if free_busy is None or not emails:
        return {}
    try:
        return free_busy.busy(emails, start, end)
    except FreeBusyUnavailable as exc:
        logger.warning("calendar connector unavailable; slots use stored availability only: %s", exc)
        return {}


def _slots(session: Session, pair: _Pair, mode: str, now: datetime, skip: list[str],
           free_busy: FreeBusySource | None) -> list[datetime]:
    """Three times both can make in the next two weeks, none of those offered last time."""
    working = delivery_window(session)
    start, end = now + LEAD, now + LEAD + HORIZON
    connected = _connected_busy(free_busy, pair, start, end)
    calendars = tuple(calendar_of(session, p, working, connected.get(p.email or "", [])) for p in pair.both())
    found = common_slots((calendars[0], calendars[1]), start=start, end=end,
                         shape=IN_PERSON if mode == "in_person" else VIRTUAL, count=3 + len(skip))
    return [s for s in found if s.isoformat() not in skip][:3]


def _where(session: Session, pair: _Pair, mode: str) -> str:
    """The mentor's place or video link, else the mentee's."""
    rows = [session.get(Availability, p.id) for p in (pair.mentor, pair.mentee)]
    values = [(row.place if mode == "in_person" else row.video_link) for row in rows if row is not None]
    return next((v for v in values if v), "")


def _message(key: str, purpose: str, person: Person, payload: Callable[[], dict[str, Any]], at: datetime,
             now: datetime) -> dict[str, Any]:
    """A message for the outbox; one due now answers a click and goes at once (reminders and follow-ups wait).
    The payload is rendered in _queue, in the person's language."""
    return {"key": key, "purpose": purpose, "recipient": person.slack_user_id, "payload": payload, "person": person,
            "not_before": at, "created_at": now, "interactive": at <= now}


def _queue(session: Session, notifier: Notifier, *, messages: list[dict[str, Any]], now: datetime) -> None:
    """Queue with the change; the sender wakes once it commits (binding the notifier to it is what wakes it)."""
    if any(message["interactive"] for message in messages):
        notifier.within(session, now)
    for message in messages:
        with speaking_to(session, message.pop("person")):
            message["payload"] = message["payload"]()
    enqueue_new_messages(session=session, messages=messages)


def _note(kind: NoteKind, row: ScheduledMeeting, pair: _Pair, person: Person, where: str = "",
          reminder_coming: bool = False) -> MeetingNote:
    return MeetingNote(kind, row.id or 0, row.round, row.sequence, ref(person), ref(pair.other(person.slack_user_id)),
                       person.timezone, row.starts_at, row.minutes, row.mode, where, reminder_coming)


def _offer(session: Session, notifier: Notifier, row: ScheduledMeeting, pair: _Pair, now: datetime,
           rescheduling: bool) -> None:
    messages = [_message(f"meeting:{row.id}:r{row.round}:offer:{p.slack_user_id}", "meeting_offer", p,
                         partial(notifier.render_slot_offer, SlotOffer(
                             row.id or 0, row.round, ref(p), ref(pair.other(p.slack_user_id)), p.timezone,
                             tuple(datetime.fromisoformat(s) for s in row.slots), row.minutes, row.mode,
                             rescheduling)), now, now)
                for p in pair.both()]
    _queue(session, notifier, now=now, messages=messages)


def _no_slot(session: Session, notifier: Notifier, row: ScheduledMeeting, pair: _Pair, people: list[Person],
             now: datetime, kind: NoteKind = NoteKind.NO_SLOT) -> None:
    _queue(session, notifier, now=now, messages=[
        _message(f"meeting:{row.id}:r{row.round}:{kind}:{p.slack_user_id}:{now.isoformat()}", "meeting_note", p,
                 partial(notifier.render_meeting_note, _note(kind, row, pair, p)), now, now) for p in people])


def find_time(*, session: Session, notifier: Notifier, match_id: int, actor: str, now: datetime,
              free_busy: FreeBusySource | None = None) -> Outcome:
    """Offer both people three times; an open arrangement gets new times under the same UID (a reschedule)."""
    hold(session=session, model=Match, row_id=match_id)  # two "Find a time" clicks at once make one meeting
    pair = _pair(session, match_id, actor)
    row = open_meeting(session=session, match_id=match_id)
    if row is not None:
        return _propose_again(session, notifier, row, pair, actor, now, statuses=OPEN, free_busy=free_busy)
    mode = _mode(session, pair)
    slots = _slots(session, pair, mode, now, skip=[], free_busy=free_busy)
    row = ScheduledMeeting(match_id=match_id, uid=f"{uuid.uuid4().hex}@mentorbot", requested_by=actor,
                           slots=[s.isoformat() for s in slots], mode=mode,
                           minutes=int((IN_PERSON if mode == "in_person" else VIRTUAL).length.total_seconds() // 60),
                           status=ScheduleStatus.PROPOSED if slots else ScheduleStatus.NO_SLOT,
                           created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    record_audit(session=session, now=now, actor=actor, action="meeting.find_time", target=str(row.id),
                 detail={"slots": len(slots)})
    if slots:
        _offer(session, notifier, row, pair, now, rescheduling=False)
    else:
        _no_slot(session, notifier, row, pair, list(pair.both()), now)
    return Outcome(row.id or 0, row.status)


def _propose_again(session: Session, notifier: Notifier, row: ScheduledMeeting, pair: _Pair, actor: str,
                   now: datetime, *, statuses: tuple[str, ...], round_: int | None = None,
                   free_busy: FreeBusySource | None = None) -> Outcome:
    slots = _slots(session, pair, row.mode, now, skip=list(row.slots), free_busy=free_busy)
    if not slots:
        _no_slot(session, notifier, row, pair, [pair.person(actor)], now, NoteKind.NO_OTHER_SLOT)
        return Outcome(row.id or 0, row.status)
    expected = row.round if round_ is None else round_
    if not advance(session=session, meeting_id=row.id or 0, statuses=statuses, round_=expected, round=expected + 1,
                   status=ScheduleStatus.PROPOSED, slots=[s.isoformat() for s in slots], picked_by=None,
                   updated_at=now):
        raise TimesAlreadyAnswered(_("Those times were already answered; the newest message shows where things stand."))
    session.refresh(row)
    cancel_pending_with_prefix(session=session, prefix=f"meeting:{row.id}:", purposes=LATER_MESSAGES)
    record_audit(session=session, now=now, actor=actor, action="meeting.other_times", target=str(row.id))
    _offer(session, notifier, row, pair, now, rescheduling=row.confirmed_at is not None)
    return Outcome(row.id or 0, row.status)


def _meeting(session: Session, meeting_id: int, actor: str) -> tuple[ScheduledMeeting, _Pair]:
    row = session.get(ScheduledMeeting, meeting_id)
    if row is None:
        raise SchedulingError(_("That meeting no longer exists."))
    return row, _pair(session, row.match_id, actor)


def pick_slot(*, session: Session, notifier: Notifier, meeting_id: int, round_: int, index: int, actor: str,
              now: datetime) -> Outcome:
    """Either person picks one of the offered times; the other is asked to confirm it."""
    row, pair = _meeting(session, meeting_id, actor)
    if not 0 <= index < len(row.slots) or row.round != round_:
        raise TimesAlreadyAnswered(_("Those times were already answered; the newest message shows where things stand."))
    if not advance(session=session, meeting_id=meeting_id, statuses=(ScheduleStatus.PROPOSED,), round_=round_,
                   status=ScheduleStatus.PICKED, picked_by=actor, starts_at=datetime.fromisoformat(row.slots[index]),
                   updated_at=now):
        raise TimesAlreadyAnswered(_("A time was already picked; the newest message shows where things stand."))
    session.refresh(row)
    me, other = (pair.mentee, pair.mentor) if actor == pair.mentee.slack_user_id else (pair.mentor, pair.mentee)
    _queue(session, notifier, now=now, messages=[
        _message(f"meeting:{row.id}:r{row.round}:picked:{p.slack_user_id}", "meeting_note", p,
                 partial(notifier.render_meeting_note, _note(kind, row, pair, p)), now, now)
        for p, kind in ((me, NoteKind.PICKED), (other, NoteKind.TO_CONFIRM))])
    record_audit(session=session, now=now, actor=actor, action="meeting.pick", target=str(row.id))
    return Outcome(row.id or 0, row.status)


def confirm_slot(*, session: Session, notifier: Notifier, meeting_id: int, round_: int, actor: str,
                 now: datetime) -> Outcome:
    """The partner confirms the picked time: both get the invitation file, a reminder and a follow-up."""
    row, pair = _meeting(session, meeting_id, actor)
    if row.picked_by == actor:
        raise SchedulingError(_("{partner} confirms the time you picked.").format(partner=pair.other(actor).display_name)
                              if pair.other(actor).display_name else _("Your partner confirms the time you picked."))
    sequence = row.sequence + 1 if row.confirmed_at is not None else row.sequence
    if not advance(session=session, meeting_id=meeting_id, statuses=(ScheduleStatus.PICKED,), round_=round_,
                   status=ScheduleStatus.CONFIRMED, confirmed_at=now, sequence=sequence, updated_at=now):
        raise TimesAlreadyAnswered(_("That time was already answered; the newest message shows where things stand."))
    session.refresh(row)
    where = _where(session, pair, row.mode)
    working = delivery_window(session)
    messages = []
    for person in pair.both():
        later = _later(notifier, row, pair, person, where, working, now)
        reminded = any(m["purpose"] == "meeting_reminder" for m in later)
        messages.append(_message(f"meeting:{row.id}:s{row.sequence}:confirmed:{person.slack_user_id}", "meeting_note",
                                 person, partial(notifier.render_meeting_note,
                                     _note(NoteKind.CONFIRMED, row, pair, person, where, reminded)), now, now))
        messages += later
    _queue(session, notifier, now=now, messages=messages)
    record_audit(session=session, now=now, actor=actor, action="meeting.confirm", target=str(row.id),
                 detail={"sequence": row.sequence})
    return Outcome(row.id or 0, row.status, invitation_files(row, pair.match, pair.mentee, pair.mentor, where, now,
                                                              cancelled=False))


def reminder_time(starts_at: datetime, timezone: str, working: DeliveryWindow, now: datetime) -> datetime | None:
    """The start of the person's last working day before the meeting (their clock); None when that moment has
    passed (a meeting confirmed for tomorrow: the confirmation itself is the reminder)."""
    tz = zone(timezone)
    day = starts_at.astimezone(tz).date() - timedelta(days=1)
    while day.weekday() not in working.weekdays:
        day -= timedelta(days=1)
    at = datetime.combine(day, working.start, tzinfo=tz).astimezone(UTC)
    return at if at >= now else None


def _later(notifier: Notifier, row: ScheduledMeeting, pair: _Pair, person: Person, where: str,
           working: DeliveryWindow, now: datetime) -> list[dict[str, Any]]:
    assert row.starts_at is not None
    later = []
    remind_at = reminder_time(row.starts_at, person.timezone, working, now)
    if remind_at is not None:
        later.append(_message(f"meeting:{row.id}:s{row.sequence}:reminder:{person.slack_user_id}", "meeting_reminder",
                              person, lambda: notifier.render_meeting_note(_note(NoteKind.REMINDER, row, pair, person, where)),
                              remind_at, now))
    ended = row.starts_at + timedelta(minutes=row.minutes) + FOLLOW_UP_AFTER
    later.append(_message(f"meeting:{row.id}:s{row.sequence}:followup:{person.slack_user_id}", "meeting_followup",
                          person, lambda: notifier.render_meeting_note(_note(NoteKind.FOLLOWUP, row, pair, person)),
                          next_window_start(ended, person.timezone, working), now))
    return later


def other_times(*, session: Session, notifier: Notifier, meeting_id: int, round_: int, actor: str,
                now: datetime, free_busy: FreeBusySource | None = None) -> Outcome:
    """Neither of these times works (or the confirmed one no longer does): three new ones, same calendar entry."""
    row, pair = _meeting(session, meeting_id, actor)
    return _propose_again(session, notifier, row, pair, actor, now, statuses=OPEN, round_=round_, free_busy=free_busy)


def answer_followup(*, session: Session, notifier: Notifier, meeting_id: int, sequence: int, actor: str,
                    happened: bool, now: datetime, free_busy: FreeBusySource | None = None) -> Outcome:
    """"Did it happen?" Yes logs the meeting on its day (merged with `/mentor met` and check-in answers); no
    offers new times for the same calendar entry."""
    row, pair = _meeting(session, meeting_id, actor)
    if row.sequence != sequence or row.status not in (ScheduleStatus.CONFIRMED, ScheduleStatus.HELD) \
            or row.starts_at is None:
        raise TimesAlreadyAnswered(_("That meeting has moved since; the newest message shows where things stand."))
    if not happened:
        if row.status == ScheduleStatus.HELD:
            raise TimesAlreadyAnswered(_("{partner} already logged it as held.").format(
                partner=pair.other(actor).display_name) if pair.other(actor).display_name
                else _("Your partner already logged it as held."))
        return _propose_again(session, notifier, row, pair, actor, now, statuses=(ScheduleStatus.CONFIRMED,),
                              free_busy=free_busy)
    me = pair.person(actor)
    log_meeting(session=session, match_id=row.match_id, actor=actor, now=now, minutes=row.minutes,
                met_on=row.starts_at.astimezone(zone(me.timezone)).date())
    _queue(session, notifier, now=now, messages=[_message(
        f"meeting:{row.id}:s{row.sequence}:logged:{actor}", "meeting_note", me,
        lambda: notifier.render_meeting_note(_note(NoteKind.LOGGED, row, pair, me)), now, now)])
    advance(session=session, meeting_id=meeting_id, statuses=(ScheduleStatus.CONFIRMED,), round_=row.round,
            status=ScheduleStatus.HELD, held_at=now, updated_at=now)
    session.refresh(row)
    return Outcome(row.id or 0, row.status)
