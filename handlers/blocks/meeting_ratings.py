"""Block Kit for the mentee's one-click meeting rating (pure)."""

from __future__ import annotations

from typing import Any

from bot.i18n import _, format_month_day, lazy
from bot.meeting_ratings import RATING_WORDS, RatingView
from handlers import ids
from handlers.blocks.common import Block, actions, button, context, escape_mrkdwn, message, section

WHO_SEES = lazy("Optional, one click. It rates the mentoring you get, never you. Your mentor never sees it; "
                "coordinators see only totals over many meetings, never yours by name.")


def build_meeting_rating(view: RatingView) -> dict[str, Any]:
    question = _("How useful was your meeting with {mentor} on {day} for you?").format(
        mentor=escape_mrkdwn(view.mentor_name), day=format_month_day(view.met_on))
    blocks: list[Block] = [section(f"*{question}*"), context(str(WHO_SEES))]
    if view.rating is None:
        blocks.append(actions(ids.MEETING_RATING_ACTIONS, *[
            button(_(label), f"{ids.MEETING_RATING_PREFIX}{answer}", f"{view.rating_id}:{answer}")
            for answer, label in RATING_WORDS.items()]))
    else:
        blocks.append(section(_("Thank you: you said *{answer}*.").format(answer=_(RATING_WORDS[view.rating]).lower())))
    return message(question, blocks)
