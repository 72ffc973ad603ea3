"""Consent requests nobody answered: count them as declined after the timeout and move on."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.deps import Deps
from bot.matching.config import matching_config
from bot.matching.delivery import deliver_outcome, homes_to_refresh
from bot.matching.service import expire_consents
from bot.program_settings import setting
from storage.engine import transaction


def expire_due_consents(deps: Deps, now: datetime) -> None:
    """The window counts from when the consent request reached Slack (storage/queries/matching expired_consents)."""
    with transaction(deps.sessions) as session:
        timeout = timedelta(hours=setting(session, "consent_timeout_hours"))
        outcomes = expire_consents(session=session, now=now, timeout=timeout, config=matching_config(session=session))
        notifier = deps.notifier.within(session, now)
        for outcome in outcomes:
            deliver_outcome(session, outcome, notifier, lapsed=True)
    for outcome in outcomes:
        for slack_id in homes_to_refresh(outcome):
            deps.notifier.refresh_home(slack_id)
