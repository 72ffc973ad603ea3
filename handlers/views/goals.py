"""Goal form, goal note and program note submissions."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack

from bot.checkins import CheckInError
from bot.deps import Deps
from bot.flows.care import add_goal_note, add_program_note, save_mentee_goal
from bot.goals import GoalError
from handlers.blocks.forms import read_input
from handlers.blocks.goals import build_goals_modal, parse_goal_form
from handlers.shared import show_checkin


def submit_goal(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
    user_id, goal_id = body["user"]["id"], view["private_metadata"]
    goal_in = parse_goal_form(view["state"]["values"])
    try:
        page = save_mentee_goal(sessions=deps.sessions, mentee_slack_id=user_id, goal_in=goal_in,
                                goal_id=int(goal_id) if goal_id else None, now=deps.clock.now())
    except GoalError as exc:
        ack(response_action="errors", errors=_shown_on_form(exc, view, "title"))
        return
    ack()
    if view.get("previous_view_id"):
        client.views_update(view_id=view["previous_view_id"], view=build_goals_modal(page.goals, page.mentor_names))


def _shown_on_form(error: GoalError, view: dict[str, Any], fallback: str) -> dict[str, str]:
    """Each problem on its own field where the form has it; the rest together on `fallback`."""
    blocks = {b.get("block_id") for b in view.get("blocks", []) if isinstance(b, dict)}
    errors = {field: text for field, text in error.fields.items() if field in blocks}
    rest = " ".join(text for field, text in error.fields.items() if field not in errors) or (
        "" if errors else str(error))
    return {**errors, **({fallback: rest} if rest else {})}


def submit_goal_note(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
    metadata, user_id = json.loads(view["private_metadata"]), body["user"]["id"]
    note = read_input(view["state"]["values"], "note") or ""
    try:
        shown = add_goal_note(sessions=deps.sessions, checkin_id=metadata["checkin"], mentee_slack_id=user_id,
                              goal_id=metadata["goal"], note=note, now=deps.clock.now())
    except GoalError as exc:
        ack(response_action="errors", errors={"note": exc.fields.get("note", str(exc))})
        return
    ack()
    show_checkin(deps, shown)


def submit_program_note(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    note = read_input(view["state"]["values"], "note") or ""
    try:
        add_program_note(sessions=deps.sessions, checkin_id=int(view["private_metadata"]), actor=body["user"]["id"],
                         note=note, now=deps.clock.now())
    except CheckInError as exc:
        ack(response_action="errors", errors={"note": str(exc)})
        return
    ack()
    deps.notifier.notice(body["user"]["id"], "Thank you: your note went to the program coordinators only.")
