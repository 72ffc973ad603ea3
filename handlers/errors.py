"""When a listener fails: the person gets a clear message, never a stack trace; the log gets the details."""

from __future__ import annotations

import functools
import inspect
import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import DBAPIError

from bot.outbox import PAYLOAD_REFUSALS, refusal_rule
from handlers.middleware import UNAVAILABLE, forget_refused_submission

logger = logging.getLogger(__name__)

ERROR_CONTEXT = ("ack", "body", "respond", "deps")
SOMETHING_WENT_WRONG = ("Sorry, something went wrong on mentorbot's side. Nothing you entered was lost; please try "
                        "again, and tell a coordinator if it keeps happening.")


def on_listener_error(error: Exception, body: dict[str, Any], response: BoltResponse | None,
                      respond: Any) -> BoltResponse | None:
    text = UNAVAILABLE if isinstance(error, DBAPIError) else SOMETHING_WENT_WRONG
    if isinstance(error, SlackApiError) and error.response.get("error") in PAYLOAD_REFUSALS:
        logger.error("Slack refused a payload as malformed: %s", refusal_rule(error))
    logger.error("listener failed on a %s request: %s", body.get("type") or "command", type(error).__name__,
                 exc_info=error)
    if response is not None:  # not acknowledged yet: answer in the HTTP response itself
        return BoltResponse(status=200, body=json.dumps(_answer(body, text)), headers={"content-type": "application/json"})
    if respond is not None:  # after the ack, via response_url (Bolt gives none where Slack sent none)
        try:
            respond(text=text, response_type="ephemeral", replace_original=False)
        except Exception:  # the response_url may be missing or used up; the log already has the error
            logger.warning("could not tell the user about the failure")
    return None


def _answer(body: dict[str, Any], text: str) -> dict[str, Any]:
    if body.get("type") == "view_submission":
        first_input = next((b["block_id"] for b in body.get("view", {}).get("blocks", []) if b.get("type") == "input"),
                           None)
        if first_input:
            return {"response_action": "errors", "errors": {first_input: text}}
    return {"response_type": "ephemeral", "text": text}


def guarded(listener: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a listener so a failure after ack() reaches the person as a message, not as silence.

    Bolt resets an acknowledged response when a listener raises, which would turn the request into a 404;
    so errors after the ack are reported here. Errors before the ack go on to Bolt's error handler.
    """

    own = inspect.signature(listener)
    wanted = set(own.parameters)

    @functools.wraps(listener)
    def wrapper(**kwargs: Any) -> Any:
        try:
            result = listener(**{name: value for name, value in kwargs.items() if name in wanted})
            if kwargs.get("deps") is not None:
                forget_refused_submission(kwargs["deps"], kwargs.get("body") or {}, kwargs.get("ack"))
            return result
        except Exception as error:
            ack = kwargs.get("ack")
            if ack is None or getattr(ack, "response", None) is None:
                raise
            on_listener_error(error, kwargs.get("body") or {}, None, kwargs.get("respond"))
            _tell_by_dm(kwargs, error)
            return None

    # Bolt injects arguments by parameter name: ask for what the error path needs too.
    extra = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in ERROR_CONTEXT
             if name not in wanted]
    wrapper.__signature__ = own.replace(parameters=[*own.parameters.values(), *extra])  # type: ignore[attr-defined]
    return wrapper


def _tell_by_dm(kwargs: dict[str, Any], error: Exception) -> None:
    """Where there is no response_url (App Home, modals), tell the person in their DM."""
    body, deps = kwargs.get("body") or {}, kwargs.get("deps")
    user = (body.get("user") or {}).get("id") or body.get("user_id")
    if deps is None or not user or body.get("response_url") or body.get("type") == "block_actions" and body.get(
            "container", {}).get("type") == "message":
        return
    try:
        deps.notifier.notice(user, UNAVAILABLE if isinstance(error, DBAPIError) else SOMETHING_WENT_WRONG)
    except Exception:
        logger.warning("could not tell the user about the failure")
