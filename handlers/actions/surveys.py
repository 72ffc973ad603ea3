"""Survey buttons: a one-click answer in the message, or opening the answer modal."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack

from bot.notify import MessageRef
from bot.deps import Deps
from bot.flows.surveys import answer_form_for
from bot.surveys.answers import answer_one_click
from bot.surveys.errors import AnswerError, SurveyError
from handlers import ids
from handlers.blocks.surveys import answer_metadata, build_answer_modal, build_survey_invitation

PICK_ACTIONS = re.compile(rf"^{ids.SURVEY_PICK_PREFIX}\d+$")


def on_pick(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    """A one-question survey answered by clicking an option in the DM, which then shows it is recorded."""
    ack()
    user_id, container = body["user"]["id"], body["container"]
    round_id, _, value = action["value"].partition(":")
    try:
        submitted = answer_one_click(sessions=deps.sessions, round_id=int(round_id), slack_user_id=user_id,
                                     value=value, now=deps.clock.now())
    except (SurveyError, AnswerError) as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    deps.notifier.edit(MessageRef(container["channel_id"], container["message_ts"]),
                       build_survey_invitation(submitted.invitation), purpose="survey_answered")


def on_open(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    user_id, container = body["user"]["id"], body.get("container", {})
    round_id, _, subject = action["value"].partition(":")
    try:
        form = answer_form_for(sessions=deps.sessions, round_id=int(round_id), slack_user_id=user_id,
                               subject=int(subject), now=deps.clock.now())
    except SurveyError as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    metadata = answer_metadata(form.round_id, form.subject, container.get("channel_id"), container.get("message_ts"))
    client.views_open(trigger_id=body["trigger_id"], view=build_answer_modal(form, metadata))
