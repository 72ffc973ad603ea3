"""Composing and confirming an announcement.

An announcement is composed as a draft (audience, message, schedule) and previewed with its recipient
count; confirming it writes one outbox message per recipient in one transaction (key
`broadcast:{id}:{slack id}`), each not before its send time: now, an instant in the program's timezone,
or a wall-clock time in each recipient's own timezone ("Tuesday 9:00 their time"). The outbox delivers
them, paced and exactly once. Until its first delivery a scheduled announcement can be edited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.access import FACULTY_WIDE, Scope
from bot.broadcasts.model import (
    Announcement,
    Audience,
    BroadcastError,
    BroadcastInfo,
    BroadcastRefused,
    Recipient,
    Schedule,
    audience_label,
    require_broadcast_scope,
    schedule_of,
)
from bot.broadcasts.draft import AnnouncementDraft
from bot.broadcasts.progress import info_of
from bot.i18n import _, format_moment, format_number, ngettext, speaking
from bot.i18n.choice import person_language, program_language
from bot.pauses import is_paused
from bot.timing import local_datetime
from storage.queries.audit import record_audit
from storage.queries.broadcasts import add_broadcast, audience_people, delete_pending, delivery_counts, get_broadcast
from storage.queries.outbox import enqueue_many
from storage.queries.people import get_people
from storage.tables import Broadcast, BroadcastStatus, OutboxStatus, Person

MAX_AHEAD = timedelta(days=365)


def resolve_audience(*, session: Session, audience: Audience, now: datetime,
                     program_timezone: str) -> tuple[list[Recipient], int, int]:
    """(recipients, left out on a pause, left out having left the program), recipients in a stable order."""
    if audience.kind == "people":
        known = get_people(session=session, slack_user_ids=audience.people)
        picked = list(dict.fromkeys(audience.people))
        departed = sum(1 for slack_id in picked if slack_id in known and not known[slack_id].active)
        recipients = [Recipient(s, known[s].timezone if s in known else program_timezone)
                      for s in picked if (s not in known or known[s].active) and _within(audience, known.get(s))]
        return recipients, 0, departed
    people = [p for p in audience_people(session=session, kind=audience.kind, value=audience.value)
              if audience.within is None or p.program in audience.within]
    present = [p for p in people if not is_paused(p, now)]
    return [Recipient(p.slack_user_id, p.timezone) for p in present], len(people) - len(present), 0


def _within(audience: Audience, person: Person | None) -> bool:
    """Whether a hand-picked person is still in a program coordinator's programs (someone may have moved)."""
    return audience.within is None or (person is not None and person.program in audience.within)


def scoped_audience(*, session: Session, audience: Audience, scope: Scope, actor: str) -> Audience:
    """A program coordinator's audience, cut down to their programs. A program of someone else's, or a picked
    person outside their programs, is refused (BroadcastRefused, audited) rather than silently dropped."""
    if scope.programs is None:
        return audience
    if audience.kind == "program" and not scope.covers(audience.value):
        raise BroadcastRefused(_("{program} is not one of the programs you coordinate ({yours}). Choose one of "
                                 "yours.").format(program=audience.value, yours=scope.label()), actor=actor, action="announce.compose",
                               target=str(audience.value), field="program")
    if audience.kind == "people":
        known = get_people(session=session, slack_user_ids=audience.people)
        outside = [s for s in audience.people if s not in known or not scope.covers(known[s].program)]
        if outside:
            raise BroadcastRefused(ngettext(
                "{n} of the people you picked is not in the programs you coordinate ({yours}). Pick only people "
                "of yours.",
                "{n} of the people you picked are not in the programs you coordinate ({yours}). Pick only people "
                "of yours.", len(outside)).format(n=format_number(len(outside)), yours=scope.label()), actor=actor, action="announce.compose", target=",".join(outside),
                                   field="people")
    return replace(audience, within=tuple(sorted(scope.programs)))


def send_times(recipients: list[Recipient], schedule: Schedule, program_timezone: str,
               now: datetime) -> dict[str, datetime]:
    """Each recipient's send instant; BroadcastError (on the time field) if one is past or too far ahead."""
    if schedule.kind == "now":
        return {r.slack_id: now for r in recipients}
    if schedule.local is None:
        raise BroadcastError(_("Choose the day and the time to send it."), "time")
    if schedule.kind == "at":
        instant = local_datetime(schedule.local, program_timezone)
        times = {r.slack_id: instant for r in recipients}
    else:
        times = {r.slack_id: local_datetime(schedule.local, r.timezone) for r in recipients}
    passed = [r for r in recipients if times[r.slack_id] <= now]
    if passed:
        raise BroadcastError(_passed(schedule, passed), "time")
    if max(times.values(), default=now) > now + MAX_AHEAD:
        raise BroadcastError(_("Announcements can be scheduled up to a year ahead."), "date")
    return times


