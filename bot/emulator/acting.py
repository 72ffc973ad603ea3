"""Acting as workspace members: commands, clicks, modal submissions, Home, events and raw signed requests, each sent
to the app as Slack would (bot/emulator/actor.py)."""

from __future__ import annotations

from typing import Any

from bot.emulator.models import ActResult
from bot.emulator.steering import Steering


class Acting(Steering):
    """Members' actions, sent to the app."""

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
