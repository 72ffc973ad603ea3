"""Modal submission listeners."""

from __future__ import annotations

from slack_bolt import App

from handlers import ids
from handlers.views.goals import submit_goal, submit_goal_note, submit_program_note
from handlers.views.leave import submit_leave
from handlers.views.matching import submit_swap
from handlers.views.profile import submit_profile
from handlers.views.roster import submit_roster


def register(app: App) -> None:
    app.view(ids.PROFILE_VIEW)(submit_profile)
    app.view(ids.LEAVE_VIEW)(submit_leave)
    app.view(ids.ROSTER_VIEW)(submit_roster)
    app.view(ids.SWAP_VIEW)(submit_swap)
    app.view(ids.GOAL_FORM_VIEW)(submit_goal)
    app.view(ids.GOAL_NOTE_VIEW)(submit_goal_note)
    app.view(ids.PROGRAM_NOTE_VIEW)(submit_program_note)
