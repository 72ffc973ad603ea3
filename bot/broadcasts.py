"""Coordinator announcements: who they reach, when, and how their delivery goes.

An announcement is composed as a draft (audience, message, schedule) and previewed with its recipient
count; confirming it writes one outbox message per recipient in one transaction (key
`broadcast:{id}:{slack id}`), each not before its send time: now, an instant in the program's timezone,
or a wall-clock time in each recipient's own timezone ("Tuesday 9:00 their time"). The outbox delivers
them, paced and exactly once. The `advance_broadcasts` tick step moves announcements along (scheduled ->
sending -> done), keeps the coordinator's confirmation message current and sends the final summary.
Until its first delivery a scheduled announcement can be edited or cancelled; a running one can be
cancelled, which stops its pending deliveries.

Who is reached: active people only; group audiences leave out people on a pause (they asked for quiet);
hand-picked people are reached as picked, except those who have left the program.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.deps import Deps
from bot.notify import MessageRef
from bot.pauses import is_paused
from bot.timing import local_datetime
from bot.vocabulary import STAGES
from storage.engine import transaction
from storage.queries.broadcasts import (
    add_broadcast,
    audience_people,
    cancel_pending,
    delete_pending,
    delivery_counts,
    failed_deliveries,
    get_broadcast,
    mark_shown,
    recent_broadcasts,
    unsettled_broadcasts,
)
from storage.queries.audit import record_audit
from storage.queries.outbox import enqueue_many, enqueue_message
from storage.queries.people import get_people
from storage.tables import Broadcast, BroadcastStatus, OutboxStatus

logger = logging.getLogger(__name__)

AUDIENCES: dict[str, str] = {
    "everyone": "Everyone in the program",
    "mentees": "All mentees",
    "mentors": "All mentors",
    "program": "Everyone in one program",
    "stage": "Everyone at one career stage",
    "unmatched": "Mentees without a match",
    "people": "Hand-picked people",
}
SCHEDULES: dict[str, str] = {
    "now": "Send now",
    "at": "At a set time (program time)",
    "local": "At a set time in each person's own timezone",
}
MAX_BUTTONS = 5
MAX_MESSAGE_CHARS = 3000  # one section of Slack text
MAX_AHEAD = timedelta(days=365)
FAILURES_SHOWN = 20
CONFIRMATION_GRACE = timedelta(minutes=1)  # the confirming handler posts the status message itself; after
# this long without one (it failed, or a script confirmed), the tick step posts it
REASONS: dict[str, str] = {
    "user_disabled": "account deactivated",
    "account_inactive": "account deactivated",
    "user_not_found": "not in this workspace",
    "users_not_found": "not in this workspace",
    "channel_not_found": "no direct-message channel with them",
    "cannot_dm_bot": "a bot, not a person",
    "not_allowed_token_type": "Slack refused the app's token",
}


class BroadcastError(ValueError):
    """The announcement cannot be made as asked; `field` names the form field to show it on."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Audience:
    kind: str
    value: str | None = None  # the program name or stage code
    people: tuple[str, ...] = ()  # hand-picked Slack ids

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "people": list(self.people)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        return cls(data["kind"], data.get("value"), tuple(data.get("people") or ()))


@dataclass(frozen=True)
class LinkButton:
    label: str
    url: str


@dataclass(frozen=True)
class Announcement:
    text: str  # Slack mrkdwn
    buttons: tuple[LinkButton, ...] = ()
    author: str = ""  # the coordinator it comes from (a Slack id), named in the footer

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "buttons": [[b.label, b.url] for b in self.buttons]}

    @classmethod
    def from_json(cls, data: dict[str, Any], author: str) -> Announcement:
        return cls(data["text"], tuple(LinkButton(label, url) for label, url in data.get("buttons") or ()), author)


@dataclass(frozen=True)
class Schedule:
    kind: str = "now"
    local: datetime | None = None  # naive wall-clock time, for "at" (program time) and "local" (theirs)


@dataclass(frozen=True)
class Recipient:
    slack_id: str
    timezone: str


