"""Global middleware: dependencies into Bolt's context, duplicate deliveries skipped, a down database
answered politely and fast."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime
from typing import TYPE_CHECKING, Any

from slack_sdk.webhook import WebhookClient
from sqlalchemy.exc import DBAPIError

from bot.commands import answers_only
from bot.context_executor import set_acknowledged
from bot.deps import Deps
from bot.i18n import SOURCE_LANGUAGE, lazy
from bot.i18n.locale import enter_language
from bot.i18n.choice import language_of, program_language
from bot.tenants import UnknownTenant, enter_request_tenant
from handlers import ids
from storage.engine import is_busy, transaction
from storage.queries.requests import first_time, forget

if TYPE_CHECKING:  # imported where a response is built: workers that only notify (outbox, jobs) never load Bolt
    from slack_bolt import BoltResponse

logger = logging.getLogger(__name__)

UNAVAILABLE = lazy("mentorbot is temporarily unavailable (its database is not answering). Nothing you entered was "
                   "lost; please try again in a few minutes.")
BUSY = lazy("mentorbot is busy saving someone else's change right now, so nothing was saved from this. Please try "
            "again in a few seconds.")


def outage_text(error: BaseException) -> str:
    return str(BUSY if is_busy(error) else UNAVAILABLE)


def inject_deps(deps: Deps) -> Callable[..., Any]:
    """Dependencies into the context, and the request's tenant (from its verified team / enterprise) set for
    everything the listener does: its services' queries see only that tenant's rows (storage/tenancy.py)."""

    def middleware(context: dict[str, Any], body: dict[str, Any], next: Callable[[], Any]) -> Any:  # noqa: A002
        context["deps"] = deps
        try:
            enter_request_tenant(sessions=deps.sessions, oauth=deps.settings.oauth_installs,
                                 enterprise_id=context.get("enterprise_id"), team_id=context.get("team_id"))
        except UnknownTenant as unknown:
            logger.warning("refused a request: %s", unknown)
            from slack_bolt import BoltResponse

            return BoltResponse(status=401, body="mentorbot is not installed in this workspace")  # not text
        enter_language(requester_language(deps, body))  # like the tenant: set for the rest of this request
        return next()

    return middleware


def requester_language(deps: Deps, body: dict[str, Any]) -> str:
    """The language of the person clicking or typing (their profile, Slack or the program's); English when the
    database cannot say, so the outage answer still goes out."""
    user = body.get("user")
    event = body.get("event")
    event = event if isinstance(event, dict) else {}
    user_id = user.get("id") if isinstance(user, dict) else body.get("user_id") or user or event.get("user")
    try:
        with transaction(deps.sessions) as session:
            return language_of(session, user_id) if isinstance(user_id, str) else program_language(session)
    except DBAPIError:
        return SOURCE_LANGUAGE


INTERACTIONS = {"block_actions", "view_submission", "view_closed", "shortcut", "message_action", "block_suggestion"}
SLACK_EVENTS = {"event_callback", "url_verification", "app_rate_limited"}  # Events API envelopes, passed to Bolt


def refuse_malformed(body: dict[str, Any], next: Callable[[], Any]) -> Any:  # noqa: A002 (Bolt's name)
    """A signed body that is not shaped as Slack sends it gets a plain 400 before any listener reads it."""
    if body.get("command") or body.get("type") in SLACK_EVENTS or well_formed(body):
        return next()
    logger.warning("refused a malformed %s payload", str(body.get("type"))[:40])
    from slack_bolt import BoltResponse

    return BoltResponse(status=400, body=json.dumps({"ok": False, "error": "malformed request"}),  # not text
                        headers={"content-type": "application/json"})


def well_formed(body: dict[str, Any]) -> bool:
    """The fields listeners rely on, with the types Slack gives them."""
    kind, user = body.get("type"), body.get("user")
    if kind not in INTERACTIONS or not isinstance(user, dict) or not isinstance(user.get("id"), str):
        return False
    if kind == "block_actions":
        actions = body.get("actions")
        return isinstance(actions, list) and bool(actions) and all(
            isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions)
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        return (isinstance(view, dict) and isinstance(view.get("callback_id"), str)
                and isinstance(view.get("blocks", []), list) and isinstance(view.get("state", {}), dict)
                and isinstance(view.get("state", {}).get("values", {}), dict)
                and isinstance(view.get("private_metadata", ""), str))
    return True


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


class DuplicateDelivery(Exception):
    """Raised from a click's ack() when the click was already handled: the listener stops right after its ack."""


def skip_duplicates(deps: Deps) -> Callable[..., Any]:
    from slack_bolt import BoltResponse

    from handlers.ack_then_record import AckThenRecord

    def middleware(body: dict[str, Any], context: Any, next: Callable[[], Any]) -> Any:  # noqa: A002
        # Socket Mode serves requests one after another on pooled threads that keep their context: reset per request
        _record_at_start.set(None)
        set_acknowledged(body.get("type") == "event_callback")  # Bolt acks an event before its listener starts
        key = delivery_key(body)
        if key is None:
            return next()
        if body.get("type") == "block_actions":
            # Every click listener acks first and has nothing to say in the ack: the ack goes out now, before the
            # listener is even scheduled, and the delivery is recorded when the listener acks, before it does
            # anything else (ack_then_record.py); its work waits behind requests still to be answered.
            ack = AckThenRecord(lambda: _first_time_or_tell(deps, body, key))
            ack.answer_now()
            context["ack"] = ack
            set_acknowledged(True)
            return next()
        if body.get("type") == "event_callback":
            # Bolt acks an event on this thread before its listener starts: the ack goes out at once, and the
            # listener records the delivery as its first step (record_delivery_at_start), as a click does in ack().
            _record_at_start.set(lambda: _first_time_or_tell(deps, body, key))
            return next()
        try:
            new = first_time(engine=deps.engine, key=key, now=recorded_time(body, deps.clock.now()))
        except DBAPIError as error:
            logger.warning("database %s while handling a Slack request", "busy" if is_busy(error) else "unavailable")
            return unavailable_response(body, deps, outage_text(error))
        return next() if new else BoltResponse(status=200, body="")

    return middleware


# The delivery an event's listener records before its work; set per request, whose listener runs in a copy of the
# request's context (bot/context_executor.py), so it never reaches another request.
_record_at_start: ContextVar[Callable[[], bool] | None] = ContextVar("mentorbot_record_at_start", default=None)


def record_delivery_at_start() -> None:
    """In a listener, before its work: record the delivery left for it; DuplicateDelivery if it was seen before
    (or the database could not record it)."""
    record = _record_at_start.get()
    if record is not None:
        _record_at_start.set(None)
        if not record():
            raise DuplicateDelivery()


def _first_time_or_tell(deps: Deps, body: dict[str, Any], key: str) -> bool:
    """For a click already acknowledged: whether it is new; with the database down, the person is told later."""
    try:
        return first_time(engine=deps.engine, key=key, now=recorded_time(body, deps.clock.now()))
    except DBAPIError as error:
        logger.warning("database %s while handling a Slack request", "busy" if is_busy(error) else "unavailable")
        tell_later(deps, body, outage_text(error))
        return False


def unavailable_response(body: dict[str, Any], deps: Deps, text: str) -> BoltResponse:
    """Say so in the form Slack shows for this kind of request (an ack body reaches people only for commands)."""
    from slack_bolt import BoltResponse

    if body.get("event_id"):
        return BoltResponse(status=200, body="")  # Slack would retry an event; it is safe to drop it here
    answer = immediate_answer(body, text)
    if answer is None:
        tell_later(deps, body, text)
        return BoltResponse(status=200, body="")
    return BoltResponse(status=200, body=json.dumps(answer), headers={"content-type": "application/json"})


def immediate_answer(body: dict[str, Any], text: str) -> dict[str, Any] | None:
    """What can answer in the HTTP response itself: a command's ephemeral text, a modal's field error; else None."""
    if body.get("type") == "view_submission":
        view = body.get("view")
        if not isinstance(view, dict):
            view = {}
        blocks = view.get("blocks")
        if not isinstance(blocks, list):
            blocks = []
        first_input = next((b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("type") == "input"), None)
        return {"response_action": "errors", "errors": {first_input: text}} if first_input else None
    if body.get("command"):
        return {"response_type": "ephemeral", "text": text}
    return None


def tell_later(deps: Deps, body: dict[str, Any], text: str) -> None:
    """A click (or a modal without inputs): answer through its response_url, else a DM, after the ack."""
    user = (body.get("user") or {}).get("id") if isinstance(body.get("user"), dict) else body.get("user_id")
    response_url = body.get("response_url") or next(
        (r.get("response_url") for r in body.get("response_urls") or [] if isinstance(r, dict)), None)
    if not user and not response_url:
        return

    def tell() -> None:
        try:
            if response_url:
                WebhookClient(response_url, timeout=5).send(text=text, response_type="ephemeral",
                                                            replace_original=False)
            else:
                deps.notifier.notice(str(user), text)
        except Exception:  # Slack unreachable too: the log line above is all we can do
            logger.warning("could not tell the person that the request was not handled")

    threading.Thread(target=tell, name="tell-outage", daemon=True).start()


def forget_refused_submission(deps: Deps, body: dict[str, Any], ack: Any) -> None:
    """A submission answered with field errors may be sent again unchanged; let that one through."""
    response = getattr(ack, "response", None)
    if body.get("type") == "view_submission" and response is not None and '"errors"' in str(response.body):
        key = delivery_key(body)
        if key is not None:
            forget(engine=deps.engine, key=key)
