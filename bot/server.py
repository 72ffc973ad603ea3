"""Serving: a threaded WSGI server (waitress) in front of the sync Bolt app, plus start-up checks."""

from __future__ import annotations

import threading
from typing import Any
from bot.context_executor import AckFirstExecutor

from waitress.server import create_server
from waitress.wasyncore import close_all

from bot.app import WsgiApp, create_app, create_wsgi_app
from bot.deps import Deps
from bot.outbox_worker import InteractiveSender
from bot.settings import Settings
from bot.startup import StartupError, prepare  # noqa: F401  (the app's start-up checks, kept import-light for workers)

SERVER_THREADS = 8
ANSWERING_THREADS = 10  # listeners whose ack is still to come (commands, modal submissions), as many as before
AFTER_ACK_THREADS = 6  # listeners of clicks and events, answered already


def close_sockets(server: Any) -> None:
    """Close every socket of a waitress server from inside its own loop thread (its trigger runs the callback
    there), so the loop is not polling sockets another thread is closing; the map is private, close_all is
    waitress's own way out. If the wake-up pipe is already gone, close what is left from here."""
    try:
        server.trigger.pull_trigger(lambda: close_all(server._map))
    except OSError:
        close_all(server._map)


class AppServer:
    """The HTTP app on host:port, runnable in the foreground or on a background thread."""

    def __init__(self, settings: Settings, deps: Deps, host: str = "127.0.0.1", port: int = 3000) -> None:
        self.deps = deps
        self._listeners = AckFirstExecutor(ANSWERING_THREADS, AFTER_ACK_THREADS,
                                           thread_name_prefix="mentorbot-listener")
        self.wsgi: WsgiApp = create_wsgi_app(create_app(settings, deps, self._listeners), deps)
        self._server = create_server(self.wsgi, host=host, port=port, threads=SERVER_THREADS,
                                     ident="mentorbot", clear_untrusted_proxy_headers=True)
        self._thread: threading.Thread | None = None
        self._sender = InteractiveSender(deps)

    @property
    def url(self) -> str:
        return f"http://{self._server.effective_host}:{self._server.effective_port}"

    def serve_forever(self) -> None:
        self._sender.start()
        try:
            self._server.run()
        finally:
            self._sender.stop()

    def start_in_background(self) -> AppServer:
        self._sender.start()
        self._thread = threading.Thread(target=self._server.run, name="mentorbot-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Let in-flight requests and the work they started finish, then close every socket."""
        self._server.task_dispatcher.shutdown(cancel_pending=False, timeout=5)
        self._listeners.shutdown(wait=True)
        close_sockets(self._server)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._sender.stop()