@dataclass(frozen=True)
class BroadcastInfo:
    """An announcement as its coordinator sees it: what, to whom, when, and how delivery is going."""

    broadcast_id: int
    author: str
    audience: Audience
    announcement: Announcement
    schedule: Schedule
    program_timezone: str
    status: str
    recipient_count: int
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    first_send_at: datetime | None = None
    last_send_at: datetime | None = None
    left_out_paused: int = 0
    left_out_departed: int = 0
    failures: tuple[tuple[str, str], ...] = ()  # (slack id, reason), the first FAILURES_SHOWN
    confirmation: MessageRef | None = None
    created_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def pending(self) -> int:
        return max(0, self.recipient_count - self.sent - self.failed - self.cancelled)

    @property
    def state(self) -> str:
        """What the confirmation message shows; "final" once nothing about it can change any more."""
        if self.finished_at is not None:
            return "final"
        return f"{self.status}:{self.sent}:{self.failed}:{self.cancelled}:{self.pending}"


def parse_buttons(text: str) -> tuple[LinkButton, ...]:
    """Buttons from lines "Label | https://link"; BroadcastError on the "links" field if one is malformed."""
    buttons = []
    for number, line in enumerate((line.strip() for line in text.splitlines() if line.strip()), start=1):
        label, bar, url = (part.strip() for part in line.rpartition("|"))
        if not bar or not label or not url.startswith(("https://", "http://")) or " " in url:
            raise BroadcastError(f"Line {number} should look like `Register | https://example.org/register`.", "links")
        if len(label) > 75 or len(url) > 3000:
            raise BroadcastError(f"Line {number}: labels are at most 75 characters.", "links")
        buttons.append(LinkButton(label, url))
    if len(buttons) > MAX_BUTTONS:
        raise BroadcastError(f"At most {MAX_BUTTONS} buttons, one per line.", "links")
    return tuple(buttons)


def audience_label(audience: Audience) -> str:
    if audience.kind == "program":
        return f"Everyone in {audience.value}"
    if audience.kind == "stage":
        stage = STAGES.get(audience.value or "")
        return f"Everyone at {stage.label if stage else audience.value}"
    if audience.kind == "people":
        count = len(audience.people)
        return f"{count} hand-picked {'person' if count == 1 else 'people'}"
    return AUDIENCES.get(audience.kind, audience.kind)


def schedule_label(schedule: Schedule, program_timezone: str) -> str:
    if schedule.kind == "now" or schedule.local is None:
        return "Now"
    when = f"{schedule.local:%a %-d %b %Y, %H:%M}"
    return f"{when} ({program_timezone})" if schedule.kind == "at" else f"{when} in each person's own timezone"


def failure_reason(code: str) -> str:
    return REASONS.get(code, code)


def _audience_error(audience: Audience) -> BroadcastError | None:
    if audience.kind not in AUDIENCES:
        return BroadcastError("Choose who the announcement is for.", "audience")
    if audience.kind == "program" and not audience.value:
        return BroadcastError("Choose the program (or another audience).", "program")
    if audience.kind == "stage" and audience.value not in STAGES:
        return BroadcastError("Choose the career stage (or another audience).", "stage")
    if audience.kind == "people" and not audience.people:
        return BroadcastError("Pick at least one person (or another audience).", "people")
    return None


def resolve_audience(*, session: Session, audience: Audience, now: datetime,
                     program_timezone: str) -> tuple[list[Recipient], int, int]:
    """(recipients, left out on a pause, left out having left the program), recipients in a stable order."""
    if audience.kind == "people":
        known = get_people(session=session, slack_user_ids=audience.people)
        picked = list(dict.fromkeys(audience.people))
        departed = sum(1 for slack_id in picked if slack_id in known and not known[slack_id].active)
        recipients = [Recipient(s, known[s].timezone if s in known else program_timezone)
                      for s in picked if s not in known or known[s].active]
        return recipients, 0, departed
    people = audience_people(session=session, kind=audience.kind, value=audience.value)
    present = [p for p in people if not is_paused(p, now)]
    return [Recipient(p.slack_user_id, p.timezone) for p in present], len(people) - len(present), 0


