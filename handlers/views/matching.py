"""Swap modal submission: replace the proposed mentor, then refresh the coordinator's review message."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.matching.config import matching_config
from bot.matching.service import MatchingError, batch_proposals, swap
from handlers.actions.matching import require_coordinator
from handlers.blocks.matching import build_batch_review, parse_swap_submission
from storage.engine import transaction


def submit_swap(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
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
    with deps.sessions() as session:
        proposals = batch_proposals(session=session, batch_id=metadata["batch"])
    client.chat_update(channel=metadata["channel"], ts=metadata["ts"], **build_batch_review(metadata["batch"], proposals))
