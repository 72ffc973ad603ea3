"""One gentle reminder for an agreement someone has not acknowledged after a few days, in their working hours."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, select

from bot.agreements.terms import ROLES, acked, pair_of, view_of
from bot.deps import Deps
from bot.pauses import is_paused
from bot.program_settings import delivery_window, setting
from bot.timing import next_window_start
from storage.engine import transaction
from storage.queries.outbox import enqueue_message
from storage.tables import Agreement, AgreementStatus, Match, MatchStatus
from bot.i18n.choice import speaking_to


def remind_unacknowledged(deps: Deps, now: datetime) -> None:
    with transaction(deps.sessions) as session:
        window = delivery_window(session)
        waited = timedelta(days=int(setting(session, "agreement_reminder_days")))
        pending = session.exec(select(Agreement).where(
            Agreement.status == AgreementStatus.PENDING, Agreement.created_at <= now - waited,
            col(Agreement.match_id) == Match.id, col(Match.status) == MatchStatus.ACTIVE).order_by(col(Agreement.id)))
        for agreement in list(pending):
            _, mentee, mentor = pair_of(session, agreement)
            for role, person in zip(ROLES, (mentee, mentor)):
                if acked(agreement, role) or getattr(agreement, f"{role}_reminded_at") is not None:
                    continue
                if not person.active or is_paused(person, now) or next_window_start(now, person.timezone, window) > now:
                    continue
                with speaking_to(session, person):
                    payload = deps.notifier.render_agreement(view_of(session, agreement, role, reminder=True))
                enqueue_message(session=session, key=f"agreement-reminder:{agreement.id}:{role}", purpose="reminder",
                                recipient=person.slack_user_id, payload=payload, not_before=now, now=now)
                setattr(agreement, f"{role}_reminded_at", now)
                session.add(agreement)