def send_times(recipients: list[Recipient], schedule: Schedule, program_timezone: str,
               now: datetime) -> dict[str, datetime]:
    """Each recipient's send instant; BroadcastError (on the time field) if one is past or too far ahead."""
    if schedule.kind == "now":
        return {r.slack_id: now for r in recipients}
    if schedule.local is None:
        raise BroadcastError("Choose the day and the time to send it.", "time")
    if schedule.kind == "at":
        instant = local_datetime(schedule.local, program_timezone)
        times = {r.slack_id: instant for r in recipients}
    else:
        times = {r.slack_id: local_datetime(schedule.local, r.timezone) for r in recipients}
    passed = [r for r in recipients if times[r.slack_id] <= now]
    if passed:
        zones = ", ".join(sorted({r.timezone for r in passed}))
        whom = "" if schedule.kind == "at" else f" for {len(passed)} of them ({zones})"
        raise BroadcastError(f"{schedule.local:%a %-d %b, %H:%M} has already passed{whom}. Choose a later time.",
                             "time")
    if max(times.values(), default=now) > now + MAX_AHEAD:
        raise BroadcastError("Announcements can be scheduled up to a year ahead.", "date")
    return times


def compose(*, session: Session, author: str, audience: Audience, announcement: Announcement, schedule: Schedule,
            program_timezone: str, now: datetime, edit_of: int | None = None) -> BroadcastInfo:
    """Store a draft after checking it fully; the preview shows its recipients and send times."""
    composer = author
    if not announcement.text.strip():
        raise BroadcastError("Write the message.", "message")
    if len(announcement.text) > MAX_MESSAGE_CHARS:
        raise BroadcastError(f"Keep the message under {MAX_MESSAGE_CHARS} characters.", "message")
    problem = _audience_error(audience)
    if problem is not None:
        raise problem
    if schedule.kind not in SCHEDULES:
        raise BroadcastError("Choose when to send it.", "when")
    if edit_of is not None:  # the announcement stays its first author's (the status message is in their DM)
        announcement = Announcement(announcement.text, announcement.buttons, _editable(session, edit_of).author)
        author = announcement.author
    recipients, paused, departed = resolve_audience(session=session, audience=audience, now=now,
                                                    program_timezone=program_timezone)
    if not recipients:
        raise BroadcastError(f"No one is in that audience right now ({audience_label(audience).lower()}).",
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
    return _info(session, draft, left_out=(paused, departed))


def _editable(session: Session, broadcast_id: int) -> Broadcast:
    original = get_broadcast(session=session, broadcast_id=broadcast_id, for_update=True)
    if original is None or original.status == BroadcastStatus.DRAFT:
        raise BroadcastError("That announcement does not exist.")
    if original.status != BroadcastStatus.SCHEDULED:
        raise BroadcastError(f"Announcement #{broadcast_id} is {original.status}: it can no longer be edited."
                             + (" You can still cancel the rest." if original.status == BroadcastStatus.SENDING else ""))
    return original


def confirm(*, session: Session, broadcast_id: int, render: Callable[[Announcement], dict[str, Any]],
            now: datetime) -> BroadcastInfo:
    """Turn a draft into a scheduled or sending announcement: one outbox message per recipient, in this transaction.

    `render` turns the announcement into the recipients' message, the same function the preview used.
    """
    draft = get_broadcast(session=session, broadcast_id=broadcast_id, for_update=True)
    if draft is None or draft.status != BroadcastStatus.DRAFT:
        raise BroadcastError("This announcement was already confirmed.")
    target = draft if draft.edit_of is None else _apply_edit(session, draft)
    assert target.id is not None
    audience, schedule, program_timezone = Audience.from_json(target.audience), _schedule_of(target), target.timezone
    recipients, _, _ = resolve_audience(session=session, audience=audience, now=now,
                                        program_timezone=program_timezone)
    if not recipients:
        raise BroadcastError("No one is in that audience any more; nothing was sent.")
    times = _send_times_from(recipients, schedule, program_timezone, now)
    payload = render(Announcement.from_json(target.message, target.author))
    enqueue_many(session=session, rows=[
        {"key": f"broadcast:{target.id}:{r.slack_id}", "purpose": "broadcast", "recipient": r.slack_id,
         "payload": payload, "status": OutboxStatus.PENDING, "not_before": times[r.slack_id], "attempts": 0,
         "created_at": now, "broadcast_id": target.id} for r in recipients])
    first = min(times.values())
    target.status = BroadcastStatus.SENDING if first <= now else BroadcastStatus.SCHEDULED
    target.recipient_count, target.first_send_at, target.last_send_at = len(recipients), first, max(times.values())
    target.confirmed_at, target.started_at = now, now if target.status == BroadcastStatus.SENDING else None
    target.shown, target.sent_count, target.failed_count, target.cancelled_count = "", 0, 0, 0
    session.add(target)
    record_audit(session=session, now=now, actor=draft.author, action="announce.confirm", target=str(target.id),
                 detail={"recipients": len(recipients)})
    return _info(session, target)


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
        raise BroadcastError(f"Announcement #{original.id} has just started sending; it can no longer be edited.")
    original.audience, original.message = draft.audience, draft.message
    original.schedule, original.local_time, original.timezone = draft.schedule, draft.local_time, draft.timezone
    session.delete(draft)
    session.flush()
    return original


def _schedule_of(broadcast: Broadcast) -> Schedule:
    local = datetime.fromisoformat(broadcast.local_time) if broadcast.local_time else None
    return Schedule(broadcast.schedule, local)


def cancel(*, session: Session, broadcast_id: int, actor: str, now: datetime) -> BroadcastInfo:
    """Stop an announcement: pending deliveries are cancelled; one being posted this instant still arrives."""
    broadcast = get_broadcast(session=session, broadcast_id=broadcast_id, for_update=True)
    if broadcast is None or broadcast.status == BroadcastStatus.DRAFT:
        raise BroadcastError("That announcement does not exist.")
    if broadcast.status in (BroadcastStatus.DONE, BroadcastStatus.CANCELLED):
        raise BroadcastError(f"Announcement #{broadcast_id} is already {broadcast.status}.")
    cancel_pending(session=session, broadcast_id=broadcast_id)
    broadcast.status, broadcast.cancelled_by = BroadcastStatus.CANCELLED, actor
    session.add(broadcast)
    _count(session, broadcast, now)
    return _info(session, broadcast)


def editable_broadcast(*, session: Session, broadcast_id: int) -> BroadcastInfo:
    """A scheduled announcement that has not started yet, to pre-fill the edit form; else BroadcastError."""
    return _info(session, _editable(session, broadcast_id))


def broadcast_info(*, session: Session, broadcast_id: int) -> BroadcastInfo:
    broadcast = get_broadcast(session=session, broadcast_id=broadcast_id)
    if broadcast is None or broadcast.status == BroadcastStatus.DRAFT:
        raise BroadcastError("That announcement does not exist.")
    return _info(session, broadcast)


def history(*, session: Session, limit: int = 8) -> list[BroadcastInfo]:
    """The latest confirmed announcements, newest first (a coordinator's App Home)."""
    return [_info(session, b, with_failures=False) for b in recent_broadcasts(session=session, limit=limit)]


def _info(session: Session, broadcast: Broadcast, *, with_failures: bool = True,
          left_out: tuple[int, int] = (0, 0)) -> BroadcastInfo:
    assert broadcast.id is not None
    failures = failed_deliveries(session=session, broadcast_id=broadcast.id, limit=FAILURES_SHOWN) \
        if with_failures and broadcast.failed_count else []
    confirmation = MessageRef(outbox_id=broadcast.confirmation_message_id) if broadcast.confirmation_message_id \
        else MessageRef(broadcast.confirmation_channel, broadcast.confirmation_ts) \
        if broadcast.confirmation_channel and broadcast.confirmation_ts else None
    return BroadcastInfo(
        broadcast.id, broadcast.author, Audience.from_json(broadcast.audience),
        Announcement.from_json(broadcast.message, broadcast.author), _schedule_of(broadcast), broadcast.timezone,
        broadcast.status, broadcast.recipient_count, broadcast.sent_count, broadcast.failed_count,
        broadcast.cancelled_count, broadcast.first_send_at, broadcast.last_send_at, left_out[0], left_out[1],
        tuple((who, failure_reason(reason)) for who, reason in failures), confirmation, broadcast.created_at,
        broadcast.finished_at)


def _count(session: Session, broadcast: Broadcast, now: datetime) -> bool:
    """Refresh the counts and the status from the deliveries; True if the announcement just finished sending."""
    assert broadcast.id is not None
    counts = delivery_counts(session=session, broadcast_id=broadcast.id)
    # an in-doubt copy came back after the cancel
    if broadcast.status == BroadcastStatus.CANCELLED and counts.get(OutboxStatus.PENDING):
        counts[OutboxStatus.CANCELLED] = (counts.get(OutboxStatus.CANCELLED, 0)
                                          + cancel_pending(session=session, broadcast_id=broadcast.id))
        counts[OutboxStatus.PENDING] = 0
    broadcast.sent_count, broadcast.failed_count = counts.get(OutboxStatus.SENT, 0), counts.get(OutboxStatus.FAILED, 0)
    broadcast.cancelled_count = counts.get(OutboxStatus.CANCELLED, 0)
    unfinished = counts.get(OutboxStatus.PENDING, 0) + counts.get(OutboxStatus.SENDING, 0)
    if broadcast.status == BroadcastStatus.SCHEDULED and broadcast.first_send_at and broadcast.first_send_at <= now:
        broadcast.status, broadcast.started_at = BroadcastStatus.SENDING, now
    finished = (broadcast.status in (BroadcastStatus.SENDING, BroadcastStatus.CANCELLED) and not unfinished
                and broadcast.finished_at is None)
    if finished:
        broadcast.finished_at = now
        broadcast.status = (BroadcastStatus.DONE if broadcast.status == BroadcastStatus.SENDING
                            else BroadcastStatus.CANCELLED)
    session.add(broadcast)
    return finished and broadcast.status == BroadcastStatus.DONE


def advance_broadcasts(deps: Deps, now: datetime) -> None:
    """Tick step: update each announcement from its deliveries, show it to its coordinator, summarise the finished."""
    with transaction(deps.sessions) as session:
        changed = []
        for broadcast in unsettled_broadcasts(session=session):
            just_done = _count(session, broadcast, now)
            info = _info(session, broadcast)
            if just_done and _is_user(info.author):
                enqueue_message(session=session, key=f"broadcast:{info.broadcast_id}:summary",
                                purpose="broadcast_summary", recipient=info.author, not_before=now, now=now,
                                payload=deps.notifier.render_broadcast_summary(info))
            handler_may_still_post = info.confirmation is None and broadcast.confirmed_at is not None \
                and now - broadcast.confirmed_at < CONFIRMATION_GRACE
            if info.state != broadcast.shown and not handler_may_still_post:
                changed.append(info)
    for info in changed:
        try:
            show_status(deps, info)
        except Exception:  # one coordinator's message failing must not hold up the others
            logger.exception("could not show the status of announcement #%s; will retry", info.broadcast_id)


def show_status(deps: Deps, info: BroadcastInfo) -> None:
    """Queue the coordinator's confirmation message (or its edit) with the note of what it shows: both or neither."""
    now = deps.clock.now()
    with transaction(deps.sessions) as session:
        where = info.confirmation
        if _is_user(info.author):
            where = deps.notifier.within(session, now).show_broadcast_status(info, where)
        mark_shown(session=session, broadcast_id=info.broadcast_id, shown=info.state,
                   message_id=where.outbox_id if where else None)


def _is_user(slack_id: str) -> bool:
    return slack_id[:1] in ("U", "W")
