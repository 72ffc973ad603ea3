"""Whom the outbox sends for: every tenant served (bot/tenants.py), each with its own bot token and its own pace.

- Token: deps.slack asks for the current tenant's installation token at each call (bot/startup.py), so everything
  the sender does for a tenant runs inside that tenant's `tenant_scope`: its claims see only its rows
  (storage/tenancy.py) and its calls carry its token.
- Pace: Slack's rate limits are per workspace and method, so each tenant has a pacer of its own, seeded from what that
  tenant's outbox sent in the last window (a restart is not a fresh budget), kept between runs in deps.sender_memory. Tenant 1 keeps deps.pacer: a
  single-workspace program (SLACK_BOT_TOKEN) is tenant 1 alone and sends exactly as before tenancy.
- Held, not retried: a tenant with no installation (OAuth mode: never installed, uninstalled, or its tokens revoked,
  which deletes them: bot/slack_access.py) is not called at all; its waiting messages stay pending, with one log
  line saying how many, and go out if it is installed again. A tenant whose access Slack withdrew is asked auth.test
  each run and resumes when Slack answers."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import DBAPIError

from bot.deps import Deps
from bot.pacing import SlackPacer
from bot.sender_memory import SenderMemory
from bot.slack_access import access_lost, record_access_restored
from bot.tenants import ServedTenant, served_tenants
from storage.engine import SessionFactory, transaction
from storage.queries.outbox import recent_send_times, waiting_count
from storage.tenancy import DEFAULT_TENANT_ID, tenant_scope

logger = logging.getLogger(__name__)


@dataclass
class TenantSender:
    """One tenant's share of a sender's run: its pacer, and when its progress was last reported."""

    tenant: ServedTenant
    pacer: SlackPacer
    reported: float = field(default=-math.inf)


def tenant_senders(deps: Deps, now: datetime) -> list[TenantSender]:
    """The tenants the outbox may send for now, each with its pacer; the others are held."""
    senders = []
    for tenant in served_tenants(sessions=deps.sessions, oauth=deps.settings.oauth_installs,
                                 client_id=deps.settings.slack_client_id):
        with tenant_scope(tenant.id):
            try:
                if _may_send(deps, now, tenant):
                    senders.append(TenantSender(tenant, pacer_of(deps, tenant.id)))
            except DBAPIError:
                raise  # the database, not this tenant: the callers' outage handling
            except Exception:  # e.g. its token cannot be read or refreshed: it waits, the others are served
                logger.exception("outbox: cannot send for %s this run; the other programs' messages go on",
                                 tenant.name)
    return senders


def _may_send(deps: Deps, now: datetime, tenant: ServedTenant) -> bool:
    memory = deps.sender_memory
    if not tenant.installed:
        _hold(deps.sessions, memory, tenant)
        return False
    with memory.lock:
        memory.held_logged.pop(tenant.id, None)
    return slack_lets_us_in(deps, now, tenant)


def pacer_of(deps: Deps, tenant: int) -> SlackPacer:
    """The tenant's own pacer in this process (Slack counts each workspace's calls apart)."""
    if tenant == DEFAULT_TENANT_ID:
        return deps.pacer
    memory = deps.sender_memory
    with memory.lock:
        return memory.pacers.setdefault(tenant, deps.pacer.sibling())


def seed_pacers(sessions: SessionFactory, senders: list[TenantSender], now: datetime) -> None:
    """Each pacer not yet seeded starts from what its tenant's outbox sent in the last window, whoever sent it (once
    the lease is ours: a restart is not a fresh budget)."""
    for sender in senders:
        if not sender.pacer.seeded:
            with tenant_scope(sender.tenant.id):
                seed_pacer(sessions, sender.pacer, now)


def seed_pacer(sessions: SessionFactory, pacer: SlackPacer, now: datetime) -> None:
    """Start pacing from what the current tenant's outbox sent in the last window, whoever sent it."""
    window = pacer.limits.get("chat.postMessage")
    seconds = window.per_seconds if window else 60.0
    with sessions() as session:
        sent = recent_send_times(session=session, since=now - timedelta(seconds=seconds))
    pacer.seed("chat.postMessage", [(now - at).total_seconds() for at in sent])


def slack_lets_us_in(deps: Deps, now: datetime, tenant: ServedTenant | None = None) -> bool:
    """False while Slack has revoked the current tenant's token; once auth.test answers again, sending resumes."""
    with deps.sessions() as session:
        lost = access_lost(session=session)
    if lost is None:
        return True
    whose = f" for {tenant.name}" if tenant is not None and deps.settings.oauth_installs else ""
    try:
        deps.slack.auth_test()
    except (SlackApiError, OSError) as error:
        said = error.response.get("error") if isinstance(error, SlackApiError) else type(error).__name__
        logger.warning("not sending%s: Slack revoked access (%s since %s; auth.test says %s)", whose,
                       lost.get("reason"), lost.get("since"), said)
        return False
    with transaction(deps.sessions) as session:
        record_access_restored(session=session, now=now)
    logger.info("Slack accepts mentorbot's token again%s: sending resumes", whose)
    return True


def _hold(sessions: SessionFactory, memory: SenderMemory, tenant: ServedTenant) -> None:
    with sessions() as session:
        waiting = waiting_count(session=session)
    with memory.lock:
        if waiting == 0 or memory.held_logged.get(tenant.id) == waiting:
            return
        memory.held_logged[tenant.id] = waiting
    logger.warning("holding %d waiting messages of %s: mentorbot is not installed there (uninstalled, or its "
                   "tokens were revoked); nothing is sent or retried until it is installed again", waiting,
                   tenant.name)
