"""Who may act, checked in one place for listeners: coordinator-only surfaces, and refusals that services raise.

Every refusal is audited: role refusals by `check_roles`, pair-level ones (`Refused`, raised inside a
transaction that rolls back) by `audit_refusal` in a transaction of their own.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.access import Refused, audit_refusal, check_roles, refusal_text
from bot.deps import Deps
from storage.engine import transaction

COORDINATORS = frozenset({"coordinator"})


def coordinator_allowed(deps: Deps, user_id: str, action: str) -> bool:
    """Whether the person is a coordinator; a refusal is audited under `action`."""
    with transaction(deps.sessions) as session:
        allowed, _ = check_roles(session=session, slack_user_id=user_id, allowed=COORDINATORS, action=action,
                                 now=deps.clock.now())
    return allowed


def refuse_submission(ack: Ack, view: dict[str, Any], fallback_block: str) -> None:
    """Refuse a modal submission where Slack shows it: as an error on the modal's first input."""
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        blocks = []
    first = next((b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("type") == "input"), None)
    ack(response_action="errors", errors={first or fallback_block: refusal_text(COORDINATORS)})


def audit_if_refused(deps: Deps, error: Exception) -> None:
    if isinstance(error, Refused):
        audit_refusal(sessions=deps.sessions, refused=error, now=deps.clock.now())
