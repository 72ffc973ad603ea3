"""Consent requests nobody answered: count them as declined after the timeout and move on."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.deps import Deps
from bot.matching.config import matching_config
from bot.matching.delivery import deliver_outcome
from bot.matching.service import expire_consents
from storage.engine import transaction

CONSENT_TIMEOUT = timedelta(hours=72)


def expire_due_consents(deps: Deps, now: datetime) -> None:
    with transaction(deps.sessions) as session:
        outcomes = expire_consents(session=session, now=now, timeout=CONSENT_TIMEOUT,
                                   config=matching_config(session=session))
    for outcome in outcomes:
        deliver_outcome(outcome, deps.notifier, deps.sessions, lapsed=True)
