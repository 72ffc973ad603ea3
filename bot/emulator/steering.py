"""What every part of SlackEmulator steers: one workspace (its state and lock), the others on this Slack, and the
members who act there. SlackEmulator (bot/emulator/emulator.py) is the sum of the parts, one idea per module."""

from __future__ import annotations

from bot.emulator.actor import UserActor
from bot.emulator.workspace import Workspace
from bot.emulator.workspaces import Workspaces


class Steering:
    _ws: Workspace
    _workspaces: Workspaces
    _actor: UserActor