def _passed(schedule: Schedule, passed: list[Recipient]) -> str:
    assert schedule.local is not None
    when = format_moment(schedule.local)
    if schedule.kind == "at":
        return _("{when} has already passed. Choose a later time.").format(when=when)
    zones = ", ".join(sorted({r.timezone for r in passed}))  # timezone names, not words
    return ngettext("{when} has already passed for {n} of them ({zones}). Choose a later time.",
                    "{when} has already passed for {n} of them ({zones}). Choose a later time.", len(passed)).format(
        when=when, n=format_number(len(passed)), zones=zones)


def compose(*, session: Session, author: str, audience: Audience, announcement: Announcement, schedule: Schedule,
            program_timezone: str, now: datetime, edit_of: int | None = None,
            scope: Scope = FACULTY_WIDE) -> BroadcastInfo:
    """Store a draft after checking it fully; the preview shows its recipients and send times. A program
    coordinator's audience is cut down to their programs, and the preview says so."""
    composer = author
    AnnouncementDraft.of(audience, announcement, schedule)  # BroadcastError on the first problem's field
    audience = scoped_audience(session=session, audience=audience, scope=scope, actor=composer)
    if edit_of is not None:  # the announcement stays its first author's (the status message is in their DM)
        original = _editable(session, edit_of)
        require_broadcast_scope(broadcast=original, scope=scope, actor=composer, action="announce.edit")
        announcement = Announcement(announcement.text, announcement.buttons, original.author)
        author = announcement.author
    recipients, paused, departed = resolve_audience(session=session, audience=audience, now=now,
                                                    program_timezone=program_timezone)
    if not recipients:
        raise BroadcastError(_("No one is in that audience right now ({audience}).").format(
            audience=audience_label(audience).lower()),
                             "people" if audience.kind == "people" else "audience")
    times = send_times(recipients, schedule, program_timezone, now)
    draft = add_broadcast(session=session, broadcast=Broadcast(
        author=author, audience=audience.as_json(), message=announcement.as_json(), schedule=schedule.kind,
        local_time=f"{schedule.local:%Y-%m-%dT%H:%M}" if schedule.local else None, timezone=program_timezone,
        edit_of=edit_of,
        recipient_count=len(recipients), first_send_at=min(times.values()), last_send_at=max(times.values()),
        created_at=now))
    record_audit(session=session, now=now, actor=composer, action="announce.compose", target=str(draft.id),
                 detail={"audience": audience.kind, "recipients": len(recipients), "edit_of": edit_of})
    return info_of(session, draft, left_out=(paused, departed))


def _editable(session: Session, broadcast_id: int) -> Broadcast:
    original = get_broadcast(session=session, broadcast_id=broadcast_id, for_update=True)
    if original is None or original.status == BroadcastStatus.DRAFT:
        raise BroadcastError(_("That announcement does not exist."))
    if original.status == BroadcastStatus.SENDING:
        raise BroadcastError(_("Announcement #{id} is sending: it can no longer be edited. You can still cancel "
                               "the rest.").format(id=broadcast_id))
    if original.status == BroadcastStatus.CANCELLED:
        raise BroadcastError(_("Announcement #{id} is cancelled: it can no longer be edited.").format(id=broadcast_id))
    if original.status != BroadcastStatus.SCHEDULED:
        raise BroadcastError(_("Announcement #{id} is done: it can no longer be edited.").format(id=broadcast_id))
    return original


