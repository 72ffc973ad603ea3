"""Plays workspace members: sends the app what Slack sends when people type, click and submit.

The workspace lock is held only while reading or changing state, never while the app is
answering, because the app calls back into the Web API while it handles a request.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode

from bot.emulator import payloads
from bot.emulator.api_common import message_content
from bot.emulator.api_views import check_submission_errors, push_view, replaced_view, validate_view
from bot.emulator.block_kit import check_blocks
from bot.emulator.blocks import action_entry, element_kind, is_external, stateful_elements
from bot.emulator.models import ActResult, Channel, EmulatedUser, SlackError
from bot.emulator.signing import FORM, JSON, send_signed
from bot.emulator.surfaces import Clickable, find_clickable
from bot.emulator.view_state import Key, build_state, resolve_value_keys
from bot.emulator.workspace import Workspace

NOTHING_SENT = ActResult(status=0, body="", json=None)


def _retry_headers(retry_num: int | None) -> dict[str, str]:
    if retry_num is None:
        return {}
    return {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}


def _payload_of(body: bytes, content_type: str) -> dict[str, Any]:
    """What an HTTP request body carries, as Socket Mode puts it in an envelope's payload."""
    if content_type == JSON:
        return json.loads(body)
    fields = {key: values[0] for key, values in parse_qs(body.decode(), keep_blank_values=True).items()}
    return json.loads(fields["payload"]) if "payload" in fields else fields


def _retry_num(headers: dict[str, str] | None) -> int | None:
    value = (headers or {}).get("X-Slack-Retry-Num")
    return int(value) if value else None


def _click_value(element: dict, value: str | None, selected: str | list[str] | None) -> Any:
    """What the user picks or types in element; buttons carry no input of their own."""
    if element.get("type") == "button":
        return None
    typed = element_kind(element).shape == "text"
    raw = (value if value is not None else selected) if typed else (selected if selected is not None else value)
    if raw is None:
        raise AssertionError(f"pass selected= (or value=) to act on {element.get('type')} {element['action_id']!r}")
    return raw


