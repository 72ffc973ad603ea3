"""`mentorbot emulator`: the emulator in the foreground, with users from JSON."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from bot.emulator.emulator import SlackEmulator
from bot.emulator.models import EmulatedUser


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
