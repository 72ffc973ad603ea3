"""Scheduling from Slack: availability, "Find a time", picks, confirmations and follow-ups, one unit of work each."""

from __future__ import annotations

from datetime import datetime

from bot.i18n import later
from bot.notify import Notifier
from bot.scheduling.connectors import FreeBusySource
from bot.scheduling.invitations import queue_invitation_files
from bot.scheduling.availability import AvailabilityForm, AvailabilityInput, availability_form, save_availability
from bot.scheduling.service import Outcome, answer_followup, confirm_slot, find_time, other_times, pick_slot
from storage.engine import SessionFactory, transaction


def availability_of(*, sessions: SessionFactory, slack_user_id: str) -> AvailabilityForm:
    with sessions() as session:
        return availability_form(session=session, slack_user_id=slack_user_id)


def save_availability_of(*, sessions: SessionFactory, notifier: Notifier, slack_user_id: str,
                         entered: AvailabilityInput, now: datetime) -> dict[str, str]:
    """{} when saved (and the confirmation queued with it); otherwise a message per field and nothing stored."""
    with transaction(sessions) as session:
        errors = save_availability(session=session, slack_user_id=slack_user_id, entered=entered, now=now)
        if not errors:
            notifier.within(session, now).notice(slack_user_id, later(
                "Saved your availability. Only the meeting times computed from it are ever shown to anyone; use "
                "*Find a time* on an introduction, a check-in or App Home."))
        return errors


def find_time_for(*, sessions: SessionFactory, notifier: Notifier, match_id: int, actor: str, now: datetime,
                  free_busy: FreeBusySource | None = None) -> Outcome:
    with transaction(sessions) as session:
        return find_time(session=session, notifier=notifier, match_id=match_id, actor=actor, now=now,
                         free_busy=free_busy)


def pick_time(*, sessions: SessionFactory, notifier: Notifier, meeting_id: int, round_: int, index: int, actor: str,
              now: datetime) -> Outcome:
    with transaction(sessions) as session:
        return pick_slot(session=session, notifier=notifier, meeting_id=meeting_id, round_=round_, index=index,
                         actor=actor, now=now)


def confirm_time(*, sessions: SessionFactory, notifier: Notifier, meeting_id: int, round_: int, actor: str,
                 now: datetime) -> Outcome:
    """The time is confirmed and both invitation files are queued, together."""
    with transaction(sessions) as session:
        outcome = confirm_slot(session=session, notifier=notifier, meeting_id=meeting_id, round_=round_, actor=actor,
                               now=now)
        queue_invitation_files(notifier.within(session, now), outcome.files)
    return outcome


def ask_other_times(*, sessions: SessionFactory, notifier: Notifier, meeting_id: int, round_: int, actor: str,
                    now: datetime, free_busy: FreeBusySource | None = None) -> Outcome:
    with transaction(sessions) as session:
        return other_times(session=session, notifier=notifier, meeting_id=meeting_id, round_=round_, actor=actor,
                           now=now, free_busy=free_busy)


def meeting_happened(*, sessions: SessionFactory, notifier: Notifier, meeting_id: int, sequence: int, actor: str,
                     happened: bool, now: datetime, free_busy: FreeBusySource | None = None) -> Outcome:
    with transaction(sessions) as session:
        return answer_followup(session=session, notifier=notifier, meeting_id=meeting_id, sequence=sequence,
                               actor=actor, happened=happened, now=now, free_busy=free_busy)
