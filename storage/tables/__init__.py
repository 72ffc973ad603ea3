"""Every table, imported here so SQLModel.metadata (and Alembic) sees the whole schema."""

import storage.tables.base  # noqa: F401  (naming convention before any table)
from storage.tables.agreements import (
    Agreement,
    AgreementStatus,
    MatchPrompt,
    PromptKind,
    PromptStatus,
    PulseAnswer,
    ReviewAnswer,
)
from storage.tables.audit import AuditEvent, AuditOutcome
from storage.tables.development import DevelopmentPlan
from storage.tables.flash import FlashConversation, FlashOffer, FlashStatus
from storage.tables.circles import (
    CircleCheckIn,
    CircleCheckInAnswer,
    CircleMember,
    CircleSeat,
    CircleStatus,
    CircleTheme,
    PeerCircle,
)
from storage.tables.events import EventInvitee, EventPick, EventSeat, EventStatus, Rsvp, SpeedEvent
from storage.tables.broadcasts import Broadcast, BroadcastStatus
from storage.tables.care import Alert, CheckIn, CheckInStatus, Goal, GoalStatus, GoalUpdate
from storage.tables.matching import EndReason, Match, MatchRequest, MatchStatus, Meeting, Proposal, ProposalStatus, RequestStatus, ReviewCopy
from storage.tables.people import (
    ConflictOfInterest,
    IdentityProfile,
    InterestTag,
    MenteeProfile,
    MentorProfile,
    Person,
)
from storage.tables.ratings import MeetingRating, MeetingRatingAnswer
from storage.tables.programs import CoordinatorProgram, ProgramAlias, RegisteredProgram
from storage.tables.installations import OAuthState, SlackInstallation
from storage.tenancy import Tenant
from storage.tables.resources import Resource
from storage.tables.scheduling import Availability, ScheduledMeeting, ScheduleStatus
from storage.tables.system import OutboxFile, OutboxKind, OutboxMessage, OutboxStatus, ProcessedRequest, ProgramSetting, SchedulerLease
from storage.tables.surveys import (
    AnonymousAnswer,
    AnonymousResponse,
    NamedAnswer,
    Survey,
    SurveyQuestion,
    SurveyRecipient,
    SurveyRound,
    SurveyRoundStatus,
    SurveyStatus,
)

__all__ = [
    "Tenant",
    "Broadcast", "FlashConversation", "FlashOffer", "FlashStatus",
    "CircleCheckIn", "CircleCheckInAnswer", "CircleMember", "CircleSeat", "CircleStatus", "CircleTheme", "PeerCircle",
    "EventInvitee", "EventPick", "EventSeat", "EventStatus", "Rsvp", "SpeedEvent",
    "Alert", "CheckIn", "Goal", "GoalUpdate", "OutboxFile", "OutboxMessage", "ProcessedRequest", "ProgramSetting", "SchedulerLease",
    "AuditEvent", "ConflictOfInterest", "IdentityProfile", "InterestTag", "Match", "MatchRequest", "Meeting", "MenteeProfile",
    "MentorProfile", "Person", "Proposal", "ReviewCopy", "MatchStatus", "ProposalStatus", "RequestStatus",
    "AnonymousAnswer", "AnonymousResponse", "NamedAnswer", "Survey", "SurveyQuestion", "SurveyRecipient",
    "SurveyRound", "Resource", "RegisteredProgram", "ProgramAlias", "CoordinatorProgram", "OAuthState", "SlackInstallation", "Availability",
    "ScheduledMeeting", "Agreement", "MatchPrompt", "DevelopmentPlan", "MeetingRating",
    # statuses (values as stored)
    "AgreementStatus", "EndReason", "MeetingRatingAnswer", "PromptKind", "PromptStatus", "PulseAnswer", "ReviewAnswer",
    "AuditOutcome", "BroadcastStatus", "CheckInStatus", "GoalStatus", "OutboxKind", "OutboxStatus", "ScheduleStatus",
    "SurveyRoundStatus", "SurveyStatus",
]
