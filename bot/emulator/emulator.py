"""SlackEmulator: a local stand-in for Slack that the app talks to and tests steer."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.emulator import functions, oauth
from bot.emulator.actor import UserActor
from bot.emulator.browser import Browser, BrowserPage, authorize_link
from bot.emulator.api_directory import user_object
from bot.emulator.models import ActResult, Call, EmulatedUser
from bot.emulator.server import EmulatorHTTPServer
from bot.emulator.socket_mode import SocketModeEndpoint
from bot.emulator.workspace import BOT_USER_ID, InjectedFailure, Workspace
from bot.emulator.workspaces import Workspaces

POLL_SECONDS = 0.01
# How often the server thread checks for stop(); short so test teardown stays quick.
SHUTDOWN_POLL_SECONDS = 0.05


class SlackEmulator:
    """Serves Slack's Web API over HTTP, records every call and plays workspace members.

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

    def revoke_tokens(self, *, uninstall: bool = False) -> ActResult:
        """The workspace revokes the bot token (or uninstalls the app): every call fails, and the app is told."""
        with self._ws.lock:
            self._ws.revoked = "account_inactive" if uninstall else "token_revoked"
            oauth.revoke_all(self._ws)
        if uninstall:
            return self.send_event({"type": "app_uninstalled"})
        return self.send_event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [BOT_USER_ID]}})

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

    # OAuth installs (bot/emulator/oauth.py)

    def enable_oauth(self, app: oauth.OAuthApp) -> None:
        """Make the app distributable with these settings (in every workspace: it is one app): from now on only
        tokens issued by installs work."""
        with self._ws.lock:
            for workspace in self._workspaces.all():
                workspace.oauth = oauth.OAuthRegistry(app)

    @property
    def authorize_url(self) -> str:
        """Where apps send installers (SLACK_AUTHORIZE_URL)."""
        if not self._ws.base_url:
            raise RuntimeError("start() the emulator before asking for its authorize_url")
        return f"{self._ws.base_url}{oauth.AUTHORIZE_PATH}"

    def install(self, installer: str, install_url: str, *, org_wide: bool = False,
                browser: Browser | None = None) -> BrowserPage:
        """An installer opens the app's install URL, approves on Slack (org-wide: for the whole organisation) and is
        sent back to the app: the page the app shows at the end."""
        browser = browser or Browser()
        link = authorize_link(browser.get(install_url))
        if link is None or not link.startswith(self.authorize_url):
            raise AssertionError(f"the install page does not link to Slack's authorize URL: {link!r}")
        with self._ws.lock:
            try:
                redirect = oauth.authorize(self._ws, link, installer=installer, org_wide=org_wide)
            except oauth.AuthorizeRefused as refused:
                return BrowserPage(400, f"Slack refused the install: {refused}")
        return browser.get(redirect)

    def authorize_only(self, installer: str, install_url: str, *, org_wide: bool = False) -> tuple[Browser, str]:
        """The install up to Slack's redirect, not followed: (the browser, the redirect URL), to replay or tamper."""
        browser = Browser()
        link = authorize_link(browser.get(install_url))
        assert link is not None and link.startswith(self.authorize_url), link
        with self._ws.lock:
            return browser, oauth.authorize(self._ws, link, installer=installer, org_wide=org_wide)

    def authorize_with(self, installer: str, link: str, *, org_wide: bool = False) -> str:
        """Slack's authorize step for a URL a test builds itself: the redirect Location (AuthorizeRefused if not)."""
        with self._ws.lock:
            return oauth.authorize(self._ws, link, installer=installer, org_wide=org_wide)

    def issued_tokens(self) -> dict[str, float | None]:
        """Every access token installs and refreshes issued that still works, with its expiry (None: never)."""
        with self._ws.lock:
            registry = self._ws.oauth
            return dict(registry.access_tokens) if registry is not None else {}

    def in_enterprise(self, enterprise_id: str = oauth.ENTERPRISE_ID) -> None:
        """This workspace belongs to an Enterprise Grid organisation."""
        with self._ws.lock:
            self._ws.enterprise_id = enterprise_id

    # Workflow Builder steps (bot/emulator/functions.py)

    def declare_functions(self, definitions: dict[str, dict]) -> None:
        """The manifest's `functions` (callback_id -> title, description, input/output parameters)."""
        with self._ws.lock:
            for workspace in self._workspaces.all():
                workspace.functions = copy.deepcopy(definitions)

    def run_function(self, callback_id: str, inputs: dict[str, Any]) -> tuple[str, ActResult]:
        """A workflow reaches the step: Slack sends function_executed; (the execution id, the app's answer)."""
        with self._ws.lock:
            run, event = functions.start_run(self._ws, callback_id, inputs)
        return run.execution_id, self.send_event(event)

    def function_run(self, execution_id: str) -> functions.FunctionRun:
        with self._ws.lock:
            return copy.deepcopy(self._ws.function_runs[execution_id])

    def wait_for_function(self, execution_id: str, timeout: float = 5.0) -> functions.FunctionRun:
        """Until the app completes or fails the run."""
        self.wait_for(lambda: self.function_run(execution_id).outcome, timeout)
        return self.function_run(execution_id)

    def grant_scopes(self, scopes: set[str] | frozenset[str]) -> None:
        """Reinstall with exactly these bot scopes: calls needing any other answer missing_scope."""
        with self._ws.lock:
            self._ws.scopes = frozenset(scopes)

    def reinstall(self) -> None:
        """The app is installed again with the same token: calls work again."""
        with self._ws.lock:
            self._ws.revoked = None

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

    # Slack's behaviour under load and failure

    def set_rate_limit(self, method: str, per_minute: int | None) -> None:
        with self._ws.lock:
            if per_minute is None:
                self._ws.rate_limits.pop(method, None)
                self._ws.rate_windows.pop(method, None)
            else:
                self._ws.rate_limits[method] = per_minute

    def fail_next(
        self,
        method: str,
        *,
        error: str | None = None,
        http_status: int = 200,
        count: int = 1,
        retry_after: int | None = None,
        after_doing: bool = False,
    ) -> None:
        """Make the next count calls of method fail: ok:false with error, a 5xx, or a 429 with Retry-After.
        With after_doing, the call does its work first and only its answer fails (Slack did it; the app can't know)."""
        if http_status == 200 and error is None:
            raise ValueError("fail_next needs an error code or a non-200 http_status")
        with self._ws.lock:
            queued = self._ws.failures.setdefault(method, deque())
            queued.extend(InjectedFailure(error, http_status, retry_after, after_doing) for _ in range(count))

    def deliver_scheduled(self) -> None:
        """Post scheduled messages whose post_at has passed (also happens on every API call)."""
        with self._ws.lock:
            self._ws.deliver_scheduled()

    # what happened

    def calls(self, method: str | None = None) -> list[Call]:
        with self._ws.lock:
            return [copy.deepcopy(c) for c in self._ws.calls if method is None or c.method == method]

    def refusals(self) -> list[dict]:
        """Every payload Slack would have refused or not shown: {"surface", "error", "messages"}."""
        with self._ws.lock:
            return copy.deepcopy(self._ws.refusals)

    def take_refusals(self) -> list[dict]:
        """The refusals so far, forgotten once taken (for tests that provoke them on purpose)."""
        with self._ws.lock:
            taken, self._ws.refusals = self._ws.refusals, []
            return taken

    def reset_calls(self) -> None:
        with self._ws.lock:
            self._ws.calls.clear()

    def messages_to(self, user_id: str) -> list[dict]:
        """Messages in the bot's DM with user_id, oldest first, with updates applied."""
        with self._ws.lock:
            return self.messages_in(self._ws.im_channel(user_id).id)

    def messages_in(self, channel_id: str) -> list[dict]:
        with self._ws.lock:
            self._ws.deliver_scheduled()
            return copy.deepcopy(self._ws.messages.get(channel_id, []))

    def ephemerals_to(self, user_id: str) -> list[dict]:
        """Ephemeral messages shown to user_id: chat.postEphemeral, response_url and command answers."""
        with self._ws.lock:
            return copy.deepcopy([e for e in self._ws.ephemerals if e["user"] == user_id])

    def responses(self) -> list[dict]:
        """Every body POSTed to a response_url, with its "token" and the HTTP "status" it got."""
        with self._ws.lock:
            return copy.deepcopy(self._ws.response_log)

    def home_view(self, user_id: str) -> dict | None:
        with self._ws.lock:
            return copy.deepcopy(self._ws.home_views.get(user_id))

    def open_modal(self, user_id: str) -> dict | None:
        with self._ws.lock:
            stack = self._ws.modal_stacks.get(user_id)
            return copy.deepcopy(stack[-1]) if stack else None

    def files(self) -> list[dict]:
        with self._ws.lock:
            return [
                {
                    "id": upload.id,
                    "title": upload.title,
                    "filename": upload.filename,
                    "channel_id": upload.channel_id,
                    "initial_comment": upload.initial_comment,
                    "content": upload.content,
                    "user": BOT_USER_ID,
                }
                for upload in self._ws.uploads.values()
                if upload.completed
            ]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Poll predicate (real time, every 10 ms) until it returns something truthy, and return that."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise AssertionError(f"timed out waiting for {_describe(predicate)}")
            time.sleep(POLL_SECONDS)

    # acting as users

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
        return self._actor.slash_command(
            user_id,
            command,
            text,
            channel_id=channel_id,
            timestamp=timestamp,
            signing_secret=signing_secret,
            retry_num=retry_num,
        )

    def click(
        self, user_id: str, action_id: str, *, value: str | None = None, selected: str | list[str] | None = None,
        confirm: bool = True,
    ) -> ActResult:
        """Click as user_id; confirm=False answers a confirmation dialog with No (nothing reaches the app)."""
        return self._actor.click(user_id, action_id, value=value, selected=selected, confirm=confirm)

    def submit_view(self, user_id: str, values: dict[str, Any] | None = None) -> ActResult:
        return self._actor.submit_view(user_id, values)

    def suggest(self, user_id: str, block_id: str, typed: str = "") -> list[dict]:
        """Type into an external select of user_id's open modal: the options the app serves."""
        return self._actor.suggest(user_id, block_id, typed)

    def close_view(self, user_id: str) -> ActResult:
        return self._actor.close_view(user_id)

    def open_home(self, user_id: str, *, retry_num: int | None = None, event_id: str | None = None) -> ActResult:
        return self._actor.open_home(user_id, retry_num=retry_num, event_id=event_id)

    def send_event(self, event: dict, *, retry_num: int | None = None, event_id: str | None = None) -> ActResult:
        return self._actor.send_event(event, retry_num=retry_num, event_id=event_id)

    def send_signed(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signing_secret: str | None = None,
        extra_headers: dict | None = None,
    ) -> ActResult:
        return self._actor.send_signed(
            body, content_type, timestamp=timestamp, signing_secret=signing_secret, extra_headers=extra_headers
        )


def _describe(predicate: Callable[[], Any]) -> str:
    try:
        return inspect.getsource(predicate).strip()
    except (OSError, TypeError):
        return getattr(predicate, "__name__", repr(predicate))


def load_users(users_json: str) -> list[EmulatedUser]:
    """Users from a JSON list of EmulatedUser fields, given inline or as a file path."""
    text = users_json if users_json.lstrip().startswith("[") else Path(users_json).read_text()
    return [EmulatedUser(**fields) for fields in json.loads(text)]


def serve_forever(
    port: int,
    host: str,
    bot_token: str,
    signing_secret: str,
    users_json: str | None = None,
    app_url: str | None = None,
) -> None:
    """Run the emulator in the foreground until Ctrl-C (for `mentorbot emulator --port`)."""
    emulator = SlackEmulator(bot_token=bot_token, signing_secret=signing_secret, app_url=app_url)
    for user in load_users(users_json) if users_json else []:
        emulator.add_user(user)
    emulator.start(host, port)
    print(f"Slack emulator serving the Web API at {emulator.api_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