def confirm(*, session: Session, broadcast_id: int, render: Callable[[Announcement], dict[str, Any]],
            now: datetime, actor: str = "", scope: Scope = FACULTY_WIDE) -> BroadcastInfo:
    """Turn a draft into a scheduled or sending announcement: one outbox message per recipient, in this transaction.

    `render` turns the announcement into the recipients' message, the same function the preview used. A program
    coordinator (`scope`) confirms only a draft kept within their programs (a forged confirmation is refused).
    """
    draft = get_broadcast(session=session, broadcast_id=broadcast_id, for_update=True)
    if draft is None or draft.status != BroadcastStatus.DRAFT:
        raise BroadcastError(_("This announcement was already confirmed."))
    require_broadcast_scope(broadcast=draft, scope=scope, actor=actor or draft.author, action="announce.confirm")
    target = draft if draft.edit_of is None else _apply_edit(session, draft)
    assert target.id is not None
    audience, schedule, program_timezone = Audience.from_json(target.audience), schedule_of(target), target.timezone
    recipients, _paused, _departed = resolve_audience(session=session, audience=audience, now=now,
                                                      program_timezone=program_timezone)
    if not recipients:
        raise BroadcastError(_("No one is in that audience any more; nothing was sent."))
    times = _send_times_from(recipients, schedule, program_timezone, now)
    payloads = _rendered_per_language(session, recipients, lambda: render(Announcement.from_json(target.message,
                                                                                                   target.author)))
    enqueue_many(session=session, rows=[
        {"key": f"broadcast:{target.id}:{r.slack_id}", "purpose": "broadcast", "recipient": r.slack_id,
         "payload": payloads[r.slack_id], "status": OutboxStatus.PENDING, "not_before": times[r.slack_id], "attempts": 0,
         "created_at": now, "broadcast_id": target.id} for r in recipients])
    first = min(times.values())
    target.status = BroadcastStatus.SENDING if first <= now else BroadcastStatus.SCHEDULED
    target.recipient_count, target.first_send_at, target.last_send_at = len(recipients), first, max(times.values())
    target.confirmed_at, target.started_at = now, now if target.status == BroadcastStatus.SENDING else None
    target.shown, target.sent_count, target.failed_count, target.cancelled_count = "", 0, 0, 0
    session.add(target)
    record_audit(session=session, now=now, actor=actor or draft.author, action="announce.confirm", target=str(target.id),
                 detail={"recipients": len(recipients)})
    return info_of(session, target)


def _rendered_per_language(session: Session, recipients: list[Recipient],
                           render: Callable[[], dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each recipient's payload: the announcement's words are the author's, its frame in the reader's language
    (rendered once per language, not once per person)."""
    program = program_language(session)
    people = get_people(session=session, slack_user_ids=[r.slack_id for r in recipients])
    language = {r.slack_id: person_language(people.get(r.slack_id), program) for r in recipients}
    rendered: dict[str, dict[str, Any]] = {}
    for each in set(language.values()):
        with speaking(each):
            rendered[each] = render()
    return {slack_id: rendered[spoken] for slack_id, spoken in language.items()}


def _send_times_from(recipients: list[Recipient], schedule: Schedule, program_timezone: str,
                     now: datetime) -> dict[str, datetime]:
    """Send times at confirmation: a time that passed while the coordinator read the preview means "now"."""
    if schedule.kind == "now" or schedule.local is None:
        return {r.slack_id: now for r in recipients}
    timezone = {r.slack_id: program_timezone if schedule.kind == "at" else r.timezone for r in recipients}
    return {s: max(now, local_datetime(schedule.local, tz)) for s, tz in timezone.items()}


def _apply_edit(session: Session, draft: Broadcast) -> Broadcast:
    """Replace a scheduled announcement's content and deliveries with the draft's; the draft is removed."""
    assert draft.edit_of is not None
    original = _editable(session, draft.edit_of)
    assert original.id is not None
    delete_pending(session=session, broadcast_id=original.id)
    if sum(delivery_counts(session=session, broadcast_id=original.id).values()):
        raise BroadcastError(_("Announcement #{id} has just started sending; it can no longer be edited.").format(
            id=original.id))
    original.audience, original.message = draft.audience, draft.message
    original.schedule, original.local_time, original.timezone = draft.schedule, draft.local_time, draft.timezone
    session.delete(draft)
    session.flush()
    return original


def editable_broadcast(*, session: Session, broadcast_id: int, actor: str = "",
                       scope: Scope = FACULTY_WIDE) -> BroadcastInfo:
    """A scheduled announcement that has not started yet, to pre-fill the edit form; else BroadcastError (or
    BroadcastRefused, audited, for one beyond a program coordinator's programs)."""
    original = _editable(session, broadcast_id)
    require_broadcast_scope(broadcast=original, scope=scope, actor=actor, action="announce.edit")
    return info_of(session, original)
