"""Socket Mode serving, for hospitals that cannot expose an inbound URL: the app dials out to Slack over a
WebSocket, answers GET /healthz on a local port for the orchestrator, and stops gracefully on SIGTERM."""

from __future__ import annotations

import threading
from bot.context_executor import AckFirstExecutor

from waitress.server import create_server

from bot.app import create_app, create_health_app, socket_mode_handler
from bot.deps import Deps
from bot.outbox_worker import InteractiveSender
from bot.server import close_sockets
from bot.settings import Settings

ANSWERING_THREADS = 10  # listeners whose ack is still to come (commands, modal submissions), as many as before
AFTER_ACK_THREADS = 6  # listeners of clicks and events, answered already


class SocketModeServer:
    """Bolt over Socket Mode plus a health endpoint; runnable in the foreground or on background threads."""

    def __init__(self, settings: Settings, deps: Deps, *, health_host: str = "127.0.0.1", health_port: int = 3000):
        assert settings.slack_app_token is not None, "Socket Mode needs SLACK_APP_TOKEN"
        self.deps = deps
        self._listeners = AckFirstExecutor(ANSWERING_THREADS, AFTER_ACK_THREADS,
                                           thread_name_prefix="mentorbot-listener")
        app = create_app(settings, deps, self._listeners)
        self._handler = socket_mode_handler(app, settings.slack_app_token.get_secret_value())
        self._health = create_server(create_health_app(deps, self.is_connected), host=health_host, port=health_port,
                                     threads=2, ident="mentorbot-health")
        self._stopped = threading.Event()
        self._health_thread: threading.Thread | None = None
        self._sender = InteractiveSender(deps)

    @property
    def health_url(self) -> str:
        return f"http://{self._health.effective_host}:{self._health.effective_port}/healthz"

    def is_connected(self) -> bool:
        return not self._stopped.is_set() and self._handler.client.is_connected()

    def start_in_background(self) -> SocketModeServer:
        self._health_thread = threading.Thread(target=self._health.run, name="mentorbot-health", daemon=True)
        self._health_thread.start()
        self._sender.start()
        self._handler.connect()  # apps.connections.open, then the WebSocket; Bolt reconnects on its own
        return self

    def serve_forever(self) -> None:
        self.start_in_background()
        self._stopped.wait()

    def stop(self) -> None:
        """Stop taking new requests, let the in-flight ones and their listener work finish, then close."""
        self._stopped.set()
        self._handler.close()
        self._listeners.shutdown(wait=True)
        close_sockets(self._health)
        if self._health_thread is not None:
            self._health_thread.join(timeout=5)
        self._sender.stop()
