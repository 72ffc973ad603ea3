"""Who may act, checked in one place for listeners: `coordinators_only` wraps every coordinator-only listener.

The check and its audit are one service call (`bot.access.authorize`); pair-level refusals (`Refused`) are raised
and audited by the services themselves (`bot.access.unit_of_work`), so listeners only show them.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack

from bot.access import COORDINATORS, faculty_wide_only_text, authorize, refusal_text

NEEDED = ("ack", "body", "deps")


def coordinators_only(action: str | None = None, *, refuse_on_modal: str | None = None,
                      faculty_wide_only: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run the listener for coordinators only; anyone else's attempt is audited under `action` (a click's own
    action_id when None) and refused: on the modal's first input when `refuse_on_modal` names a fallback block,
    otherwise acknowledged and told by DM. `faculty_wide_only` also refuses program coordinators (a surface that
    is the whole faculty's; each surface's decision is in tests/test_scoped_authorization.py)."""

    def wrap(listener: Callable[..., Any]) -> Callable[..., Any]:
        own = inspect.signature(listener)
        wanted = set(own.parameters)

        @functools.wraps(listener)
        def wrapper(**kwargs: Any) -> Any:
            ack, body, deps = kwargs["ack"], kwargs["body"], kwargs["deps"]
            user_id = body["user"]["id"]
            audited_as = action or body["actions"][0]["action_id"]
            allowed, roles = authorize(sessions=deps.sessions, slack_user_id=user_id, allowed=COORDINATORS,
                                       action=audited_as, now=deps.clock.now(), faculty_wide_only=faculty_wide_only)
            if allowed:
                return listener(**{name: value for name, value in kwargs.items() if name in wanted})
            text = faculty_wide_only_text() if "coordinator" in roles else refusal_text(COORDINATORS)
            if refuse_on_modal is not None:
                return refuse_submission(ack, body.get("view") or {}, refuse_on_modal, text)
            ack()
            deps.notifier.notice(user_id, text)
            return None

        # Bolt injects arguments by parameter name: ask for what the check needs too.
        extra = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in NEEDED
                 if name not in wanted]
        wrapper.__signature__ = own.replace(parameters=[*own.parameters.values(), *extra])  # type: ignore[attr-defined]
        del wrapper.__wrapped__  # Bolt reads the names of inspect.unwrap(listener): stop it here, at the extended ones
        wrapper.coordinators_only = True  # type: ignore[attr-defined]
        wrapper.faculty_wide_only = faculty_wide_only  # type: ignore[attr-defined]
        return wrapper

    return wrap


def refuse_submission(ack: Ack, view: dict[str, Any], fallback_block: str, text: str | None = None) -> None:
    """Refuse a modal submission where Slack shows it: as an error on the modal's first input."""
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        blocks = []
    first = next((b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("type") == "input"), None)
    ack(response_action="errors", errors={first or fallback_block: text or refusal_text(COORDINATORS)})

