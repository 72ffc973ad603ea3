"""SlackEmulator: a local stand-in for Slack that the app talks to and tests steer: its lifecycle and workspaces."""

from __future__ import annotations

import copy
import dataclasses
import threading
import time
from collections.abc import Callable
from typing import Any

from bot.emulator import oauth
from bot.emulator.actor import UserActor
from bot.emulator.api_directory import user_object
from bot.emulator.conditions import Conditions
from bot.emulator.installs import Installs
from bot.emulator.models import ActResult, EmulatedUser
from bot.emulator.server import EmulatorHTTPServer
from bot.emulator.socket_mode import SocketModeEndpoint
from bot.emulator.workflow_steps import WorkflowSteps
from bot.emulator.workspace import BOT_USER_ID, Workspace
from bot.emulator.workspaces import Workspaces

# How often the server thread checks for stop(); short so test teardown stays quick.
SHUTDOWN_POLL_SECONDS = 0.05

class SlackEmulator(Installs, WorkflowSteps, Conditions):
    """Serves Slack's Web API over HTTP, records every call and plays workspace members. What a test can do with it
    is split by idea: acting as members (acting.py), reading what happened (observing.py), load and failure
    (conditions.py), installs (installs.py), Workflow Builder steps (workflow_steps.py); here, its lifecycle and
    its workspaces.

    app_url is where requests from emulated users go (the app's /slack/events endpoint).
    rate_limits are calls per rate_window_seconds (a minute, as Slack states its tiers, unless shortened).
    """

    def __init__(
        self,
        *,
        bot_token: str,
        signing_secret: str,
        app_url: str | None = None,
        team_id: str = "T0MENTOR",
        rate_limits: dict[str, int] | None = None,
        clock: Callable[[], float] = time.time,
        rate_window_seconds: float = 60.0,
        app_token: str | None = None,
    ) -> None:
        self._primary = self  # the emulator that was started; workspaces added later are steered by copies
        self._app_url: str | None = app_url
        self._app_token = app_token  # set: the app may connect over Socket Mode with it
        self._ws = Workspace(bot_token=bot_token, team_id=team_id, clock=clock, rate_window_seconds=rate_window_seconds)
        self._ws.rate_limits.update(rate_limits or {})
        self._workspaces = Workspaces(self._ws)
        self._actor = UserActor(self._ws, signing_secret, lambda: self.app_url)
        self._server: EmulatorHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def app_url(self) -> str | None:
        """Where requests from emulated users go (the app's /slack/events endpoint): one app for all workspaces."""
        return self._primary._app_url

    @app_url.setter
    def app_url(self, url: str | None) -> None:
        self._primary._app_url = url

    # lifecycle

    def start(self, host: str = "127.0.0.1", port: int = 0) -> SlackEmulator:
        """Serve in a background thread; port 0 picks a free port."""
        if self._server is not None:
            raise RuntimeError("the emulator is already running")
        server = EmulatorHTTPServer((host, port), self._workspaces)
        reachable_host = "127.0.0.1" if host in {"", "0.0.0.0"} else host
        for workspace in self._workspaces.all():
            workspace.base_url = f"http://{reachable_host}:{server.server_address[1]}"
        self._thread = threading.Thread(
            target=server.serve_forever, args=(SHUTDOWN_POLL_SECONDS,), name="slack-emulator", daemon=True
        )
        self._thread.start()
        self._server = server
        if self._app_token:
            self._ws.socket_mode = SocketModeEndpoint(self._app_token, reachable_host)
        return self

    def wait_for_socket_connection(self, timeout: float = 10.0) -> None:
        """Until an app connects over Socket Mode; from then on users' actions reach it there."""
        assert self._ws.socket_mode is not None, "start the emulator with an app_token for Socket Mode"
        self._ws.socket_mode.wait_until_connected(timeout)

    def stop(self) -> None:
        if self._server is None:
            return
        if self._ws.socket_mode is not None:
            self._ws.socket_mode.stop()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> SlackEmulator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        if not self._ws.base_url:
            raise RuntimeError("start() the emulator before asking for its api_url")
        return f"{self._ws.base_url}/api/"

    @property
    def bot_user_id(self) -> str:
        return BOT_USER_ID

    # the workspace

    def add_user(self, user: EmulatedUser) -> EmulatedUser:
        with self._ws.lock:
            self._ws.users[user.id] = user
        return user

    def set_user(self, user_id: str, **changes: Any) -> EmulatedUser:
        with self._ws.lock:
            if user_id not in self._ws.users:
                raise KeyError(f"no user {user_id} in the emulated workspace")
            self._ws.users[user_id] = dataclasses.replace(self._ws.users[user_id], **changes)
            return self._ws.users[user_id]

    def change_user(self, user_id: str, **changes: Any) -> ActResult:
        """A profile change (name, tz, deleted=True for a deactivation): Slack sends user_change to the app."""
        user = self.set_user(user_id, **changes)
        with self._ws.lock:
            event = {"type": "user_change", "user": user_object(self._ws, user), "cache_ts": int(self._ws.now())}
        return self.send_event(event)

    # several workspaces (bot/emulator/workspaces.py)

    def add_workspace(self, team_id: str, *, bot_token: str, team_name: str | None = None,
                      enterprise_id: str | None = None) -> SlackEmulator:
        """Another workspace on this Slack (in the organisation enterprise_id, if given), with its own people,
        channels and bot token, for the same app: the emulator that steers it (its users act there; its calls,
        messages and refusals are its own). Start and stop the emulator itself, not this one."""
        with self._ws.lock:
            primary = self._ws
            if any(ws.team_id == team_id for ws in self._workspaces.all()):
                raise ValueError(f"a workspace {team_id} already exists")
            workspace = Workspace(bot_token=bot_token, team_id=team_id, clock=primary.clock, lock=primary.lock,
                                  base_url=primary.base_url, team_name=team_name or team_id,
                                  id_tag=f"EM{len(self._workspaces.others) + 1}", enterprise_id=enterprise_id,
                                  rate_window_seconds=primary.rate_window_seconds,
                                  functions=copy.deepcopy(primary.functions))
            if primary.oauth is not None:
                workspace.oauth = oauth.OAuthRegistry(primary.oauth.app)
            self._workspaces.others.append(workspace)
        return self._steering(workspace)

    def _steering(self, workspace: Workspace) -> SlackEmulator:
        steering = copy.copy(self)
        steering._ws = workspace
        steering._actor = UserActor(workspace, self._actor.signing_secret, lambda: steering.app_url)
        return steering

    @property
    def team_id(self) -> str:
        return self._ws.team_id

    def users(self) -> list[EmulatedUser]:
        with self._ws.lock:
            return list(self._ws.users.values())

    def add_channel(self, name: str, *, channel_id: str | None = None, members: list[str] | None = None) -> str:
        """Create a public channel (members default to everyone added so far) and return its id."""
        with self._ws.lock:
            chosen = set(members) if members is not None else set(self._ws.users)
            return self._ws.public_channel(name, channel_id, chosen).id

    def dm_channel_id(self, user_id: str) -> str:
        with self._ws.lock:
            return self._ws.im_channel(user_id).id
