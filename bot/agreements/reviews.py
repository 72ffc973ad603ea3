"""The midpoint and end reviews: each person chooses to continue, renew for another term, or complete.

- complete (either person): the match ends as a success. The mentee's request is not re-opened (that kind leaves
  what their profile asks for; `/mentor find` asks again), it is not a rematch in the report, and both are thanked.
- renew (both): the next term starts where this one ends, as long as the agreement's duration, with its own
  midpoint and end reviews; both are told.
- continue: carry on as agreed (past the end, the match goes on without a new term).

Both people's answers hold the agreement's row, so two clicks at once are decided one after the other: of two
"complete" clicks one completes the match and the other hears it was already done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.i18n import _, format_month_day
from bot.access import Refused
from bot.agreements.prompts import PromptView, plan_term, prompt_view
from bot.agreements.terms import AgreementError, AlreadyHandled, add_months, other
from bot.matching.service import MatchInfo, match_info
from bot.notify import Notifier
from bot.i18n.choice import speaking_to
from bot.recognition.thanks import tell_coordinators_of_completion
from storage.queries.audit import record_audit
from storage.queries.decisions import compare_and_set, hold
from storage.queries.outbox import enqueue_message
from storage.tables import (
    Agreement,
    EndReason,
    Match,
    MatchPrompt,
    MatchStatus,
    MenteeProfile,
    Person,
    PromptKind,
    PromptStatus,
    ReviewAnswer,
)

REVIEW_KINDS = (PromptKind.MIDPOINT, PromptKind.END)


class NotYourReview(Refused, AgreementError):
    """Someone answered another person's review (audited)."""


@dataclass(frozen=True)
class ReviewOutcome:
    prompt: PromptView
    result: str  # recorded, waiting (for the partner's renew), renewed, completed
    match: MatchInfo


def answer_review(*, session: Session, notifier: Notifier, prompt_id: int, actor: str, answer: str,
                  now: datetime) -> ReviewOutcome:
    prompt = session.get(MatchPrompt, prompt_id)
    if prompt is None or prompt.kind not in REVIEW_KINDS or answer not in set(ReviewAnswer):
        raise AgreementError(_("That question no longer exists."))
    match = session.get(Match, prompt.match_id)
    assert match is not None
    agreement = session.exec(select(Agreement).where(Agreement.match_id == match.id)).first()
    assert agreement is not None
    hold(session=session, model=Agreement, row_id=agreement.id or 0)
    session.refresh(agreement)
    session.refresh(match)
    person = session.get(Person, match.mentee_id if prompt.role == "mentee" else match.mentor_id)
    if person is None or person.slack_user_id != actor:
        raise NotYourReview(_("That question was meant for someone else."), actor=actor, action="match.review",
                            target=str(prompt_id))
    if match.status != MatchStatus.ACTIVE:
        ended_on = format_month_day(match.ended_at) if match.ended_at else ""
        raise AlreadyHandled(_("Already handled: this match was completed on {day}. Thank you!").format(day=ended_on)
                             if match.end_reason == EndReason.COMPLETED else
                             _("Already handled: this match ended on {day}. Thank you!").format(day=ended_on))
    if prompt.term != agreement.term:
        raise AlreadyHandled(_("Already handled: you've both renewed since, so this review is behind you."))
    prompt.answer, prompt.answered_at, prompt.status = answer, now, PromptStatus.ANSWERED
    session.add(prompt)
    record_audit(session=session, now=now, actor=actor, action="match.review", target=str(match.id),
                 detail={"review": prompt.kind, "term": prompt.term, "answer": answer})
    result = "recorded"
    if answer == ReviewAnswer.COMPLETE:
        _complete(session, notifier, match, actor, now)
        result = "completed"
    elif answer == ReviewAnswer.RENEW:
        result = "renewed" if _partner_renews(session, prompt) else "waiting"
        if result == "renewed":
            _renew(session, notifier, agreement, match, now)
    return ReviewOutcome(prompt_view(session, prompt), result, match_info(session, match))


