"""The questions asked of each person of a match: the early pulse (about 30 days in) and, for each term, a
midpoint and an end review. Like check-ins, each is sent once, in its recipient's working hours; paused or
departed people and ended matches get nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.agreements.views import PromptView
from bot.deps import Deps
from bot.matching.service import PersonRef, ref
from bot.pauses import is_paused
from bot.program_settings import delivery_window
from bot.timing import next_window_start, zone
from storage.engine import transaction
from storage.queries.outbox import enqueue_message
from storage.tables import Agreement, Match, MatchPrompt, MatchStatus, Person, PromptKind, PromptStatus
from bot.i18n.choice import speaking_to

ROLES = ("mentee", "mentor")
STALE_AFTER = timedelta(days=14)  # after a long outage, a question this late is skipped rather than sent out of time


def plan_term(*, session: Session, agreement: Agreement, pulse_after: timedelta | None = None) -> None:
    """Both people's midpoint and end reviews of the agreement's current term (and, given `pulse_after`, the early
    pulse that many days after the start)."""
    halfway = agreement.term_started_at + (agreement.ends_at - agreement.term_started_at) / 2
    due = {PromptKind.MIDPOINT: halfway, PromptKind.END: agreement.ends_at}
    if pulse_after is not None:
        due[PromptKind.PULSE] = agreement.term_started_at + pulse_after
    for kind, at in due.items():
        for role in ROLES:
            session.add(MatchPrompt(match_id=agreement.match_id, role=role, kind=kind, term=agreement.term, due_at=at))


def replan_reviews(*, session: Session, agreement: Agreement) -> None:
    """After the duration changed, the current term's reviews not yet sent move to the new midpoint and end."""
    halfway = agreement.term_started_at + (agreement.ends_at - agreement.term_started_at) / 2
    due = {PromptKind.MIDPOINT: halfway, PromptKind.END: agreement.ends_at}
    for prompt in session.exec(select(MatchPrompt).where(
            MatchPrompt.match_id == agreement.match_id, MatchPrompt.term == agreement.term,
            col(MatchPrompt.status) == PromptStatus.DUE, col(MatchPrompt.kind).in_(list(due)))):
        prompt.due_at = due[PromptKind(prompt.kind)]
        session.add(prompt)


def skip_open_prompts(*, session: Session, match_id: int) -> None:
    """The match ended: its questions not yet answered are never sent (or no longer wait)."""
    for prompt in session.exec(select(MatchPrompt).where(
            MatchPrompt.match_id == match_id,
            col(MatchPrompt.status).in_([PromptStatus.DUE, PromptStatus.SENT]))):
        prompt.status = PromptStatus.SKIPPED
        session.add(prompt)


def prompt_view(session: Session, prompt: MatchPrompt) -> PromptView:
    match = session.get(Match, prompt.match_id)
    assert match is not None
    me = session.get(Person, match.mentee_id if prompt.role == "mentee" else match.mentor_id)
    partner = session.get(Person, match.mentor_id if prompt.role == "mentee" else match.mentee_id)
    assert me is not None and partner is not None
    agreement = session.exec(select(Agreement).where(Agreement.match_id == match.id)).first()
    ends_on = agreement.ends_at.astimezone(zone(me.timezone)).date() if agreement else None
    return PromptView(prompt.id or 0, match.id or 0, prompt.kind, prompt.role, ref(partner), match.kind, prompt.term,
                      ends_on, prompt.answer, prompt.note)


def send_due_prompts(deps: Deps, now: datetime) -> None:
    """Send each due pulse and review in its recipient's working hours; skip those of ended matches and of people
    paused or gone, and those more than two weeks late (after an outage). A review of a term already renewed or a
    match already ended is never sent."""
    with transaction(deps.sessions) as session:
        window = delivery_window(session)
        due = session.exec(select(MatchPrompt).where(MatchPrompt.status == PromptStatus.DUE, MatchPrompt.due_at <= now)
                           .order_by(col(MatchPrompt.due_at), col(MatchPrompt.id)))
        for prompt in list(due):
            match = session.get(Match, prompt.match_id)
            person = session.get(Person, match.mentee_id if prompt.role == "mentee" else match.mentor_id) if match else None
            if match is None or person is None or match.status != MatchStatus.ACTIVE or not person.active:
                prompt.status = PromptStatus.SKIPPED
            elif is_paused(person, now) or now - prompt.due_at > STALE_AFTER:
                prompt.status = PromptStatus.SKIPPED
            elif (opening := next_window_start(now, person.timezone, window)) > now:
                prompt.due_at = opening
            else:
                with speaking_to(session, person):
                    payload = _render(deps, prompt_view(session, prompt))
                enqueue_message(session=session, key=f"prompt:{prompt.id}", purpose=f"prompt.{prompt.kind}",
                                recipient=person.slack_user_id, payload=payload,
                                not_before=now, now=now)
                prompt.status, prompt.sent_at = PromptStatus.SENT, now
            session.add(prompt)


def _render(deps: Deps, view: PromptView) -> dict[str, Any]:
    if view.kind == PromptKind.PULSE:
        return deps.notifier.render_pulse(view)
    return deps.notifier.render_review(view)
