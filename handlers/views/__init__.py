"""Modal submission listeners."""

from __future__ import annotations

from slack_bolt import App

from handlers import ids
from handlers.errors import guarded
from handlers.views.agreements import submit_change, submit_pulse_note
from handlers.views.development import submit_plan
from handlers.views.broadcasts import submit_compose, submit_confirm
from handlers.views.goals import submit_goal, submit_goal_note, submit_program_note
from handlers.views.leave import submit_leave
from handlers.views.matching import submit_swap
from handlers.views.profile import submit_profile
from handlers.views.resources import submit_resource
from handlers.views.roster import submit_roster
from handlers.views.scheduling import submit_availability
from handlers.views.surveys import submit_new_survey, submit_survey_answers


def register(app: App) -> None:
    app.view(ids.PROFILE_VIEW)(guarded(submit_profile))
    app.view(ids.AGREEMENT_CHANGE_VIEW)(guarded(submit_change))
    app.view(ids.PULSE_NOTE_VIEW)(guarded(submit_pulse_note))
    app.view(ids.IDP_VIEW)(guarded(submit_plan))
    app.view(ids.LEAVE_VIEW)(guarded(submit_leave))
    app.view(ids.ROSTER_VIEW)(guarded(submit_roster))
    app.view(ids.RESOURCE_VIEW)(guarded(submit_resource))
    app.view(ids.SWAP_VIEW)(guarded(submit_swap))
    app.view(ids.AVAILABILITY_VIEW)(guarded(submit_availability))
    app.view(ids.GOAL_FORM_VIEW)(guarded(submit_goal))
    app.view(ids.GOAL_NOTE_VIEW)(guarded(submit_goal_note))
    app.view(ids.PROGRAM_NOTE_VIEW)(guarded(submit_program_note))
    app.view(ids.SURVEY_NEW_VIEW)(guarded(submit_new_survey))
    app.view(ids.SURVEY_ANSWER_VIEW)(guarded(submit_survey_answers))
    app.view(ids.ANNOUNCE_VIEW)(guarded(submit_compose))
    app.view(ids.ANNOUNCE_CONFIRM_VIEW)(guarded(submit_confirm))