def _partner_renews(session: Session, prompt: MatchPrompt) -> bool:
    return session.exec(select(MatchPrompt).where(
        MatchPrompt.match_id == prompt.match_id, MatchPrompt.term == prompt.term,
        col(MatchPrompt.kind).in_(list(REVIEW_KINDS)), col(MatchPrompt.role) == other(prompt.role),
        MatchPrompt.answer == ReviewAnswer.RENEW)).first() is not None


def _complete(session: Session, notifier: Notifier, match: Match, actor: str, now: datetime) -> None:
    if not compare_and_set(session=session, model=Match, row_id=match.id or 0, expected=MatchStatus.ACTIVE,
                           status=MatchStatus.ENDED, ended_at=now, ended_by=actor, end_reason=EndReason.COMPLETED):
        raise AlreadyHandled(_("Already handled: this match has just ended. Thank you!"))
    session.refresh(match)
    profile = session.get(MenteeProfile, match.mentee_id)
    if profile is not None and match.kind in profile.kinds_wanted:
        # a finished match is not an open need: nothing re-opens it unless the mentee asks again
        profile.kinds_wanted = [kind for kind in profile.kinds_wanted if kind != match.kind]
        session.add(profile)
    for prompt in session.exec(select(MatchPrompt).where(MatchPrompt.match_id == match.id,
                                                         MatchPrompt.status == PromptStatus.DUE)):
        prompt.status = PromptStatus.SKIPPED
        session.add(prompt)
    record_audit(session=session, now=now, actor=actor, action="match.complete", target=str(match.id))
    info = match_info(session, match)
    notifier.within(session, now)  # the thanks answer a click: the sender wakes once this commits
    for role, person in (("mentee", info.mentee), ("mentor", info.mentor)):
        with speaking_to(session, person.slack_id):
            payload = notifier.render_completion_thanks(info, role)
        enqueue_message(session=session, key=f"match-completed:{match.id}:{role}", purpose="completion",
                        recipient=person.slack_id, payload=payload, not_before=now, now=now, interactive=True)
    tell_coordinators_of_completion(session=session, notifier=notifier, info=info, now=now)


def _renew(session: Session, notifier: Notifier, agreement: Agreement, match: Match, now: datetime) -> None:
    if not compare_and_set(session=session, model=Agreement, row_id=agreement.id or 0, column="term",
                           expected=agreement.term, term=agreement.term + 1):
        raise AlreadyHandled(_("Already handled: you've both renewed already."))
    session.refresh(agreement)
    for prompt in session.exec(select(MatchPrompt).where(MatchPrompt.match_id == match.id,
                                                         MatchPrompt.status == PromptStatus.DUE)):
        prompt.status = PromptStatus.SKIPPED  # the old term's remaining review is behind them
        session.add(prompt)
    agreement.term_started_at = max(agreement.ends_at, now)
    agreement.ends_at = add_months(agreement.term_started_at, agreement.duration_months)
    agreement.renewals, agreement.renewed_at, agreement.version = agreement.renewals + 1, now, agreement.version + 1
    session.add(agreement)
    plan_term(session=session, agreement=agreement)
    record_audit(session=session, now=now, actor="program", action="match.renew", target=str(match.id),
                 detail={"term": agreement.term})
    info = match_info(session, match)
    notifier.within(session, now)  # the renewal answers the second click: the sender wakes once this commits
    for role, person in (("mentee", info.mentee), ("mentor", info.mentor)):
        enqueue_message(session=session, key=f"match-renewed:{match.id}:{agreement.term}:{role}", purpose="renewal",
                        recipient=person.slack_id,
                        payload=notifier.render_renewed(info, role, agreement.ends_at.date()),
                        not_before=now, now=now, interactive=True)
