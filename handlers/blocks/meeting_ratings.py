"""Block Kit for the mentee's one-click meeting rating (pure)."""

from __future__ import annotations

from typing import Any

from bot.meeting_ratings import RATING_WORDS, RatingView
from handlers import ids
from handlers.blocks.common import Block, actions, button, context, escape_mrkdwn, message, section

WHO_SEES = ("Optional, one click. It rates the mentoring you get, never you. Your mentor never sees it; "
            "coordinators see only totals over many meetings, never yours by name.")


def build_meeting_rating(view: RatingView) -> dict[str, Any]:
    question = f"How useful was your meeting with {escape_mrkdwn(view.mentor_name)} on {view.met_on:%B %-d} for you?"
    blocks: list[Block] = [section(f"*{question}*"), context(WHO_SEES)]
    if view.rating is None:
        blocks.append(actions(ids.MEETING_RATING_ACTIONS, *[
            button(label, f"{ids.MEETING_RATING_PREFIX}{answer}", f"{view.rating_id}:{answer}")
            for answer, label in RATING_WORDS.items()]))
    else:
        blocks.append(section(f"Thank you: you said *{RATING_WORDS[view.rating].lower()}*."))
    return message(question, blocks)
