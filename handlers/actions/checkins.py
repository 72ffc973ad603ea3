"""Check-in buttons (met? goal status, notes), coordinator nudges, and the transition prompt."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.checkins import CheckInError
from bot.deps import Deps
from bot.flows.care import answer_checkin_met, answer_goal_status, goal_form, nudge_pair
from bot.development_plan import PlanError
from bot.flows.development import development_plan_form
from bot.goals import GoalError
from handlers import ids
from handlers.authorization import coordinators_only
from handlers.blocks.checkins import build_checkin
from handlers.blocks.development import build_plan_modal
from handlers.blocks.goals import build_goal_form, build_goal_note_modal, build_program_note_modal
from handlers.shared import open_profile_modal
from handlers.view_metadata import GoalNoteRef


def on_met(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    checkin_id, _, answer = action["value"].partition(":")
    try:
        answer_checkin_met(sessions=deps.sessions, notifier=deps.notifier, checkin_id=int(checkin_id),
                           actor=body["user"]["id"], answer=answer, now=deps.clock.now(), render=build_checkin)
    except CheckInError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))


def on_goal_status(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    checkin_id, goal_id, status = action["value"].split(":")
    try:
        answer_goal_status(sessions=deps.sessions, notifier=deps.notifier, checkin_id=int(checkin_id),
                           mentee_slack_id=body["user"]["id"], goal_id=int(goal_id), status=status,
                           now=deps.clock.now(), render=build_checkin)
    except GoalError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))


def on_goal_note(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
    ack()
    checkin_id, goal_id = action["value"].split(":")
    metadata = GoalNoteRef(checkin=int(checkin_id), goal=int(goal_id)).text()
    client.views_open(trigger_id=body["trigger_id"], view=build_goal_note_modal(metadata))


def on_program_note(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=build_program_note_modal(action["value"]))


@coordinators_only()
def on_nudge(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    try:
        nudge_pair(sessions=deps.sessions, notifier=deps.notifier, alert_id=action["value"], actor=user_id,
                   now=deps.clock.now())
    except ValueError as exc:
        deps.notifier.notice(user_id, str(exc))


def on_transition(ack: Ack, body: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    open_profile_modal(client, deps, body["user"]["id"], body["trigger_id"])


def on_transition_idp(ack: Ack, body: dict[str, Any], client: Any, deps: Deps) -> None:
    """The transition prompt's "Review my development plan": the plan modal, this year's."""
    ack()
    user_id = body["user"]["id"]
    try:
        form = development_plan_form(sessions=deps.sessions, mentee_slack_id=user_id, now=deps.clock.now(),
                                     timezone=deps.settings.timezone)
    except PlanError as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    client.views_open(trigger_id=body["trigger_id"], view=build_plan_modal(form))


def on_goal_form(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    """"Add a goal" / "Edit" inside the goals modal: push the goal form on top of it."""
    ack()
    user_id = body["user"]["id"]
    editing = action["action_id"] == ids.GOALS_EDIT
    try:
        form = goal_form(sessions=deps.sessions, mentee_slack_id=user_id,
                         goal_id=int(action["value"]) if editing else None)
    except GoalError as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    client.views_push(trigger_id=body["trigger_id"], view=build_goal_form(form.goal, form.page.priorities,
                                                                         form.page.mentor_names))
