"""App Home buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.flows.matching import find_mentors
from bot.matching.service import MatchingError
from handlers.blocks.matching import build_shortlist
from handlers.shared import open_profile_modal


def open_profile_from_home(ack: Ack, body: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    open_profile_modal(client, deps, body["user"]["id"], body["trigger_id"])


def find_mentor_from_home(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    """The Home tab's "Find a … mentor" button: the shortlist arrives as a DM (Home has no ephemeral replies)."""
    ack()
    user_id, kind = body["user"]["id"], action["value"]
    try:
        options = find_mentors(sessions=deps.sessions, mentee_slack_id=user_id, kind=kind, now=deps.clock.now())
    except MatchingError as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    deps.notifier.post(user_id, build_shortlist(kind, options), purpose="shortlist")
