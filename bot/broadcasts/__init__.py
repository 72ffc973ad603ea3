"""Coordinator announcements: what they are (model), composing and confirming them (compose), and how their
delivery goes (progress). The names other modules use are re-exported here."""

from bot.broadcasts.compose import (
    MAX_AHEAD,
    compose,
    confirm,
    editable_broadcast,
    resolve_audience,
    scoped_audience,
    send_times,
)
from bot.broadcasts.draft import MAX_MESSAGE_CHARS, AnnouncementDraft
from bot.broadcasts.model import (
    AUDIENCES,
    MAX_BUTTONS,
    SCHEDULES,
    Announcement,
    Audience,
    BroadcastError,
    BroadcastInfo,
    BroadcastRefused,
    LinkButton,
    Recipient,
    Schedule,
    audience_label,
    audiences,
    parse_buttons,
    schedule_label,
    schedules,
)
from bot.broadcasts.progress import (
    CONFIRMATION_GRACE,
    FAILURES_SHOWN,
    REASONS,
    advance_broadcasts,
    broadcast_info,
    cancel,
    failure_reason,
    history,
    show_status,
)

__all__ = ["AUDIENCES", "AnnouncementDraft", "CONFIRMATION_GRACE", "FAILURES_SHOWN", "MAX_AHEAD", "MAX_BUTTONS", "MAX_MESSAGE_CHARS",
           "REASONS", "SCHEDULES", "Announcement", "Audience", "BroadcastError", "BroadcastInfo", "BroadcastRefused",
           "LinkButton",
           "Recipient", "Schedule", "advance_broadcasts", "audience_label", "audiences", "broadcast_info", "cancel", "compose",
           "confirm", "editable_broadcast", "failure_reason", "history", "parse_buttons", "resolve_audience", "scoped_audience",
           "schedule_label", "schedules", "send_times", "show_status"]