class UserActor:
    def __init__(self, ws: Workspace, signing_secret: str, app_url: Callable[[], str | None]) -> None:
        self.ws = ws
        self.signing_secret = signing_secret
        self._app_url = app_url

    def send_signed(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signing_secret: str | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> ActResult:
        socket = self.ws.socket_mode
        if socket is not None and socket.is_connected():
            return socket.deliver(_payload_of(body, content_type), _retry_num(extra_headers))
        url = self._app_url()
        if not url:
            raise AssertionError("set SlackEmulator.app_url before acting as a user")
        secret = self.signing_secret if signing_secret is None else signing_secret
        return send_signed(
            url, body, content_type, signing_secret=secret, timestamp=timestamp, extra_headers=extra_headers
        )

    def _send_payload(self, payload: dict[str, Any]) -> ActResult:
        return self.send_signed(urlencode({"payload": json.dumps(payload)}).encode(), FORM)

    def _member(self, user_id: str) -> EmulatedUser:
        user = self.ws.users.get(user_id)
        if user is None:
            raise AssertionError(f"{user_id} is not a member of the emulated workspace; add_user() first")
        return user

    def _top_modal(self, user_id: str) -> dict:
        stack = self.ws.modal_stacks.get(user_id)
        if not stack:
            raise AssertionError(f"{user_id} has no open modal")
        return stack[-1]

    # slash commands

    def slash_command(
        self,
        user_id: str,
        command: str,
        text: str = "",
        *,
        channel_id: str | None = None,
        timestamp: int | None = None,
        signing_secret: str | None = None,
        retry_num: int | None = None,
    ) -> ActResult:
        with self.ws.lock:
            user = self._member(user_id)
            channel = self._command_channel(user_id, channel_id)
            fields = payloads.slash_command_fields(self.ws, user, channel, command, text)
        result = self.send_signed(
            urlencode(fields).encode(),
            FORM,
            timestamp=timestamp,
            signing_secret=signing_secret,
            extra_headers=_retry_headers(retry_num),
        )
        if result.status == 200:
            with self.ws.lock:
                self._deliver_command_reply(user_id, channel.id, result)
        return result

    def _command_channel(self, user_id: str, channel_id: str | None) -> Channel:
        if channel_id is None:
            return self.ws.im_channel(user_id)
        channel = self.ws.channels.get(channel_id)
        if channel is None:
            # Tests may run a command in any channel without setting it up first.
            channel = self.ws.public_channel(channel_id.lower(), channel_id, set())
        if channel.kind == "channel":
            channel.members.add(user_id)
        elif user_id not in channel.members:
            raise AssertionError(f"{user_id} is not in conversation {channel_id}")
        return channel

    def _deliver_command_reply(self, user_id: str, channel_id: str, result: ActResult) -> None:
        """Show the app's immediate answer to a command the way Slack does."""
        if result.json is None:
            if result.body.strip():
                self.ws.add_ephemeral(user_id, channel_id, {"text": result.body}, via="command_response")
            return
        try:
            content = message_content(result.json)
        except SlackError as error:
            self.ws.refuse("slash command ack", error.code, error.messages)
            return  # Slack shows the user an error instead; the test sees the body in ActResult
        if result.json.get("response_type") == "in_channel":
            self.ws.post(channel_id, content)
        else:
            self.ws.add_ephemeral(user_id, channel_id, content, via="command_response")

    # clicks

    def click(
        self, user_id: str, action_id: str, *, value: str | None = None, selected: str | list[str] | None = None,
        confirm: bool = True,
    ) -> ActResult:
        """Click an element; where it carries a confirm dialog, answer it (No sends Slack nothing at all)."""
        with self.ws.lock:
            user = self._member(user_id)
            target = find_clickable(self.ws, user_id, action_id, value)
            if "confirm" in target.element and not confirm:
                return NOTHING_SENT
            payload = self._block_actions(user, target, _click_value(target.element, value, selected))
        result = self._send_payload(payload)
        if result.status == 200 and result.body.strip():
            # Slack shows nothing of a block_actions ack body: a reply must go to response_url or a DM.
            self.ws.refuse("block_actions ack", "ignored_ack_body", [result.body[:200]])
        return result

    def _block_actions(self, user: EmulatedUser, target: Clickable, raw: Any) -> dict[str, Any]:
        action = action_entry(target.block, target.element, raw, self.ws.next_ts())
        surface = target.surface
        choice = {} if raw is None else {(target.block["block_id"], target.element["action_id"]): raw}
        if surface.view is not None:
            # The view remembers the pick, so later payloads and the submission carry it.
            surface.view["state"] = build_state(surface.view["blocks"], surface.view["state"]["values"], choice)
            return payloads.view_block_actions(self.ws, user, surface.view, [action])
        assert surface.message is not None
        state = build_state(surface.blocks, {}, choice)
        return payloads.message_block_actions(
            self.ws, user, surface.message, is_ephemeral=surface.is_ephemeral, state=state, actions=[action]
        )

    # modals

    def submit_view(self, user_id: str, values: dict[str, Any] | None = None) -> ActResult:
        with self.ws.lock:
            user = self._member(user_id)
            view = self._top_modal(user_id)
            choices = resolve_value_keys(view["blocks"], values or {})
        choices = self._served_options(user, view, choices)
        with self.ws.lock:
            view["state"] = build_state(view["blocks"], view["state"]["values"], choices, enforce_required=True)
            payload = payloads.view_submission(self.ws, user, view)
        result = self._send_payload(payload)
        with self.ws.lock:
            self._apply_submission_answer(user_id, payload["view"]["id"], result)
        return result

    def _served_options(self, user: EmulatedUser, view: dict, choices: dict[Key, Any]) -> dict[Key, Any]:
        """Values for external selects become the options the app serves when the person types each one."""
        externals = {(b["block_id"], e["action_id"]) for b, e in stateful_elements(view["blocks"]) if is_external(e)}
        served = dict(choices)
        for key in externals & set(choices):
            raw = choices[key]
            typed = raw if isinstance(raw, list) else [] if raw is None else [raw]
            picked = [self._pick(user, view, key, str(value)) for value in typed]
            served[key] = picked if isinstance(raw, list) else (picked[0] if picked else None)
        return served

    def _pick(self, user: EmulatedUser, view: dict, key: Key, typed: str) -> dict:
        offered = self.suggest(user.id, key[0], typed, view=view)
        for option in offered:
            if option.get("value") == typed:
                return option
        raise AssertionError(f"typing {typed!r} into {key[0]!r}, the app offered {[o.get('value') for o in offered]}")

    def suggest(self, user_id: str, block_id: str, typed: str, *, view: dict | None = None) -> list[dict]:
        """The options the app serves (block_suggestion) while user_id types into an external select."""
        with self.ws.lock:
            user = self._member(user_id)
            view = view or self._top_modal(user_id)
            action_id = next(e["action_id"] for b, e in stateful_elements(view["blocks"]) if b["block_id"] == block_id)
            payload = payloads.block_suggestion(self.ws, user, view, block_id, action_id, typed)
        result = self._send_payload(payload)
        answer = result.json if isinstance(result.json, dict) else {}
        offered = list(answer.get("options") or [])
        offered += [o for group in answer.get("option_groups") or [] for o in group.get("options") or []]
        problems = check_blocks([{"type": "section", "text": {"type": "mrkdwn", "text": "."}, "accessory": {
            "type": "static_select", "action_id": "served", "options": offered}}], "message") if offered else []
        if result.status != 200 or problems:
            with self.ws.lock:
                self.ws.refuse("block_suggestion ack", "invalid_options", problems or [f"HTTP {result.status}"])
            return []
        return offered

    def _apply_submission_answer(self, user_id: str, view_id: str, result: ActResult) -> None:
        stack = self.ws.modal_stacks.get(user_id, [])
        position = next((i for i, view in enumerate(stack) if view["id"] == view_id), None)
        if result.status != 200 or position is None:
            return  # Slack keeps the modal open and shows the user a connection error
        if not result.body.strip():
            stack.pop(position)
            return
        answer = result.json if isinstance(result.json, dict) else {}
        action = answer.get("response_action")
        try:
            if action == "update":
                stack[position] = replaced_view(self.ws, stack[position], validate_view(answer.get("view"), "modal"))
            elif action == "push":
                push_view(self.ws, user_id, validate_view(answer.get("view"), "modal"))
            elif action == "clear":
                stack.clear()
            elif action == "errors":
                check_submission_errors(stack[position], answer.get("errors"))
            else:
                raise SlackError("invalid_response_action", messages=[f"unknown response_action {action!r}"])
        except SlackError as error:
            # Slack keeps the modal open and tells the person it could not connect to the app.
            self.ws.refuse(f"view_submission ack ({action})", error.code, error.messages)

    def close_view(self, user_id: str) -> ActResult:
        with self.ws.lock:
            user = self._member(user_id)
            view = self._top_modal(user_id)
            stack = self.ws.modal_stacks[user_id]
            if view["clear_on_close"]:
                stack.clear()
            else:
                stack.pop()
            if not view["notify_on_close"]:
                return NOTHING_SENT
            payload = payloads.view_closed(self.ws, user, view, is_cleared=view["clear_on_close"])
        return self._send_payload(payload)

    # events

    def open_home(self, user_id: str, *, retry_num: int | None = None, event_id: str | None = None) -> ActResult:
        with self.ws.lock:
            self._member(user_id)
            event: dict[str, Any] = {
                "type": "app_home_opened",
                "user": user_id,
                "channel": self.ws.im_channel(user_id).id,
                "tab": "home",
            }
            home = self.ws.home_views.get(user_id)
            if home is not None:
                event["view"] = copy.deepcopy(home)
        return self.send_event(event, retry_num=retry_num, event_id=event_id)

    def send_event(self, event: dict, *, retry_num: int | None = None, event_id: str | None = None) -> ActResult:
        with self.ws.lock:
            envelope = payloads.event_callback(self.ws, event, event_id)
        body = json.dumps(envelope).encode()
        return self.send_signed(body, JSON, extra_headers=_retry_headers(retry_num))
