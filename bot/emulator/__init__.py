"""A local Slack: the Web API subset mentorbot uses, plus emulated users who act on the app."""

from bot.emulator.emulator import SlackEmulator, load_users, serve_forever
from bot.emulator.models import ActResult, Call, EmulatedUser

__all__ = ["ActResult", "Call", "EmulatedUser", "SlackEmulator", "load_users", "serve_forever"]
