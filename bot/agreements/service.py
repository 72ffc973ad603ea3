"""A pair's mentoring agreement: sent to both when the match starts, acknowledged with one click each, or changed
(cadence, duration) by one and confirmed by the other. Every decision holds the agreement's row and checks the
version the button was shown with, so of two clicks at once exactly one wins and the other is told kindly.
"""

from __future__ import annotations

from functools import partial
from datetime import datetime, timedelta
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from bot.i18n import _
from bot.agreements.prompts import plan_term, replan_reviews
from bot.agreements.terms import (
    CADENCE_CHOICES,
    DURATION_CHOICES,
    ROLES,
    AgreementError,
    AgreementView,
    AlreadyHandled,
    acked,
    add_months,
    other,
    pair_of,
    role_of,
    view_of,
)
from bot.checkin_plan import replan_open_checkins
from bot.goals import shared_goals
from bot.notify import Notifier
from bot.program_settings import setting
from storage.queries.audit import record_audit
from storage.queries.decisions import hold
from storage.queries.outbox import enqueue_message
from storage.tables import Agreement, AgreementStatus, Match, MatchStatus, Person
from bot.i18n.choice import speaking_to


def open_agreement(*, session: Session, notifier: Notifier, match_id: int, now: datetime,
                   extra_sections: dict[str, Any] | None = None) -> Agreement:
    """A match has started: its agreement from the program's template, both people's copies in the outbox, and
    the pulse and reviews of its first term planned."""
    match = session.get(Match, match_id)
    assert match is not None
    months = int(setting(session, "agreement_duration_months"))
    goals = shared_goals(session=session, mentee_id=match.mentee_id, mentor_id=match.mentor_id)
    agreement = Agreement(
        match_id=match_id, cadence_days=match.cadence_days, duration_months=months, term_started_at=now,
        ends_at=add_months(now, months), created_at=now,
        sections={"confidentiality": setting(session, "agreement_confidentiality"),
                  "contact": setting(session, "agreement_contact"),
                  "no_fault": setting(session, "agreement_no_fault"),
                  "first_goals": [goal.title for goal in goals[:3]], **(extra_sections or {})})
    session.add(agreement)
    session.flush()
    plan_term(session=session, agreement=agreement, pulse_after=timedelta(days=int(setting(session, "pulse_after_days"))))
    for role in ROLES:
        _tell(session, notifier, agreement, role, f"agreement:{agreement.id}:{role}",
              partial(notifier.render_agreement, view_of(session, agreement, role)), now, answers_a_click=False)
    return agreement


def acknowledge(*, session: Session, notifier: Notifier, agreement_id: int, version: int, actor: str,
                now: datetime) -> AgreementView:
    """One click: this person agrees to the terms they were shown. Once both have, the agreement stands and the
    other person is told."""
    agreement = _held(session, agreement_id)
    role = role_of(session, agreement, actor, action="agreement.acknowledge")
    if agreement.version != version:
        raise AlreadyHandled(_changed_since(session, agreement, role))
    if acked(agreement, role):
        raise AlreadyHandled(_("You've already agreed to this; thank you! It's on your App Home."))
    setattr(agreement, f"{role}_acked_at", now)
    record_audit(session=session, now=now, actor=actor, action="agreement.acknowledge", target=str(agreement_id))
    if acked(agreement, other(role)):
        _settle(session, notifier, agreement, told=other(role), now=now)
    session.add(agreement)
    return view_of(session, agreement, role)


def propose_change(*, session: Session, notifier: Notifier, agreement_id: int, version: int, actor: str,
                   cadence_days: int, duration_months: int, now: datetime) -> AgreementView:
    """A different cadence or duration, waiting for the other person's one-click confirmation."""
    if cadence_days not in CADENCE_CHOICES or duration_months not in DURATION_CHOICES:
        raise AgreementError(_("Pick a cadence and a duration from the lists."))
    agreement = _held(session, agreement_id)
    role = role_of(session, agreement, actor, action="agreement.propose")
    if agreement.version != version:
        raise AlreadyHandled(_changed_since(session, agreement, role))
    _still_on(session, agreement)
    if (cadence_days, duration_months) == (agreement.cadence_days, agreement.duration_months):
        raise AgreementError(_("That's what the agreement already says; “I agree” is enough."))
    agreement.change_by, agreement.change_cadence_days, agreement.change_duration_months = role, cadence_days, duration_months
    agreement.version += 1
    session.add(agreement)
    record_audit(session=session, now=now, actor=actor, action="agreement.propose", target=str(agreement_id),
                 detail={"cadence_days": cadence_days, "duration_months": duration_months})
    _tell(session, notifier, agreement, other(role), f"agreement:{agreement.id}:v{agreement.version}:{other(role)}",
          lambda: notifier.render_agreement_change(view_of(session, agreement, other(role))), now)
    return view_of(session, agreement, role)


