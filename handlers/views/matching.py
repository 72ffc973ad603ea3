"""Swap modal submission: replace the proposed mentor, then refresh the coordinator's review message."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.matching.config import matching_config
from bot.matching.delivery import refresh_review_copies
from bot.matching.service import MatchingError, swap
from bot.notify import MessageRef
from handlers.actions.matching import require_coordinator
from handlers.blocks.matching import parse_swap_submission
from storage.engine import transaction


def submit_swap(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    metadata = json.loads(view["private_metadata"])
    user_id = body["user"]["id"]
    if not require_coordinator(deps, user_id, "match_swap"):
        return ack()
    try:
        with transaction(deps.sessions) as session:
            swap(session=session, proposal_id=metadata["proposal"], mentor_slack_id=parse_swap_submission(
                view["state"]["values"]) or "", actor=user_id, now=deps.clock.now(), config=matching_config(session=session))
    except MatchingError as exc:
        return ack(response_action="errors", errors={"mentor": str(exc)})
    ack()
    refresh_review_copies(metadata["batch"], deps.notifier, deps.sessions,
                          clicked=MessageRef(metadata["channel"], metadata["ts"]))
