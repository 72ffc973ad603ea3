"""Where a user can see interactive elements: their modal, their App Home, their messages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.emulator.blocks import clickable_elements, describe_element
from bot.emulator.workspace import Workspace


@dataclass
class Surface:
    """A modal, a Home view, a message or an ephemeral message shown to one user."""

    blocks: list[dict]
    view: dict | None = None
    message: dict | None = None
    is_ephemeral: bool = False


@dataclass
class Clickable:
    surface: Surface
    block: dict
    element: dict


def _ts_key(ts: str) -> tuple[int, int]:
    seconds, _, fraction = ts.partition(".")
    return int(seconds), int(fraction or 0)


def surfaces_of(ws: Workspace, user_id: str) -> Iterator[Surface]:
    """The user's surfaces in the order a click looks for an element: modal, Home, then newest message first."""
    stack = ws.modal_stacks.get(user_id)
    if stack:
        yield Surface(stack[-1]["blocks"], view=stack[-1])
    home = ws.home_views.get(user_id)
    if home:
        yield Surface(home["blocks"], view=home)
    shown = [(m["ts"], Surface(m["blocks"], message=m)) for c in ws.channels_of(user_id) for m in ws.messages[c.id]]
    own_ephemerals = [e for e in ws.ephemerals if e["user"] == user_id]
    shown += [(e["ts"], Surface(e["blocks"], message=e, is_ephemeral=True)) for e in own_ephemerals]
    for _, surface in sorted(shown, key=lambda pair: _ts_key(pair[0]), reverse=True):
        yield surface


def find_clickable(ws: Workspace, user_id: str, action_id: str, value: str | None) -> Clickable:
    """The first element with action_id (and, for buttons, value) on the user's surfaces."""
    for surface in surfaces_of(ws, user_id):
        for block, element in clickable_elements(surface.blocks):
            if element.get("action_id") != action_id:
                continue
            if value is None or element.get("type") != "button" or element.get("value") == value:
                return Clickable(surface, block, element)
    visible = [describe_element(e) for s in surfaces_of(ws, user_id) for _, e in clickable_elements(s.blocks)]
    wanted = action_id if value is None else f"{action_id}(value={value!r})"
    raise AssertionError(f"{user_id} sees no element {wanted}; visible action_ids: {visible}")
