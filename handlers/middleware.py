"""Global middleware: dependencies into Bolt's context, duplicate deliveries skipped, a down database
answered politely and fast."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import BoltResponse
from sqlalchemy.exc import DBAPIError

from bot.commands import answers_only
from bot.deps import Deps
from handlers import ids
from storage.queries.requests import first_time, forget

logger = logging.getLogger(__name__)

UNAVAILABLE = ("mentorbot is temporarily unavailable (its database is not answering). Nothing you entered was "
               "lost; please try again in a few minutes.")


def inject_deps(deps: Deps) -> Callable[..., Any]:
    # No DB session is opened here for the listener: Bolt's next() returns before a lazy listener runs.
    def middleware(context: dict[str, Any], next: Callable[[], Any]) -> Any:  # noqa: A002 (Bolt's name)
        context["deps"] = deps
        return next()

    return middleware


def delivery_key(body: dict[str, Any]) -> str | None:
    """What makes a delivery unique: the event id, the trigger id of a command or click, or for a modal
    submission the view and exactly what was entered (a corrected resubmission differs, so it goes through).

    A survey's answer modal is keyed by its view alone: a digest of the answers could be reversed by hashing
    every possible choice. A corrected resubmission still goes through, because a submission refused with
    field errors is forgotten (`forget_refused_submission`).
    """
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    if body.get("type") in ("view_submission", "view_closed"):
        view = body.get("view") or {}
        if view.get("callback_id") == ids.SURVEY_ANSWER_VIEW:
            return f"view:{view.get('id')}"
        entered = json.dumps(view.get("state", {}), sort_keys=True).encode()
        return f"view:{view.get('id')}:{hashlib.sha256(entered).hexdigest()[:32]}"
    if body.get("command") and answers_only(body.get("text", "")):
        return None  # nothing to repeat: spare the hot path a database write
    trigger = body.get("trigger_id")
    if trigger:
        return f"{'command' if body.get('command') else 'interaction'}:{trigger}"
    return None


def recorded_time(body: dict[str, Any], now: datetime) -> datetime:
    """When a delivery is recorded as seen: survey answers keep only the hour, so the record of a submission
    cannot be lined up with the order anonymous answers were stored in (it only has to outlive Slack's retries)."""
    view_id = (body.get("view") or {}).get("callback_id")
    actions = [action.get("action_id", "") for action in body.get("actions") or []]
    if view_id == ids.SURVEY_ANSWER_VIEW or any(a.startswith(ids.SURVEY_PICK_PREFIX) for a in actions):
        return now.replace(minute=0, second=0, microsecond=0)
    return now


def skip_duplicates(deps: Deps) -> Callable[..., Any]:
    def middleware(body: dict[str, Any], next: Callable[[], Any]) -> Any:  # noqa: A002
        key = delivery_key(body)
        if key is None:
            return next()
        try:
            new = first_time(engine=deps.engine, key=key, now=recorded_time(body, deps.clock.now()))
        except DBAPIError:
            logger.warning("database unavailable while handling a Slack request")
            return unavailable_response(body)
        return next() if new else BoltResponse(status=200, body="")

    return middleware


def unavailable_response(body: dict[str, Any]) -> BoltResponse:
    if body.get("event_id"):
        return BoltResponse(status=200, body="")  # Slack would retry an event; it is safe to drop it here
    return BoltResponse(status=200, body=json.dumps({"response_type": "ephemeral", "text": UNAVAILABLE}),
                        headers={"content-type": "application/json"})


def forget_refused_submission(deps: Deps, body: dict[str, Any], ack: Any) -> None:
    """A submission answered with field errors may be sent again unchanged; let that one through."""
    response = getattr(ack, "response", None)
    if body.get("type") == "view_submission" and response is not None and '"errors"' in str(response.body):
        key = delivery_key(body)
        if key is not None:
            forget(engine=deps.engine, key=key)
