"""Check-in buttons (met? goal status, notes), coordinator nudges, and the transition prompt."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack

from bot.alerts import nudge
from bot.checkins import CheckInError, answer_met, checkin_info, prompt_messages
from bot.deps import Deps
from bot.goals import GoalError, goal_for_edit, goals_page, update_status
from handlers.actions.matching import require_coordinator
from handlers.blocks.checkins import build_checkin, nudge_text
from handlers.blocks.common import escape_mrkdwn
from handlers.blocks.goals import build_goal_form, build_goal_note_modal, build_program_note_modal
from handlers.commands.profile import open_profile_modal
from storage.engine import transaction
from storage.tables import CheckIn


def show_received(client: Any, deps: Deps, checkin_id: int) -> None:
    """Edit the check-in and its reminder so both show what was recorded."""
    with deps.sessions() as session:
        checkin = session.get(CheckIn, checkin_id)
        info, places = checkin_info(session, checkin), prompt_messages(session=session, checkin_id=checkin_id)  # type: ignore[arg-type]
    for channel, ts in places:
        client.chat_update(channel=channel, ts=ts, **build_checkin(info))


def on_met(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    checkin_id, _, answer = action["value"].partition(":")
    try:
        with transaction(deps.sessions) as session:
            answer_met(session=session, checkin_id=int(checkin_id), actor=body["user"]["id"], answer=answer,
                       now=deps.clock.now())
    except CheckInError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))
        return
    show_received(client, deps, int(checkin_id))


def on_goal_status(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    checkin_id, goal_id, status = action["value"].split(":")
    try:
        with transaction(deps.sessions) as session:
            update_status(session=session, mentee_slack_id=body["user"]["id"], goal_id=int(goal_id), status=status,
                          note="", now=deps.clock.now())
    except GoalError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))
        return
    show_received(client, deps, int(checkin_id))


def on_goal_note(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
    ack()
    checkin_id, goal_id = action["value"].split(":")
    metadata = json.dumps({"checkin": int(checkin_id), "goal": int(goal_id)})
    client.views_open(trigger_id=body["trigger_id"], view=build_goal_note_modal(metadata))


def on_program_note(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=build_program_note_modal(action["value"]))


def on_nudge(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    if not require_coordinator(deps, user_id, "alert_nudge"):
        return
    try:
        with transaction(deps.sessions) as session:
            alert = nudge(session=session, alert_id=action["value"], actor=user_id, now=deps.clock.now())
    except ValueError as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    deps.notifier.notice(alert.mentee.slack_id, nudge_text(alert, for_mentee=True))
    deps.notifier.notice(alert.mentor.slack_id, nudge_text(alert, for_mentee=False))
    deps.notifier.notice(user_id, f"Nudged {escape_mrkdwn(alert.mentee.name)} and {escape_mrkdwn(alert.mentor.name)}.")


def on_transition(ack: Ack, body: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    open_profile_modal(client, deps, body["user"]["id"], body["trigger_id"])


def on_goal_form(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    """"Add a goal" / "Edit" inside the goals modal: push the goal form on top of it."""
    ack()
    user_id = body["user"]["id"]
    try:
        with deps.sessions() as session:
            page = goals_page(session=session, mentee_slack_id=user_id)
            goal = (goal_for_edit(session=session, mentee_slack_id=user_id, goal_id=int(action["value"]))
                    if action["action_id"] == "goals_edit" else None)
    except GoalError as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    client.views_push(trigger_id=body["trigger_id"], view=build_goal_form(goal, page.priorities, page.mentor_names))
