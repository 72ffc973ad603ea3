"""The meeting-rating buttons: the message clicked then shows the rating that stands; a click that lost to
another gets a kind "already handled" beside it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from bot.deps import Deps
from bot.flows.meeting_ratings import rate_logged_meeting
from bot.meeting_ratings import RatingError
from handlers.blocks.help import build_notice
from handlers.blocks.meeting_ratings import build_meeting_rating


def on_rate(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    ack()
    rating_id, _, answer = action["value"].partition(":")
    try:
        view = rate_logged_meeting(sessions=deps.sessions, rating_id=int(rating_id), actor=body["user"]["id"],
                                   answer=answer, now=deps.clock.now())
    except RatingError as exc:
        respond(replace_original=False, response_type="ephemeral", **build_notice(str(exc)))
        return
    respond(replace_original=True, **build_meeting_rating(view))
