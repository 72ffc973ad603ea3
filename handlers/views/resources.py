"""The add-a-resource modal's submission (coordinators only): each problem shown on its field."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.resources import DraftProblems, submit
from handlers.authorization import coordinators_only
from handlers.blocks.resources import read_resource_form


@coordinators_only("resource.add", refuse_on_modal="title", faculty_wide_only=True)
def submit_resource(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id = body["user"]["id"]
    try:
        submit(sessions=deps.sessions, notifier=deps.notifier, actor=user_id,
               fields=read_resource_form(view["state"]["values"]), now=deps.clock.now())
    except DraftProblems as problems:
        ack(response_action="errors", errors=problems.by_field)
        return
    ack()
