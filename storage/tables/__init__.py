"""Every table, imported here so SQLModel.metadata (and Alembic) sees the whole schema."""

import storage.tables.base  # noqa: F401  (naming convention before any table)
from storage.tables.audit import AuditEvent
from storage.tables.matching import Match, MatchRequest, Meeting, Proposal
from storage.tables.people import (
    ConflictOfInterest,
    IdentityProfile,
    InterestTag,
    MenteeProfile,
    MentorProfile,
    Person,
)

__all__ = [
    "AuditEvent", "ConflictOfInterest", "IdentityProfile", "InterestTag", "Match", "MatchRequest", "Meeting", "MenteeProfile",
    "MentorProfile", "Person", "Proposal",
]
