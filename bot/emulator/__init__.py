"""A local Slack: the Web API subset mentorbot uses, plus emulated users who act on the app."""

from bot.emulator.emulator import SlackEmulator
from bot.emulator.models import ActResult, Call, EmulatedUser
from bot.emulator.standalone import load_users, serve_forever

__all__ = ["ActResult", "Call", "EmulatedUser", "SlackEmulator", "load_users", "serve_forever"]
