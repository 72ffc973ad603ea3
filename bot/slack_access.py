"""Whether Slack still lets mentorbot in. After `tokens_revoked` or `app_uninstalled` nothing is sent (every call
would fail and each failure would be filed against a person) until Slack answers `auth.test` again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from storage.engine import SessionFactory, transaction
from storage.queries.settings import get_setting, set_setting

ACCESS_KEY = "slack_access"  # kept beside the dated program settings, but never one a coordinator can change


@dataclass(frozen=True)
class InstallationKey:
    """Whose installation an event is about (OAuth mode)."""

    client_id: str
    enterprise_id: str | None
    team_id: str | None


def access_withdrawn(*, sessions: SessionFactory, reason: str, now: datetime,
                     installation: InstallationKey | None = None) -> None:
    """Slack said tokens_revoked or app_uninstalled: remember it, dated, so every sender stops; in OAuth mode the
    installation's tokens are deleted in the same transaction (a reinstall stores new ones)."""
    from bot.installations import forget_installation_in

    with transaction(sessions) as session:
        record_access_lost(session=session, reason=reason, now=now)
        if installation is not None:
            forget_installation_in(session=session, client_id=installation.client_id,
                                   enterprise_id=installation.enterprise_id, team_id=installation.team_id)


def record_access_lost(*, session: Session, reason: str, now: datetime) -> None:
    set_setting(session=session, key=ACCESS_KEY, value={"lost": True, "reason": reason, "since": now.isoformat()},
                changed_by="slack", now=now)


def record_access_restored(*, session: Session, now: datetime) -> None:
    set_setting(session=session, key=ACCESS_KEY, value={"lost": False, "since": now.isoformat()},
                changed_by="slack", now=now)


def access_lost(*, session: Session) -> dict[str, Any] | None:
    """{"reason", "since"} while Slack has revoked mentorbot's access, else None."""
    state = get_setting(session=session, key=ACCESS_KEY, default=None)
    return state if isinstance(state, dict) and state.get("lost") else None
