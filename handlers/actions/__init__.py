"""Button and menu listeners."""

from __future__ import annotations

from slack_bolt import App

from handlers import ids
from handlers.actions import matching
from handlers.actions.home import find_mentor_from_home, open_profile_from_home


def register(app: App) -> None:
    app.action(ids.HOME_EDIT_PROFILE)(open_profile_from_home)
    app.action(ids.HOME_JOIN)(open_profile_from_home)
    app.action(ids.HOME_FIND_MENTOR)(find_mentor_from_home)
    for review in (ids.MATCH_APPROVE_ALL, ids.MATCH_APPROVE, ids.MATCH_REJECT):
        app.action(review)(matching.on_review)
    app.action(ids.MATCH_SWAP)(matching.on_swap)
    app.action(ids.CONSENT_ACCEPT)(matching.on_consent)
    app.action(ids.CONSENT_DECLINE)(matching.on_consent)
    app.action(ids.SHORTLIST_PICK)(matching.on_pick)
    app.action(ids.INTRO_MET)(matching.on_met)
    app.action(ids.INTRO_NOT_A_FIT)(matching.on_end)
    app.action(ids.REMATCH_END)(matching.on_end)
