"""Conflicts of interest: a mentor who assesses a mentee is never matched to them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.i18n import _
from bot.access import Refused, scope_of, scope_refusal_text
from bot.vocabulary import COI_REASONS
from storage.queries.audit import record_audit
from storage.queries.people import get_person
from storage.queries.profiles import record_conflict
from storage.tables import ConflictOfInterest


class ConflictError(ValueError):
    """The conflict cannot be recorded; the message says why, in plain words."""


class ConflictRefused(Refused, ConflictError):
    """A coordinator's conflict of interest about two people outside their programs (audited)."""


def declare_conflict(
    *, session: Session, actor: str, mentor_slack_id: str, mentee_slack_id: str, reason: str, now: datetime
) -> bool:
    """Record that the mentor assesses the mentee; returns False if it was already recorded."""
    if reason not in COI_REASONS:
        raise ConflictError(_("The reason must be one of: {reasons}.").format(reasons=", ".join(COI_REASONS)))
    if mentor_slack_id == mentee_slack_id:
        raise ConflictError(_("A conflict of interest needs two different people."))
    mentor = get_person(session=session, slack_user_id=mentor_slack_id)
    mentee = get_person(session=session, slack_user_id=mentee_slack_id)
    for slack_id, person in ((mentor_slack_id, mentor), (mentee_slack_id, mentee)):
        if person is None:
            raise ConflictError(_("{person} is not in the program yet, so there is nothing to match them with.").format(
                person=f"<@{slack_id}>"))
    assert mentor is not None and mentee is not None and mentor.id is not None and mentee.id is not None
    scope = scope_of(session=session, slack_user_id=actor)
    if actor != mentor_slack_id and not scope.covers_any([mentor.program, mentee.program]):
        raise ConflictRefused(scope_refusal_text(scope), actor=actor, action="conflict.record", target=mentor_slack_id)
    conflict = ConflictOfInterest(mentor_id=mentor.id, mentee_id=mentee.id, reason=reason, recorded_by=actor,
                                  created_at=now)
    added = record_conflict(session=session, conflict=conflict)
    if added:
        record_audit(session=session, now=now, actor=actor, action="conflict.record", target=mentor_slack_id,
                     detail={"mentee": mentee_slack_id, "reason": reason})
    return added
