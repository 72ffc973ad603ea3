"""Every action_id, callback_id and block_id the app uses, in one place."""

COMMAND = "/mentor"
INPUT_VALUE = "value"  # every modal input's action_id; its block_id names the field

# Profile modal (/mentor join, /mentor profile)
PROFILE_VIEW = "profile"
PROFILE_FIELDS = (
    "roles", "program", "stage", "language", "kinds_wanted", "interests", "interests_other", "interests_note",
    "meeting_mode", "cadence", "concordance", "named_in_dossiers", "kinds_offered", "expertise", "expertise_other",
    "capacity", "capacity_per_kind", "accepting_from", "identity_gender", "identity_urim",
)

# App Home buttons
HOME_EDIT_PROFILE = "home_edit_profile"
HOME_FIND_MENTOR = "home_find_mentor"
HOME_JOIN = "home_join"

# Leave modal (/mentor leave)
LEAVE_VIEW = "leave"

# Roster paste modal (/mentor roster)
ROSTER_VIEW = "roster"

# Matching
MATCH_APPROVE_ALL = "match_approve_all"
MATCH_APPROVE = "match_approve"
MATCH_REJECT = "match_reject"
MATCH_SWAP = "match_swap"
SWAP_VIEW = "match_swap"
CONSENT_ACCEPT = "consent_accept"
CONSENT_DECLINE = "consent_decline"
SHORTLIST_PICK = "shortlist_pick"
INTRO_MET = "intro_met"
INTRO_NOT_A_FIT = "intro_not_a_fit"
REMATCH_END = "rematch_end"

# Check-ins, goals, alerts
# Several buttons share one actions block, and Slack wants each action_id unique within its block:
# one id per answer, routed by prefix (checkin_met_yes, checkin_goal_at_risk, ...).
CHECKIN_MET_PREFIX = "checkin_met_"
CHECKIN_GOAL_PREFIX = "checkin_goal_status_"
CHECKIN_GOAL_NOTE = "checkin_goal_note"
CHECKIN_PROGRAM_NOTE = "checkin_program_note"
GOAL_NOTE_VIEW = "goal_note"
PROGRAM_NOTE_VIEW = "program_note"
GOALS_VIEW = "goals"
GOAL_FORM_VIEW = "goal_form"
GOAL_FORM_FIELDS = ("title", "why", "measure", "target_date", "category", "visibility", "status", "note")
GOAL_NOTE_FIELDS = ("note",)
GOALS_ADD = "goals_add"
GOALS_EDIT = "goals_edit"
ALERT_NUDGE = "alert_nudge"
TRANSITION_UPDATE = "transition_update"

# Announcements (/mentor announce)
ANNOUNCE_VIEW = "announce"
ANNOUNCE_CONFIRM_VIEW = "announce_confirm"
ANNOUNCE_FIELDS = ("message", "links", "audience", "program", "stage", "people", "when", "date", "time")
ANNOUNCE_LINK = "announce_link_"  # link buttons in an announcement: announce_link_<n>
BROADCAST_EDIT = "broadcast_edit"
BROADCAST_CANCEL = "broadcast_cancel"
HOME_ANNOUNCE = "home_announce"

# Pulse surveys
SURVEY_NEW_VIEW = "survey_new"
SURVEY_NEW_FIELDS = (
    "template", "title", "kind", "questions", "anonymous", "audience_who", "audience_program", "audience_stages",
    "audience_matched", "schedule", "first_day", "cron", "open_days", "close_on", "priority", "level",
)
SURVEY_ANSWER_VIEW = "survey_answer"
SURVEY_OPEN = "survey_open"  # a button that opens the answer modal; value "round:subject"
SURVEY_PICK_PREFIX = "survey_pick_"  # one-click answers: survey_pick_<n>, unique within the block as Slack requires
SURVEY_QUESTION_BLOCK_PREFIX = "q_"  # answer modal: one input block per question key

# Block ids of the actions blocks holding those buttons (unique within their message or view)
HOME_ACTIONS_BLOCK = "home_actions"
HOME_ANNOUNCE_BLOCK = "home_announce"
GOALS_ACTIONS_BLOCK = "goals_actions"
TRANSITION_BLOCK = "transition"
REVIEW_ALL_BLOCK = "review_all"
REVIEW_BLOCK_PREFIX = "review_"  # review_<proposal id>
CONSENT_BLOCK_PREFIX = "consent_"  # consent_<proposal id>
INTRO_BLOCK_PREFIX = "intro_"  # intro_<match id>
CHECKIN_MET_BLOCK_PREFIX = "met_"  # met_<check-in id>
CHECKIN_GOAL_BLOCK_PREFIX = "goal_"  # goal_<check-in id>_<goal id>
BROADCAST_BLOCK_PREFIX = "broadcast_"  # broadcast_<id>: edit / cancel
ANNOUNCEMENT_LINKS_BLOCK = "announcement_links"
SURVEY_PICK_BLOCK_PREFIX = "survey_pick:"  # survey_pick:<round id>

