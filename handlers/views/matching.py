"""Swap modal submission: replace the proposed mentor, then refresh the coordinator's review message."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.flows.matching import swap_mentor
from bot.matching.service import MatchingError
from bot.notify import MessageRef
from handlers.authorization import coordinators_only
from handlers.blocks.matching import parse_swap_submission
from handlers.shared import view_metadata
from handlers.view_metadata import SwapRef


@coordinators_only("match_swap")
def submit_swap(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    metadata = view_metadata(ack, view, SwapRef)
    if metadata is None:
        return
    user_id = body["user"]["id"]
    try:
        swap_mentor(sessions=deps.sessions, notifier=deps.notifier, proposal_id=metadata.proposal,
                    mentor_slack_id=parse_swap_submission(view["state"]["values"]) or "", actor=user_id,
                    now=deps.clock.now(), batch_id=metadata.batch,
                    clicked=MessageRef(metadata.channel, metadata.ts, owner=user_id))
    except MatchingError as exc:
        ack(response_action="errors", errors={"mentor": str(exc)})
        return
    ack()
