"""When a listener fails: the person gets a clear message, never a stack trace; the log gets the details."""

from __future__ import annotations

import functools
import inspect
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import DBAPIError

from bot.i18n import lazy
from bot.outbox import PAYLOAD_REFUSALS, refusal_rule
from handlers.middleware import (DuplicateDelivery, forget_refused_submission, immediate_answer, outage_text,
                                 record_delivery_at_start, tell_later)

if TYPE_CHECKING:  # Bolt is imported where a response is built (workers that only notify never load it)
    from slack_bolt import BoltResponse

logger = logging.getLogger(__name__)

ERROR_CONTEXT = ("ack", "body", "respond", "deps", "context")
SOMETHING_WENT_WRONG = lazy("Sorry, something went wrong on mentorbot's side. Nothing you entered was lost; please "
                            "try again, and tell a coordinator if it keeps happening.")


def on_listener_error(error: Exception, body: dict[str, Any], response: BoltResponse | None,
                      respond: Any, context: dict[str, Any] | None = None) -> BoltResponse | None:
    text = failure_text(error)
    if isinstance(error, SlackApiError) and error.response.get("error") in PAYLOAD_REFUSALS:
        logger.error("Slack refused a payload as malformed: %s", refusal_rule(error))
    logger.error("listener failed on a %s request: %s", body.get("type") or "command", type(error).__name__,
                 exc_info=error)
    if response is not None:  # not acknowledged yet: answer where Slack shows it for this kind of request
        answer = immediate_answer(body, text)
        if answer is None and (context or {}).get("deps") is not None:
            tell_later(context["deps"], body, text)  # type: ignore[index]
        from slack_bolt import BoltResponse

        return BoltResponse(status=200, body=json.dumps(answer) if answer else "",
                            headers={"content-type": "application/json"})
    if respond is not None:  # after the ack, via response_url (Bolt gives none where Slack sent none)
        try:
            respond(text=text, response_type="ephemeral", replace_original=False)
        except Exception:  # the response_url may be missing or used up; the log already has the error
            logger.warning("could not tell the user about the failure")
    return None


def failure_text(error: BaseException) -> str:
    return outage_text(error) if isinstance(error, DBAPIError) else str(SOMETHING_WENT_WRONG)


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
            record_delivery_at_start()  # an event, acknowledged already: its delivery is recorded first
            result = listener(**{name: value for name, value in kwargs.items() if name in wanted})
            if kwargs.get("deps") is not None:
                forget_refused_submission(kwargs["deps"], kwargs.get("body") or {}, kwargs.get("ack"))
            return result
        except DuplicateDelivery:  # a click already handled (handlers/ack_then_record.py): acknowledged, nothing more
            return None
        except Exception as error:
            ack = kwargs.get("ack")
            if ack is None or getattr(ack, "response", None) is None:
                raise
            on_listener_error(error, kwargs.get("body") or {}, None, kwargs.get("respond"), kwargs.get("context"))
            _tell_by_dm(kwargs, error)
            return None

    # Bolt injects arguments by parameter name: ask for what the error path needs too.
    extra = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in ERROR_CONTEXT
             if name not in wanted]
    wrapper.__signature__ = own.replace(parameters=[*own.parameters.values(), *extra])  # type: ignore[attr-defined]
    # Bolt reads the parameters of inspect.unwrap(listener): pointing it at the listener itself would hide `extra`.
    del wrapper.__wrapped__
    return wrapper


def _tell_by_dm(kwargs: dict[str, Any], error: Exception) -> None:
    """Where there is no response_url (App Home, modals), tell the person in their DM."""
    body, deps = kwargs.get("body") or {}, kwargs.get("deps")
    user = (body.get("user") or {}).get("id") or body.get("user_id")
    if deps is None or not user or body.get("response_url") or body.get("type") == "block_actions" and body.get(
            "container", {}).get("type") == "message":
        return
    try:
        deps.notifier.notice(user, failure_text(error))
    except Exception:
        logger.warning("could not tell the user about the failure")