# Resource library (/mentor resources)
RESOURCE_ADD = "resource_add"
RESOURCE_REMOVE = "resource_remove"
RESOURCE_VIEW = "resource_form"
RESOURCE_ACTIONS_BLOCK = "resource_actions"

# Workflow Builder steps: the callback_id of each custom function in manifest.yml
ENROL_STEP = "enrol_in_mentoring"
LOG_MEETING_STEP = "log_mentoring_meeting"
REQUEST_MENTOR_STEP = "request_mentor_of_a_kind"

# Scheduling (availability, "Find a time", invitations, follow-ups)
AVAILABILITY_VIEW = "availability"
AVAILABILITY_FIELDS = ("windows", "busy", "ics", "place", "video_link")
HOME_AVAILABILITY = "home_availability"
MEET_FIND = "meet_find"  # value: the match id (introduction, check-ins, App Home)
MEET_PICK_PREFIX = "meet_pick_"  # meet_pick_<n>, unique within the block; value "meeting:round:index"
MEET_CONFIRM = "meet_confirm"  # value "meeting:round"
MEET_OTHER_TIMES = "meet_other_times"  # value "meeting:round"
MEET_HAPPENED = "meet_happened"  # value "meeting:sequence"
MEET_NOT_HAPPENED = "meet_not_happened"  # value "meeting:sequence"
MEET_SLOTS_BLOCK = "meet_slots"
MEET_ANSWER_BLOCK = "meet_answer"
MEET_FIND_BLOCK_PREFIX = "meet_find_"  # meet_find_<match id>

# Mentoring agreement, early pulse, term reviews (values name the agreement and the version shown, or the prompt)
AGREEMENT_ACTIONS = "agreement_actions"
AGREEMENT_ACK = "agreement_ack"
AGREEMENT_CHANGE = "agreement_change"  # opens the change modal
AGREEMENT_CONFIRM = "agreement_confirm"
AGREEMENT_CHANGE_VIEW = "agreement_change"
AGREEMENT_CADENCE = "agreement_cadence"  # modal block ids
AGREEMENT_DURATION = "agreement_duration"
PULSE_ACTIONS = "pulse_actions"
PULSE_ANSWER_PREFIX = "pulse_answer_"  # pulse_answer_great, pulse_answer_not_working, ...
PULSE_NOTE = "pulse_note"
PULSE_NOTE_VIEW = "pulse_note"
PULSE_NOTE_BLOCK = "note"
# The mentee's one-click rating after a logged meeting (value: "{rating id}:{answer}")
MEETING_RATING_ACTIONS = "meeting_rating_actions"
MEETING_RATING_PREFIX = "meeting_rating_"  # meeting_rating_useful, meeting_rating_somewhat, meeting_rating_not_useful
REVIEW_ACTIONS = "review_actions"
THANK_MENTOR = "completion_thank_mentor"  # coordinators: the program thanks a mentor for a completed match
COMPLETION_THANKS_BLOCK = "completion_thanks"
REVIEW_ANSWER_PREFIX = "review_answer_"  # review_answer_continue, review_answer_renew, review_answer_complete

# Individual development plan (/mentor idp, the transition prompt)
IDP_VIEW = "idp"
IDP_NOW_PREFIX = "idp_now_"  # block ids, one per competency: idp_now_0, idp_want_0, ...
IDP_WANT_PREFIX = "idp_want_"
IDP_GOALS = "idp_goals"
IDP_SHARED = "idp_shared"
TRANSITION_IDP = "transition_idp"

# Peer circles: each member's check-in
CIRCLE_CHECKIN_MET = "circle_checkin_met"
CIRCLE_CHECKIN_NOT_YET = "circle_checkin_not_yet"
CIRCLE_CHECKIN_BLOCK_PREFIX = "circle_checkin_"  # circle_checkin_<check-in id>

# Flash mentoring (/mentor flash <topic>)
FLASH_ACCEPT = "flash_accept"
FLASH_DECLINE = "flash_decline"
FLASH_ASK_BLOCK_PREFIX = "flash_ask_"  # flash_ask_<conversation id>
FLASH_CONTINUE = "flash_continue"
FLASH_STOP = "flash_stop"
FLASH_FOLLOW_UP_BLOCK_PREFIX = "flash_follow_up_"  # flash_follow_up_<conversation id>

# Speed-mentoring events (/mentor event)
EVENT_RSVP_YES = "event_rsvp_yes"
EVENT_RSVP_NO = "event_rsvp_no"
EVENT_RSVP_BLOCK_PREFIX = "event_rsvp_"  # event_rsvp_<event id>
EVENT_PICK_PREFIX = "event_pick_"  # event_pick_0, event_pick_1, ...: one per partner (value "<event id>:<slack id>")
EVENT_PICK_BLOCK_PREFIX = "event_picks_"  # event_picks_<event id>_<first button>
