"""Button and menu listeners."""

from __future__ import annotations

import re

from slack_bolt import App

from handlers import ids
from handlers.actions import agreements, checkins, matching
from handlers.actions import surveys
from handlers.actions import broadcasts
from handlers.actions import resources
from handlers.actions import meeting_ratings, recognition
from handlers.actions import scheduling
from handlers.actions import circles, events, flash
from handlers.actions.home import find_mentor_from_home, open_profile_from_home
from handlers.errors import guarded


def register(app: App) -> None:
    app.action(ids.HOME_EDIT_PROFILE)(guarded(open_profile_from_home))
    app.action(ids.AGREEMENT_ACK)(guarded(agreements.on_acknowledge))
    app.action(ids.AGREEMENT_CONFIRM)(guarded(agreements.on_confirm))
    app.action(ids.AGREEMENT_CHANGE)(guarded(agreements.on_change))
    app.action(re.compile(f"^{ids.PULSE_ANSWER_PREFIX}[a-z_]+$"))(guarded(agreements.on_pulse))
    app.action(ids.PULSE_NOTE)(guarded(agreements.on_pulse_note))
    app.action(re.compile(f"^{ids.REVIEW_ANSWER_PREFIX}[a-z_]+$"))(guarded(agreements.on_review))
    app.action(re.compile(f"^{ids.MEETING_RATING_PREFIX}[a-z_]+$"))(guarded(meeting_ratings.on_rate))
    app.action(ids.HOME_JOIN)(guarded(open_profile_from_home))
    app.action(ids.THANK_MENTOR)(guarded(recognition.on_thank_mentor))
    app.action(ids.HOME_FIND_MENTOR)(guarded(find_mentor_from_home))
    app.action(re.compile(f"^{ids.CHECKIN_MET_PREFIX}[a-z_]+$"))(guarded(checkins.on_met))
    app.action(re.compile(f"^{ids.CHECKIN_GOAL_PREFIX}[a-z_]+$"))(guarded(checkins.on_goal_status))
    app.action(ids.CHECKIN_GOAL_NOTE)(guarded(checkins.on_goal_note))
    app.action(ids.CHECKIN_PROGRAM_NOTE)(guarded(checkins.on_program_note))
    app.action(ids.ALERT_NUDGE)(guarded(checkins.on_nudge))
    app.action(ids.TRANSITION_UPDATE)(guarded(checkins.on_transition))
    app.action(ids.TRANSITION_IDP)(guarded(checkins.on_transition_idp))
    app.action(ids.GOALS_ADD)(guarded(checkins.on_goal_form))
    app.action(ids.GOALS_EDIT)(guarded(checkins.on_goal_form))
    for review in (ids.MATCH_APPROVE_ALL, ids.MATCH_APPROVE, ids.MATCH_REJECT):
        app.action(review)(guarded(matching.on_review))
    app.action(ids.MATCH_SWAP)(guarded(matching.on_swap))
    app.action(ids.CONSENT_ACCEPT)(guarded(matching.on_consent))
    app.action(ids.CONSENT_DECLINE)(guarded(matching.on_consent))
    app.action(ids.FLASH_ACCEPT)(guarded(flash.on_flash_answer))
    app.action(ids.FLASH_DECLINE)(guarded(flash.on_flash_answer))
    app.action(ids.FLASH_CONTINUE)(guarded(flash.on_flash_continue))
    app.action(ids.FLASH_STOP)(guarded(flash.on_flash_continue))
    app.action(ids.CIRCLE_CHECKIN_MET)(guarded(circles.on_circle_checkin))
    app.action(ids.CIRCLE_CHECKIN_NOT_YET)(guarded(circles.on_circle_checkin))
    app.action(ids.EVENT_RSVP_YES)(guarded(events.on_rsvp))
    app.action(ids.EVENT_RSVP_NO)(guarded(events.on_rsvp))
    app.action(re.compile(f"^{ids.EVENT_PICK_PREFIX}[0-9]+$"))(guarded(events.on_pick))
    app.action(ids.SHORTLIST_PICK)(guarded(matching.on_pick))
    app.action(ids.INTRO_MET)(guarded(matching.on_met))
    app.action(ids.INTRO_NOT_A_FIT)(guarded(matching.on_end))
    app.action(ids.REMATCH_END)(guarded(matching.on_end))
    app.action(ids.SURVEY_OPEN)(guarded(surveys.on_open))
    app.action(ids.BROADCAST_EDIT)(guarded(broadcasts.on_edit))
    app.action(ids.BROADCAST_CANCEL)(guarded(broadcasts.on_cancel))
    app.action(ids.HOME_ANNOUNCE)(guarded(broadcasts.open_compose_from_home))
    app.action(re.compile(f"^{ids.ANNOUNCE_LINK}[0-9]+$"))(broadcasts.on_link)
    app.action(surveys.PICK_ACTIONS)(guarded(surveys.on_pick))
    app.action(ids.RESOURCE_ADD)(guarded(resources.open_add_modal))
    app.action(ids.RESOURCE_REMOVE)(guarded(resources.on_remove))
    app.action(ids.MEET_FIND)(guarded(scheduling.on_find_time))
    app.action(re.compile(f"^{ids.MEET_PICK_PREFIX}[0-9]+$"))(guarded(scheduling.on_pick))
    app.action(ids.MEET_CONFIRM)(guarded(scheduling.on_confirm))
    app.action(ids.MEET_OTHER_TIMES)(guarded(scheduling.on_other_times))
    app.action(ids.MEET_HAPPENED)(guarded(scheduling.on_followup))
    app.action(ids.MEET_NOT_HAPPENED)(guarded(scheduling.on_followup))
    app.action(ids.HOME_AVAILABILITY)(guarded(scheduling.on_home_availability))
