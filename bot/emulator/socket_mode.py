"""Socket Mode as Slack runs it: `apps.connections.open` (app-level token) gives a WebSocket URL; Slack says
"hello", sends each request as an envelope, and waits for an ack carrying the same envelope_id (3 s, as over HTTP).

While an app is connected, everything the emulator's users do reaches it over this socket instead of HTTP.
"""

from __future__ import annotations

import json
import secrets
import threading
from typing import Any
from urllib.parse import parse_qs

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from bot.emulator.models import ActResult, SlackError
from bot.emulator.workspace import APP_ID

ACK_TIMEOUT_SECONDS = 3.0
NO_ACK = ActResult(status=0, body="", json=None)  # Slack shows the person an error, as for an HTTP timeout


def envelope_type(payload: dict[str, Any]) -> str:
    """Socket Mode's name for what was sent: events_api, interactive or slash_commands."""
    if payload.get("type") == "event_callback":
        return "events_api"
    return "slash_commands" if "command" in payload else "interactive"


class SocketModeEndpoint:
    """The WebSocket side of the emulator: connections opened with a ticket, envelopes out, acks back."""

    def __init__(self, app_token: str, host: str = "127.0.0.1") -> None:
        self.app_token = app_token
        self._tickets: set[str] = set()
        self._connections: list[ServerConnection] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self._changed = threading.Condition()
        self._server: Server = serve(self._serve_connection, host, 0)
        self.port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="emulator-socket-mode", daemon=True)
        self._thread.start()

    def open_connection(self, token: str | None) -> dict[str, Any]:
        """apps.connections.open: an app-level token (xapp-) with connections:write gets a one-time URL."""
        if not token or not token.startswith("xapp-"):
            raise SlackError("not_allowed_token_type")
        if token != self.app_token:
            raise SlackError("invalid_auth")
        ticket = secrets.token_hex(8)
        with self._changed:
            self._tickets.add(ticket)
        return {"url": f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={APP_ID}"}

    def is_connected(self) -> bool:
        with self._changed:
            return bool(self._connections)

    def wait_until_connected(self, timeout: float = 10.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: self._connections, timeout):
                raise AssertionError("no app connected over Socket Mode")

    def deliver(self, payload: dict[str, Any], retry_num: int | None = None) -> ActResult:
        """Send payload in an envelope and wait for its ack; the ack's payload is the app's answer."""
        envelope_id = secrets.token_hex(12)
        kind = envelope_type(payload)
        envelope: dict[str, Any] = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                                    "accepts_response_payload": kind != "events_api"}
        if retry_num is not None:
            envelope.update(retry_attempt=retry_num, retry_reason="timeout")
        with self._changed:
            connection = self._connections[-1] if self._connections else None
        if connection is None:
            raise AssertionError("no app is connected over Socket Mode")
        connection.send(json.dumps(envelope))
        with self._changed:
            if not self._changed.wait_for(lambda: envelope_id in self._acks, ACK_TIMEOUT_SECONDS):
                return NO_ACK
            ack = self._acks.pop(envelope_id)
        answer = ack.get("payload")
        if not answer:
            return ActResult(status=200, body="", json=None)
        if isinstance(answer, str):
            return ActResult(status=200, body=answer, json=None)
        return ActResult(status=200, body=json.dumps(answer), json=answer)

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)

    def _serve_connection(self, connection: ServerConnection) -> None:
        ticket = parse_qs((connection.request.path if connection.request else "").partition("?")[2]).get("ticket", [""])[0]
        with self._changed:
            if ticket not in self._tickets:
                connection.close(code=4001, reason="invalid ticket")
                return
            self._tickets.discard(ticket)  # a URL works once, as Slack's do
        connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                    "connection_info": {"app_id": APP_ID}, "debug_info": {"host": "emulator"}}))
        with self._changed:
            self._connections.append(connection)
            self._changed.notify_all()
        try:
            for frame in connection:
                self._receive(frame)
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                self._connections.remove(connection)
                self._changed.notify_all()

    def _receive(self, frame: str | bytes) -> None:
        try:
            message = json.loads(frame)
        except ValueError:
            return
        if isinstance(message, dict) and message.get("envelope_id"):
            with self._changed:
                self._acks[message["envelope_id"]] = message
                self._changed.notify_all()
