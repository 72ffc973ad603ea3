"""`/mentor my-data` and `/mentor leave`: personal data rights."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.flows.people import data_of
from handlers.blocks.help import build_notice
from handlers.blocks.leave import build_leave_modal


def handle_my_data(*, ack: Ack, command: dict[str, Any], deps: Deps, client: Any, **_: Any) -> None:
    ack(**build_notice("Gathering everything stored about you; it will arrive as a file in our DM."))
    user_id = command["user_id"]
    data = data_of(sessions=deps.sessions, slack_user_id=user_id)
    if data is None:
        deps.notifier.notice(user_id, "mentorbot stores nothing about you.")
        return
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(channel=channel, filename="mentorbot-my-data.json", title="Your mentorbot data",
                           content=json.dumps(data, indent=2, ensure_ascii=False),
                           initial_comment="Here is everything mentorbot stores about you.")


def handle_leave(*, ack: Ack, command: dict[str, Any], client: Any, **_: Any) -> None:
    ack()
    client.views_open(trigger_id=command["trigger_id"], view=build_leave_modal())
