"""What several listeners show the same way: usage hints, the profile and compose modals, Home, a check-in's
answer and a match's ending. Listener modules share code only through here (and handlers/authorization.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.commands import BY_NAME
from bot.deps import Deps
from bot.flows.broadcasts import ComposeForm
from bot.flows.matching import end_match_and_tell
from bot.flows.people import home_of, profile_form
from bot.flows.scheduling import availability_of
from bot.i18n import _, speaking
from bot.matching.service import MatchingError
from handlers.blocks.availability import build_availability_modal
from handlers.blocks.broadcasts import build_compose_modal
from handlers.blocks.help import build_notice, build_outdated_form
from handlers.blocks.home import build_home
from handlers.blocks.profile import build_profile_modal
from handlers.view_metadata import Metadata, read_metadata
from storage.engine import SessionFactory

if TYPE_CHECKING:  # Bolt loads in the HTTP process only; the notifier (used by workers) imports this module
    from slack_bolt import Ack


def usage(ack: Ack, name: str, extra: str = "") -> None:
    ack(**build_notice((_("Usage: `{usage}`.").format(usage=_(BY_NAME[name].usage)) + " " + extra).strip()))


def view_metadata(ack: Ack, view: dict[str, Any], model: type[Metadata]) -> Metadata | None:
    """The modal's private_metadata as `model`; None when it does not read (stale or altered), after answering: the
    modal then says that nothing was saved and to open the form again."""
    found = read_metadata(view, model)
    if found is None:
        ack(response_action="update", view=build_outdated_form())
    return found


def open_profile_modal(client: Any, deps: Deps, user_id: str, trigger_id: str) -> None:
    form = profile_form(sessions=deps.sessions, slack_user_id=user_id)
    client.views_open(trigger_id=trigger_id, view=build_profile_modal(form.profile, form.tags, form.programs))


def availability_modal(deps: Deps, user_id: str) -> dict[str, Any]:
    """The person's own availability modal (raises AvailabilityError for someone not enrolled)."""
    return build_availability_modal(availability_of(sessions=deps.sessions, slack_user_id=user_id))


def open_compose_modal(client: Any, deps: Deps, trigger_id: str, form: ComposeForm) -> None:
    client.views_open(trigger_id=trigger_id, view=build_compose_modal(form.programs, deps.settings.timezone, form.draft))


def publish_home(client: Any, sessions: SessionFactory, user_id: str, now: datetime) -> None:
    language, home = home_of(sessions=sessions, slack_user_id=user_id, now=now)
    with speaking(language):
        view = build_home(home)
    client.views_publish(user_id=user_id, view=view)


def end_and_tell(deps: Deps, match_id: int, actor: str, *, is_coordinator: bool) -> bool:
    """End a match; the service tells each person what fits them (a refusal goes to the actor). Whether it ended."""
    try:
        end_match_and_tell(sessions=deps.sessions, notifier=deps.notifier, match_id=match_id, actor=actor,
                           now=deps.clock.now(), is_coordinator=is_coordinator)
    except MatchingError as exc:
        deps.notifier.notice(actor, str(exc))
        return False
    return True
