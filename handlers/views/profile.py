"""Profile modal submission: inline errors, or save and refresh the person's Home."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.flows.people import checked_profile, save_profile_of
from bot.i18n import _
from handlers.blocks.enrolment import role_words
from handlers.blocks.profile import parse_profile_submission
from handlers.shared import publish_home
from handlers.slack_users import slack_identity


def submit_profile(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
    typed, unreadable = parse_profile_submission(view["state"]["values"])
    profile, problems = checked_profile(sessions=deps.sessions, profile=typed)
    errors = {**problems, **unreadable}
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    user_id = body["user"]["id"]
    who = slack_identity(client, user_id, deps.settings.timezone)
    person = save_profile_of(sessions=deps.sessions, who=who, profile=profile, now=deps.clock.now())
    roles = [role for role in ("mentee", "mentor") if role in person.roles]
    deps.notifier.notice(user_id, lambda: _("Thanks, {name}! Your profile is saved: you're in the program as {roles}. "
                                            "You can change it any time with `/mentor profile`.").format(
                                                name=who.display_name, roles=role_words(roles)))
    publish_home(client, deps.sessions, user_id, deps.clock.now())
