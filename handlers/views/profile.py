"""Profile modal submission: inline errors, or save (the service queues the confirmation) and refresh Home."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from slack_bolt import Ack

from bot.deps import Deps
from bot.flows.people import checked_profile, save_profile_of
from bot.profiles import PROFILE_FORM_FIELDS
from handlers import ids
from handlers.blocks.profile import profile_form_values
from handlers.modal_errors import modal_errors
from handlers.shared import publish_home
from handlers.slack_users import slack_identity


def submit_profile(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
    try:
        profile = checked_profile(sessions=deps.sessions, form=profile_form_values(view["state"]["values"]))
    except ValidationError as exc:
        ack(response_action="errors", errors=modal_errors(exc, view, ids.PROFILE_FIELDS, fallback="roles",
                                                          renamed=PROFILE_FORM_FIELDS))
        return
    ack()
    user_id = body["user"]["id"]
    who = slack_identity(client, user_id, deps.settings.timezone)
    save_profile_of(sessions=deps.sessions, notifier=deps.notifier, who=who, profile=profile, now=deps.clock.now())
    publish_home(client, deps.sessions, user_id, deps.clock.now())
