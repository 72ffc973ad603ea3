"""People stay current from Slack: a `user_change` updates name and timezone; a deactivated account is paused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from bot.profiles import SlackIdentity
from storage.engine import SessionFactory, transaction
from storage.queries.coordinators import coordinators_covering
from storage.queries.audit import record_audit
from storage.queries.people import get_person

# A deactivated account is paused "until further notice": reactivating it in Slack lifts this pause only.
DEACTIVATED_UNTIL = date(9999, 12, 31)


@dataclass(frozen=True)
class DirectoryUpdate:
    name: str
    deactivated: bool = False  # newly deactivated in Slack: coordinators should know
    reactivated: bool = False
    coordinators: tuple[str, ...] = ()


def sync_from_slack(*, sessions: SessionFactory, who: SlackIdentity, deleted: bool,
                    now: datetime) -> DirectoryUpdate | None:
    """One `user_change`, in its own transaction (see apply_slack_profile)."""
    with transaction(sessions) as session:
        return apply_slack_profile(session=session, who=who, deleted=deleted, now=now)


def apply_slack_profile(*, session: Session, who: SlackIdentity, deleted: bool, now: datetime) -> DirectoryUpdate | None:
    """Take Slack's name and timezone; pause someone whose account was deactivated. None: not in the program."""
    person = get_person(session=session, slack_user_id=who.slack_user_id)
    if person is None or not person.active:
        return None
    person.display_name = who.display_name[:200] or person.display_name
    if _is_timezone(who.timezone):
        person.timezone = who.timezone
    deactivated = deleted and person.paused_until != DEACTIVATED_UNTIL
    reactivated = not deleted and person.paused_until == DEACTIVATED_UNTIL
    if deactivated or reactivated:
        person.paused_until = DEACTIVATED_UNTIL if deactivated else None
        record_audit(session=session, now=now, actor="slack", target=who.slack_user_id,
                     action="person.deactivated_in_slack" if deactivated else "person.reactivated_in_slack")
    person.updated_at = now
    session.add(person)
    told = tuple(c.slack_user_id for c in coordinators_covering(session=session, programs=[person.program])
                 if c.slack_user_id != who.slack_user_id)
    return DirectoryUpdate(person.display_name, deactivated, reactivated, told if deactivated or reactivated else ())


def _is_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
