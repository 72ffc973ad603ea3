"""People and roles: who someone is to the program decides what they may do."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from bot.i18n import _
from storage.queries.audit import record_audit
from storage.queries.people import coordinators, get_person, grant_coordinator
from storage.queries.profiles import add_interest_tags

EVERYONE = "everyone"


def roles_of(*, session: Session, slack_user_id: str) -> frozenset[str]:
    """The person's roles, plus 'everyone'; unknown or inactive people hold only 'everyone'."""
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None or not person.active:
        return frozenset({EVERYONE})
    return frozenset({EVERYONE, "enrolled", *person.roles})


def bootstrap_coordinators(*, session: Session, slack_user_ids: Iterable[str], now: datetime) -> list[str]:
    """Grant the coordinators named in settings; returns those newly granted (audited as 'settings')."""
    granted = []
    for slack_user_id in slack_user_ids:
        _person, changed = grant_coordinator(session=session, slack_user_id=slack_user_id, now=now)
        if changed:
            record_audit(session=session, now=now, actor="settings", action="coordinator.grant", target=slack_user_id)
            granted.append(slack_user_id)
    return granted


def add_coordinator(*, session: Session, actor: str, slack_user_id: str, now: datetime) -> bool:
    """A coordinator grants the role to someone else; returns False if they already had it."""
    _person, changed = grant_coordinator(session=session, slack_user_id=slack_user_id, now=now)
    if changed:
        record_audit(session=session, now=now, actor=actor, action="coordinator.grant", target=slack_user_id)
    return changed


def change_coordinator(*, session: Session, actor: str, slack_user_id: str, add: bool, now: datetime,
                       from_settings: Iterable[str]) -> bool:
    """Grant or take away the coordinator role; returns whether anything changed."""
    if add:
        return add_coordinator(session=session, actor=actor, slack_user_id=slack_user_id, now=now)
    return remove_coordinator(session=session, actor=actor, slack_user_id=slack_user_id, now=now,
                              from_settings=from_settings)


def coordinator_change_text(who: str, added: bool, changed: bool) -> str:
    if added:
        text = _("{who} is now a coordinator.") if changed else _("{who} is already a coordinator.")
    else:
        text = _("{who} is no longer a coordinator.") if changed else _("{who} is not a coordinator.")
    return text.format(who=who)


class RoleError(ValueError):
    """The role cannot be changed; the message says why."""


def remove_coordinator(*, session: Session, actor: str, slack_user_id: str, now: datetime,
                       from_settings: Iterable[str]) -> bool:
    """Take the coordinator role away; returns False if they did not have it.

    Coordinators named in MENTORBOT_COORDINATORS get the role back at every start, so they are removed there;
    and the program always keeps one coordinator.
    """
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None or not person.is_coordinator:
        return False
    if slack_user_id in set(from_settings):
        raise RoleError(_("That person is a coordinator through the MENTORBOT_COORDINATORS setting; remove them "
                          "there (the role would come back at the next start)."))
    if len(coordinators(session=session)) <= 1:
        raise RoleError(_("The program needs at least one coordinator; add another before removing this one."))
    person.is_coordinator, person.updated_at = False, now
    session.add(person)
    record_audit(session=session, now=now, actor=actor, action="coordinator.revoke", target=slack_user_id)
    return True


def add_tags(*, session: Session, actor: str, names: list[str], now: datetime) -> list[str]:
    """Add interest tags to the program's vocabulary; returns the new ones (audited)."""
    added = add_interest_tags(session=session, names=names)
    if added:
        record_audit(session=session, now=now, actor=actor, action="tags.add", detail={"added": added})
    return added
