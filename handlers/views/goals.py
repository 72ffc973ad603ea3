"""Goal form, goal note and program note submissions."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from slack_bolt import Ack

from bot.checkins import CheckInError
from bot.deps import Deps
from bot.flows.care import add_goal_note, add_program_note, save_mentee_goal
from bot.goals import GOAL_FORM_FIELDS, GoalError
from handlers import ids
from handlers.blocks.forms import read_input
from handlers.blocks.checkins import build_checkin
from handlers.blocks.goals import build_goals_modal, goal_form_values
from handlers.modal_errors import modal_errors
from handlers.shared import view_metadata
from handlers.view_metadata import CheckInRef, GoalNoteRef, GoalRef


def submit_goal(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
    user_id, editing = body["user"]["id"], view_metadata(ack, view, GoalRef)
    if editing is None:
        return
    try:
        page = save_mentee_goal(sessions=deps.sessions, mentee_slack_id=user_id,
                                goal_in=goal_form_values(view["state"]["values"]), goal_id=editing.goal,
                                now=deps.clock.now())
    except ValidationError as exc:
        ack(response_action="errors", errors=modal_errors(exc, view, ids.GOAL_FORM_FIELDS, fallback="title",
                                                          renamed=GOAL_FORM_FIELDS))
        return
    except GoalError as exc:
        ack(response_action="errors", errors={"title": str(exc)})
        return
    ack()
    if view.get("previous_view_id"):
        client.views_update(view_id=view["previous_view_id"], view=build_goals_modal(page.goals, page.mentor_names))


def submit_goal_note(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
    metadata, user_id = view_metadata(ack, view, GoalNoteRef), body["user"]["id"]
    if metadata is None:
        return
    note = read_input(view["state"]["values"], "note") or ""
    try:
        add_goal_note(sessions=deps.sessions, notifier=deps.notifier, checkin_id=metadata.checkin,
                      mentee_slack_id=user_id, goal_id=metadata.goal, note=note, now=deps.clock.now(),
                      render=build_checkin)
    except ValidationError as exc:
        ack(response_action="errors", errors=modal_errors(exc, view, ids.GOAL_NOTE_FIELDS, fallback="note"))
        return
    except GoalError as exc:
        ack(response_action="errors", errors={"note": str(exc)})
        return
    ack()


def submit_program_note(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    checkin = view_metadata(ack, view, CheckInRef)
    if checkin is None:
        return
    note = read_input(view["state"]["values"], "note") or ""
    try:
        add_program_note(sessions=deps.sessions, notifier=deps.notifier, checkin_id=checkin.checkin,
                         actor=body["user"]["id"], note=note, now=deps.clock.now())
    except CheckInError as exc:
        ack(response_action="errors", errors={"note": str(exc)})
        return
    ack()
