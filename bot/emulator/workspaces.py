"""Several workspaces behind one emulator, as Slack hosts them: each with its own people, channels and bot token,
and an Enterprise Grid organisation holding some of them.

Every Web API call is served by the workspace its token belongs to, so a token of one workspace finds nothing of
another (`channel_not_found`, `user_not_found`, ...). A token of an org-wide install works in every workspace of its
organisation: the call goes to the workspace that holds what it names (a channel, a user, a view, a trigger). The
app is one Slack app: one signing secret, one OAuth client, one set of Redirect URLs. One lock guards them all."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from bot.emulator import functions
from bot.emulator.workspace import Workspace


@dataclass
class Workspaces:
    primary: Workspace
    others: list[Workspace] = field(default_factory=list)

    @property
    def lock(self) -> threading.RLock:
        return self.primary.lock

    def all(self) -> list[Workspace]:
        return [self.primary, *self.others]

    def of_organisation(self, enterprise_id: str | None) -> list[Workspace]:
        return [ws for ws in self.all() if enterprise_id is not None and ws.enterprise_id == enterprise_id]

    def for_call(self, method: str, args: dict[str, Any], token: str | None) -> Workspace:
        """The workspace that answers a call made with this token (lock held by the caller)."""
        if method == "oauth.v2.access":
            return self._for_grant(args)
        if not token:
            return self.primary
        accepting = [ws for ws in self.all() if _accepts(ws, method, args, token)]
        if len(accepting) > 1:
            return next((ws for ws in accepting if _holds(ws, args)), accepting[0])
        if accepting:
            return accepting[0]
        # refused everywhere: answered by the workspace that issued it (token_expired), else invalid_auth
        return next((ws for ws in self.all() if _issued(ws, token)), self.primary)

    def for_response_url(self, token: str) -> Workspace:
        return next((ws for ws in self.all() if token in ws.response_urls), self.primary)

    def for_upload(self, file_id: str) -> Workspace:
        return next((ws for ws in self.all() if file_id in ws.uploads), self.primary)

    def share_org_wide_token(self, installed: Workspace, answer: dict[str, Any]) -> None:
        """After an org-wide install (or its refresh): the token works in every workspace of the organisation."""
        if not (answer.get("ok") and answer.get("is_enterprise_install") and answer.get("access_token")):
            return
        token = answer["access_token"]
        for ws in self.of_organisation(installed.enterprise_id):
            if ws is installed or ws.oauth is None:
                continue
            ws.oauth.access_tokens[token] = installed.oauth.access_tokens.get(token)
            ws.enterprise_install = True
            ws.scopes = installed.scopes
            ws.revoked = None

    def _for_grant(self, args: dict[str, Any]) -> Workspace:
        """oauth.v2.access carries no token: the workspace that issued its code or refresh token."""
        code, refresh = args.get("code"), args.get("refresh_token")
        for ws in self.all():
            registry = ws.oauth
            if registry is not None and (code in registry.grants or refresh in registry.refresh_tokens):
                return ws
        return self.primary


def _accepts(ws: Workspace, method: str, args: dict[str, Any], token: str) -> bool:
    return functions.token_problem(ws, method, args, token) is None


def _issued(ws: Workspace, token: str) -> bool:
    registry = ws.oauth
    return token == ws.bot_token or (registry is not None and token in registry.access_tokens)


def _holds(ws: Workspace, args: dict[str, Any]) -> bool:
    """Whether the call names something of this workspace."""
    for name in ("channel", "channel_id", "user", "users"):
        value = args.get(name)
        if not isinstance(value, str) or not value:
            continue
        first = value.split(",")[0]
        if first in ws.channels or first in ws.users:
            return True
    if args.get("trigger_id") in ws.triggers:
        return True
    view_id = args.get("view_id")
    return bool(view_id) and any(view["id"] == view_id for _, view in ws.all_views())
