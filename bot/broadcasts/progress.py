"""How an announcement's delivery goes: counts, status, the coordinator's status message, cancelling.

The `advance_broadcasts` tick step moves announcements along (scheduled -> sending -> done), keeps the
coordinator's confirmation message current and sends the final summary. A scheduled or running
announcement can be cancelled, which stops its pending deliveries.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.access import FACULTY_WIDE, Scope
from bot.broadcasts.model import (
    Announcement,
    Audience,
    BroadcastError,
    BroadcastInfo,
    require_broadcast_scope,
    schedule_of,
)
from bot.deps import Deps
from bot.i18n import N_, Deferred, _
from bot.notify import MessageRef
from storage.engine import transaction
from storage.queries.broadcasts import (
    cancel_pending,
    delivery_counts,
    failed_deliveries,
    get_broadcast,
    mark_shown,
    recent_broadcasts,
    unsettled_broadcasts,
)
from storage.queries.outbox import enqueue_message
from storage.tables import Broadcast, BroadcastStatus, OutboxStatus
from bot.i18n.choice import speaking_to

logger = logging.getLogger(__name__)

FAILURES_SHOWN = 20
CONFIRMATION_GRACE = timedelta(minutes=1)  # the confirming handler posts the status message itself; after
# this long without one (it failed, or a script confirmed), the tick step posts it
REASONS: dict[str, str] = {
    "user_disabled": N_("account deactivated"),
    "account_inactive": N_("account deactivated"),
    "user_not_found": N_("not in this workspace"),
    "users_not_found": N_("not in this workspace"),
    "channel_not_found": N_("no direct-message channel with them"),
    "cannot_dm_bot": N_("a bot, not a person"),
    "not_allowed_token_type": N_("Slack refused the app's token"),
}


def failure_reason(code: str) -> str | Deferred:
    """Why a copy was not delivered, translated when it is shown (in the coordinator's language, not the tick's);
    a Slack error mentorbot has no words for is shown as Slack's code."""
    return Deferred(REASONS[code]) if code in REASONS else code


def cancel(*, session: Session, broadcast_id: int, actor: str, now: datetime,
           scope: Scope = FACULTY_WIDE) -> BroadcastInfo:
    """Stop an announcement: pending deliveries are cancelled; one being posted this instant still arrives.
    A program coordinator cancels only announcements kept within their programs (BroadcastRefused, audited)."""
    broadcast = get_broadcast(session=session, broadcast_id=broadcast_id, for_update=True)
    if broadcast is None or broadcast.status == BroadcastStatus.DRAFT:
        raise BroadcastError(_("That announcement does not exist."))
    require_broadcast_scope(broadcast=broadcast, scope=scope, actor=actor, action="announce.cancel")
    if broadcast.status in (BroadcastStatus.DONE, BroadcastStatus.CANCELLED):
        message = _("Announcement #{id} is already done.") if broadcast.status == BroadcastStatus.DONE \
            else _("Announcement #{id} is already cancelled.")
        raise BroadcastError(message.format(id=broadcast_id))
    cancel_pending(session=session, broadcast_id=broadcast_id)
    broadcast.status, broadcast.cancelled_by = BroadcastStatus.CANCELLED, actor
    session.add(broadcast)
    _count(session, broadcast, now)
    return info_of(session, broadcast)


def broadcast_info(*, session: Session, broadcast_id: int) -> BroadcastInfo:
    broadcast = get_broadcast(session=session, broadcast_id=broadcast_id)
    if broadcast is None or broadcast.status == BroadcastStatus.DRAFT:
        raise BroadcastError(_("That announcement does not exist."))
    return info_of(session, broadcast)


def history(*, session: Session, limit: int = 8, scope: Scope = FACULTY_WIDE) -> list[BroadcastInfo]:
    """The latest confirmed announcements, newest first (a coordinator's App Home); a program coordinator's,
    those kept within their programs (the ones they may edit or cancel)."""
    recent = recent_broadcasts(session=session, limit=limit if scope.programs is None else limit * 10)
    kept = [b for b in recent if scope.programs is None or set(Audience.from_json(b.audience).within or {""})
            <= scope.programs]
    return [info_of(session, b, with_failures=False) for b in kept[:limit]]


def info_of(session: Session, broadcast: Broadcast, *, with_failures: bool = True,
          left_out: tuple[int, int] = (0, 0)) -> BroadcastInfo:
    assert broadcast.id is not None
    failures = failed_deliveries(session=session, broadcast_id=broadcast.id, limit=FAILURES_SHOWN) \
        if with_failures and broadcast.failed_count else []
    confirmation = MessageRef(outbox_id=broadcast.confirmation_message_id) if broadcast.confirmation_message_id \
        else MessageRef(broadcast.confirmation_channel, broadcast.confirmation_ts) \
        if broadcast.confirmation_channel and broadcast.confirmation_ts else None
    return BroadcastInfo(
        broadcast.id, broadcast.author, Audience.from_json(broadcast.audience),
        Announcement.from_json(broadcast.message, broadcast.author), schedule_of(broadcast), broadcast.timezone,
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
            info = info_of(session, broadcast)
            if just_done and _is_user(info.author):
                with speaking_to(session, info.author):
                    payload = deps.notifier.render_broadcast_summary(info)
                enqueue_message(session=session, key=f"broadcast:{info.broadcast_id}:summary",
                                purpose="broadcast_summary", recipient=info.author, not_before=now, now=now,
                                payload=payload)
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
