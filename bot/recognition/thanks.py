"""The program's thank-you to a mentor when a match is completed: sent at once when the program's setting
`thank_mentors_at_completion` is on, otherwise by a coordinator's click on the completion notice. One per match:
the outbox key is the compare-and-set, so a second click (or a click after the automatic one) finds it sent."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.i18n import _
from bot.access import Refused, scope_of, scope_refusal_text
from bot.matching.service import MatchInfo, match_info
from bot.notify import Notifier
from bot.program_settings import setting
from storage.queries.audit import record_audit
from storage.queries.decisions import hold
from storage.queries.outbox import enqueue_message
from storage.queries.people import coordinators
from storage.tables import EndReason, Match, Person
from storage.tables.system import OutboxMessage
from bot.i18n.choice import speaking_to


class ThanksError(ValueError):
    """The match is gone or not completed, or the mentor was thanked already (the message says which)."""


class ThanksRefused(Refused, ThanksError):
    """A thank-you for a match outside a program coordinator's programs (audited)."""


def _key(match_id: int) -> str:
    return f"mentor-thanked:{match_id}"


def tell_coordinators_of_completion(*, session: Session, notifier: Notifier, info: MatchInfo, now: datetime) -> None:
    """Called in the completion's transaction: thank the mentor now if the program says so, and tell coordinators."""
    thanked = setting(session, "thank_mentors_at_completion") == "on"
    if thanked:
        _enqueue_thanks(session, notifier, info, actor="program", now=now)
    for coordinator in coordinators(session=session):
        with speaking_to(session, coordinator):
            payload = notifier.render_completion_to_coordinators(info, thanked)
        enqueue_message(session=session, key=f"match-completed:{info.match_id}:coordinator:{coordinator.slack_user_id}",
                        purpose="completion", recipient=coordinator.slack_user_id, payload=payload, not_before=now,
                        now=now)


def thank_mentor(*, session: Session, notifier: Notifier, match_id: int, actor: str, now: datetime) -> MatchInfo:
    match = session.get(Match, match_id)
    if match is not None:
        hold(session=session, model=Match, row_id=match_id)  # two clicks at once: the second waits, then finds it sent
    if match is None or match.end_reason != EndReason.COMPLETED:
        raise ThanksError(_("That match is not a completed one, so there is nothing to thank for."))
    if session.exec(select(OutboxMessage).where(OutboxMessage.key == _key(match_id))).first() is not None:
        raise ThanksError(_("Already handled: this mentor has been thanked for this match."))
    scope = scope_of(session=session, slack_user_id=actor)
    if not scope.covers_any(getattr(session.get(Person, person_id), "program", None)
                            for person_id in (match.mentee_id, match.mentor_id)):
        raise ThanksRefused(scope_refusal_text(scope), actor=actor, action="recognition.thank", target=str(match_id))
    info = match_info(session, match)
    _enqueue_thanks(session, notifier.within(session, now), info, actor=actor, now=now)
    return info


def _enqueue_thanks(session: Session, notifier: Notifier, info: MatchInfo, *, actor: str, now: datetime) -> None:
    with speaking_to(session, info.mentor.slack_id):
        payload = notifier.render_mentor_thanks(info)
    enqueue_message(session=session, key=_key(info.match_id), purpose="completion", recipient=info.mentor.slack_id,
                    payload=payload, not_before=now, now=now, interactive=True)
    record_audit(session=session, now=now, actor=actor, action="recognition.thank", target=str(info.match_id),
                 detail={"mentor": info.mentor.slack_id})
