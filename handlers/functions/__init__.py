"""Workflow Builder steps (custom functions in manifest.yml): Bolt's `app.function` listeners."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.functions.steps import on_enrol, on_log_meeting, on_request_mentor
from handlers.ids import ENROL_STEP, LOG_MEETING_STEP, REQUEST_MENTOR_STEP

if TYPE_CHECKING:
    from slack_bolt import App


def register(app: App) -> None:
    app.function(ENROL_STEP)(on_enrol)
    app.function(LOG_MEETING_STEP)(on_log_meeting)
    app.function(REQUEST_MENTOR_STEP)(on_request_mentor)