def confirm_change(*, session: Session, notifier: Notifier, agreement_id: int, version: int, actor: str,
                   now: datetime) -> AgreementView:
    """The other person confirms the proposed change: it becomes the agreement, agreed by both."""
    agreement = _held(session, agreement_id)
    role = role_of(session, agreement, actor, action="agreement.confirm")
    if agreement.version != version or agreement.change_by != other(role):
        raise AlreadyHandled(_changed_since(session, agreement, role))
    match = _still_on(session, agreement)
    agreement.cadence_days = match.cadence_days = agreement.change_cadence_days or agreement.cadence_days
    agreement.duration_months = agreement.change_duration_months or agreement.duration_months
    agreement.ends_at = add_months(agreement.term_started_at, agreement.duration_months)
    agreement.change_by = agreement.change_cadence_days = agreement.change_duration_months = None
    agreement.version += 1
    for side in ROLES:
        if not acked(agreement, side):
            setattr(agreement, f"{side}_acked_at", now)
    session.add_all([agreement, match])
    replan_open_checkins(session=session, match=match)
    replan_reviews(session=session, agreement=agreement)
    record_audit(session=session, now=now, actor=actor, action="agreement.confirm", target=str(agreement_id))
    _settle(session, notifier, agreement, told=other(role), now=now)
    return view_of(session, agreement, role)


def _settle(session: Session, notifier: Notifier, agreement: Agreement, *, told: str, now: datetime) -> None:
    """Both have agreed: the agreement stands, and the person who did not just click hears so."""
    agreement.status, agreement.agreed_at = AgreementStatus.AGREED, now
    session.add(agreement)
    _tell(session, notifier, agreement, told, f"agreement:{agreement.id}:v{agreement.version}:agreed:{told}",
          lambda: notifier.render_agreement_agreed(view_of(session, agreement, told)), now)


def _held(session: Session, agreement_id: int) -> Agreement:
    if not hold(session=session, model=Agreement, row_id=agreement_id):
        raise AgreementError(_("That agreement no longer exists (the match has ended)."))
    agreement = session.get(Agreement, agreement_id)
    assert agreement is not None
    session.refresh(agreement)
    return agreement


def _still_on(session: Session, agreement: Agreement) -> Match:
    match, _mentee, _mentor = pair_of(session, agreement)
    if match.status != MatchStatus.ACTIVE:
        raise AlreadyHandled(_("This match has ended, so its agreement can't change any more."))
    return match


def _changed_since(session: Session, agreement: Agreement, role: str) -> str:
    view = view_of(session, agreement, role)
    if view.change is not None and not view.change_is_mine:
        return _("Already handled: {name} has since proposed a change; the newer message about it has the "
                 "buttons.").format(name=view.change.by.name)
    if view.agreed:
        return _("Already handled: your agreement is in place (see your App Home). Thank you!")
    return _("Already handled: this agreement has changed since; the newest message about it has the buttons.")


def _tell(session: Session, notifier: Notifier, agreement: Agreement, role: str, key: str,
          payload: Callable[[], dict[str, Any]], now: datetime, *, answers_a_click: bool = True) -> None:
    """Queue a message to one of the pair with the decision. What answers a click goes at once (the sender wakes
    when this transaction commits); a new match's agreement waits for the sender's next round, after the
    introduction, and an ending before then withdraws it."""
    _match, mentee, mentor = pair_of(session, agreement)
    person = mentee if role == "mentee" else mentor
    if answers_a_click:
        notifier.within(session, now)  # binding the notifier to this transaction is what wakes the sender after it
    with speaking_to(session, person):
        rendered = payload()
    enqueue_message(session=session, key=key, purpose="agreement", recipient=person.slack_user_id, payload=rendered,
                    not_before=now, now=now, interactive=answers_a_click)


def agreements_of(*, session: Session, person_id: int, slack_id: str) -> list[AgreementView]:
    """The agreements of this person's active matches, as they read them."""
    rows = session.exec(select(Agreement, Match).where(Agreement.match_id == Match.id,
                                                       Match.status == MatchStatus.ACTIVE,
                                                       (Match.mentee_id == person_id) | (Match.mentor_id == person_id))
                        .order_by(col(Agreement.id)))
    return [view_of(session, agreement, "mentee" if match.mentee_id == person_id else "mentor")
            for agreement, match in rows]


def unacknowledged_count(*, session: Session, programs: frozenset[str] | None = None) -> int:
    """Agreements of active matches that someone has not acknowledged yet (the coordinators' digest); with
    `programs` (a program coordinator's), only those whose mentee or mentor is in one of them."""
    pairs = session.exec(select(Match.mentee_id, Match.mentor_id).where(
        Agreement.match_id == Match.id, Match.status == MatchStatus.ACTIVE,
        Agreement.status == AgreementStatus.PENDING))
    if programs is None:
        return len(list(pairs))
    return sum(1 for mentee_id, mentor_id in pairs
               if any(getattr(session.get(Person, person_id), "program", None) in programs
                      for person_id in (mentee_id, mentor_id)))


def agreement_for_change(*, session: Session, agreement_id: int, version: int, actor: str) -> AgreementView:
    """The agreement as `actor` reads it, before they propose a change to the version they were shown."""
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise AgreementError(_("That agreement no longer exists (the match has ended)."))
    role = role_of(session, agreement, actor, action="agreement.propose")
    if agreement.version != version:
        raise AlreadyHandled(_changed_since(session, agreement, role))
    _still_on(session, agreement)
    return view_of(session, agreement, role)
