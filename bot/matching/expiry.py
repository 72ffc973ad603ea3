"""Consent requests nobody answered: count them as declined after the timeout and move on."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.deps import Deps
from bot.matching.config import matching_config
from bot.matching.delivery import deliver_outcome
from bot.matching.service import expire_consents
from bot.program_settings import setting
from storage.engine import transaction

def expire_due_consents(deps: Deps, now: datetime) -> None:
    with transaction(deps.sessions) as session:
        timeout = timedelta(hours=setting(session, "consent_timeout_hours"))
        outcomes = expire_consents(session=session, now=now, timeout=timeout, config=matching_config(session=session))
    for outcome in outcomes:
        deliver_outcome(outcome, deps.notifier, deps.sessions, lapsed=True)
