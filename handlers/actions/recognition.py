"""The coordinators' "Thank …" button on a completion notice."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from bot.deps import Deps
from bot.flows.recognition import thank_mentor_for_match
from bot.i18n import gettext
from bot.recognition.thanks import ThanksError
from handlers.authorization import coordinators_only
from handlers.blocks.help import build_notice
from bot.mrkdwn import escape_mrkdwn


@coordinators_only("recognition.thank")
def on_thank_mentor(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    ack()
    try:
        name = thank_mentor_for_match(sessions=deps.sessions, notifier=deps.notifier, match_id=int(action["value"]),
                                      actor=body["user"]["id"], now=deps.clock.now())
    except ThanksError as exc:
        respond(replace_original=False, **build_notice(str(exc)))
        return
    respond(replace_original=False, **build_notice(gettext("Thank you sent to {name}.").format(name=escape_mrkdwn(name))))
