"""Slack tells the app about people and about its own access: `user_change`, `tokens_revoked`, `app_uninstalled`."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext

from bot.deps import Deps
from bot.directory_sync import sync_from_slack
from bot.i18n import later
from bot.mrkdwn import escape_mrkdwn
from bot.slack_access import InstallationKey, access_withdrawn
from bot.slack_api import identity_from_user

logger = logging.getLogger(__name__)


def on_user_change(event: dict[str, Any], deps: Deps) -> None:
    user = event.get("user") or {}
    if not isinstance(user, dict) or not user.get("id"):
        return
    who = identity_from_user(user, deps.settings.timezone)
    update = sync_from_slack(sessions=deps.sessions, who=who, deleted=bool(user.get("deleted")), now=deps.clock.now())
    if update is None or not (update.deactivated or update.reactivated):
        return
    name = escape_mrkdwn(update.name)  # the name as typed in Slack, shown to coordinators in mrkdwn
    text = (later("{name}'s Slack account was deactivated, so mentorbot has paused them: no check-ins, surveys or new "
                  "matches. Their current matches stay as they are; `/mentor end` ends one if needed.", name=name)
            if update.deactivated else
            later("{name}'s Slack account is active again, so their pause is lifted.", name=name))
    for coordinator in update.coordinators:
        deps.notifier.notice(coordinator, text)


def on_access_lost(event: dict[str, Any], context: BoltContext, deps: Deps) -> None:
    reason = str(event.get("type"))
    logger.error("Slack says %s: mentorbot stops sending until Slack accepts its token again", reason)
    access_withdrawn(sessions=deps.sessions, reason=reason, now=deps.clock.now(),
                     installation=_installation(event, context, deps))


def _installation(event: dict[str, Any], context: BoltContext, deps: Deps) -> InstallationKey | None:
    """In OAuth mode, the installation whose bot tokens Slack withdrew (a revoked user token leaves the bot's)."""
    client_id = deps.settings.slack_client_id
    tokens = event.get("tokens") or {}
    if client_id is None or (event.get("type") == "tokens_revoked" and not tokens.get("bot")):
        return None
    team_id = None if context.is_enterprise_install else context.team_id
    return InstallationKey(client_id, context.enterprise_id, team_id)
