"""Button and menu listeners."""

from __future__ import annotations

from slack_bolt import App

from handlers import ids
from handlers.actions import checkins, matching
from handlers.actions.home import find_mentor_from_home, open_profile_from_home


def register(app: App) -> None:
    app.action(ids.HOME_EDIT_PROFILE)(open_profile_from_home)
    app.action(ids.HOME_JOIN)(open_profile_from_home)
    app.action(ids.HOME_FIND_MENTOR)(find_mentor_from_home)
    app.action(ids.CHECKIN_MET)(checkins.on_met)
    app.action(ids.CHECKIN_GOAL)(checkins.on_goal_status)
    app.action(ids.CHECKIN_GOAL_NOTE)(checkins.on_goal_note)
    app.action(ids.CHECKIN_PROGRAM_NOTE)(checkins.on_program_note)
    app.action(ids.ALERT_NUDGE)(checkins.on_nudge)
    app.action(ids.TRANSITION_UPDATE)(checkins.on_transition)
    app.action(ids.GOALS_ADD)(checkins.on_goal_form)
    app.action(ids.GOALS_EDIT)(checkins.on_goal_form)
    for review in (ids.MATCH_APPROVE_ALL, ids.MATCH_APPROVE, ids.MATCH_REJECT):
        app.action(review)(matching.on_review)
    app.action(ids.MATCH_SWAP)(matching.on_swap)
    app.action(ids.CONSENT_ACCEPT)(matching.on_consent)
    app.action(ids.CONSENT_DECLINE)(matching.on_consent)
    app.action(ids.SHORTLIST_PICK)(matching.on_pick)
    app.action(ids.INTRO_MET)(matching.on_met)
    app.action(ids.INTRO_NOT_A_FIT)(matching.on_end)
    app.action(ids.REMATCH_END)(matching.on_end)
