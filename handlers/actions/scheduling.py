"""Scheduling buttons: Find a time, pick a time, confirm, other times, "did it happen?", and the availability
modal from App Home."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.flows.scheduling import ask_other_times, confirm_time, find_time_for, meeting_happened, pick_time
from bot.meetings import MeetingError
from bot.scheduling.availability_text import AvailabilityError
from bot.scheduling.service import SchedulingError
from handlers import ids
from handlers.shared import availability_modal

REFUSALS = (SchedulingError, MeetingError)


def _numbers(value: str) -> list[int]:
    return [int(part) for part in value.split(":")]


def on_find_time(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    try:
        find_time_for(sessions=deps.sessions, notifier=deps.notifier, match_id=int(action["value"]), actor=user_id,
                      now=deps.clock.now(), free_busy=deps.free_busy)
    except REFUSALS as exc:
        deps.notifier.notice(user_id, str(exc))


def on_pick(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    meeting_id, round_, index = _numbers(action["value"])
    try:
        pick_time(sessions=deps.sessions, notifier=deps.notifier, meeting_id=meeting_id, round_=round_, index=index,
                  actor=body["user"]["id"], now=deps.clock.now())
    except REFUSALS as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))


def on_confirm(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    meeting_id, round_ = _numbers(action["value"])
    try:
        confirm_time(sessions=deps.sessions, notifier=deps.notifier, meeting_id=meeting_id, round_=round_,
                     actor=body["user"]["id"], now=deps.clock.now())
    except REFUSALS as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))


def on_other_times(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    meeting_id, round_ = _numbers(action["value"])
    try:
        ask_other_times(sessions=deps.sessions, notifier=deps.notifier, meeting_id=meeting_id, round_=round_,
                        actor=body["user"]["id"], now=deps.clock.now(), free_busy=deps.free_busy)
    except REFUSALS as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))


def on_followup(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    meeting_id, sequence = _numbers(action["value"])
    user_id = body["user"]["id"]
    try:
        meeting_happened(sessions=deps.sessions, notifier=deps.notifier, meeting_id=meeting_id, sequence=sequence,
                         actor=user_id, happened=action["action_id"] == ids.MEET_HAPPENED, now=deps.clock.now(),
                         free_busy=deps.free_busy)
    except REFUSALS as exc:
        deps.notifier.notice(user_id, str(exc))


def on_home_availability(ack: Ack, body: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    try:
        view = availability_modal(deps, body["user"]["id"])
    except AvailabilityError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))
        return
    client.views_open(trigger_id=body["trigger_id"], view=view)
