"""A person's matches, and no-fault endings: the pair is never proposed again, the mentee's request reopens."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.access import scope_of, scope_refusal_text
from bot.i18n import _
from bot.matching.errors import AlreadyDecided, MatchingError, NotYours
from bot.matching.info import MatchInfo, PersonRef, match_info, person_row
from bot.matching.views import EndedMatch, Reader
from bot.scheduling.cancellation import cancel_for_match
from bot.scheduling.invitations import InvitationFile
from storage.queries.agreements import cancel_pending_about_match
from storage.queries.audit import record_audit
from storage.queries.coordinators import coordinators_covering
from storage.queries.decisions import compare_and_set
from storage.queries.matching import active_matches, add_request
from storage.queries.people import get_person
from storage.tables import Match, MatchStatus, MenteeProfile, Person


def matches_of(*, session: Session, slack_id: str) -> list[MatchInfo]:
    person = get_person(session=session, slack_user_id=slack_id)
    if person is None:
        return []
    return [match_info(session, m) for m in active_matches(session=session, person_id=person.id)]


def end_match(*, session: Session, match_id: int, actor: str, now: datetime, is_coordinator: bool,
              reason: str = "no_fault") -> EndedMatch:
    """No-fault ending: the pair is never proposed again and the mentee's request goes back into matching."""
    match = session.get(Match, match_id)
    if match is None:
        raise MatchingError(_("That match has already ended."))
    info = match_info(session, match)
    if actor not in (info.mentee.slack_id, info.mentor.slack_id) and not is_coordinator:
        raise NotYours(_("Only the two people in a match, or a coordinator, can end it."), actor=actor,
                       action="match.end", target=str(match_id))
    programs = [person_row(session, match.mentee_id).program, person_row(session, match.mentor_id).program]
    if actor not in (info.mentee.slack_id, info.mentor.slack_id):
        _check_end_scope(session, match_id, programs, actor)
    end_reason = "coordinator" if actor not in (info.mentee.slack_id, info.mentor.slack_id) else reason
    if not compare_and_set(session=session, model=Match, row_id=match_id, expected=MatchStatus.ACTIVE,
                           status=MatchStatus.ENDED, ended_at=now, ended_by=actor, end_reason=end_reason):
        raise AlreadyDecided(_("That match has already ended."))
    session.refresh(match)
    cancel_pending_about_match(session=session, match_id=match_id)
    mentee = person_row(session, match.mentee_id)
    searching = mentee.active and match.kind in _kinds_wanted(session, mentee)
    if searching:
        add_request(session=session, mentee_id=mentee.id or 0, kind=match.kind, now=now)
    record_audit(session=session, now=now, actor=actor, action="match.end", target=str(match_id),
                 detail={"reason": match.end_reason})
    calendar_files = cancel_for_match(session=session, match_id=match_id, now=now)
    other = {info.mentee.slack_id: info.mentor, info.mentor.slack_id: info.mentee}.get(actor)
    told = tuple(c.slack_user_id for c in coordinators_covering(session=session, programs=programs)
                 if c.slack_user_id != actor)
    return EndedMatch(info, actor, other, told, searching, calendar_files)


def _check_end_scope(session: Session, match_id: int, programs: list[str | None], actor: str) -> None:
    """A program coordinator ends only matches whose mentee or mentor is in one of their programs (NotYours,
    audited as match.end)."""
    scope = scope_of(session=session, slack_user_id=actor)
    if not scope.covers_any(programs):
        raise NotYours(scope_refusal_text(scope), actor=actor, action="match.end", target=str(match_id))


def _kinds_wanted(session: Session, mentee: Person) -> list[str]:
    profile = session.get(MenteeProfile, mentee.id)
    return list(profile.kinds_wanted) if profile else []
