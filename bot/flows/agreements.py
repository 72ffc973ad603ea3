"""Agreements, the early pulse and term reviews from Slack: each a transaction of its own, whatever it tells
people written to the outbox inside it; both people's Homes follow."""

from __future__ import annotations

from datetime import datetime

from bot.access import unit_of_work
from bot.agreements.prompts import PromptView
from bot.agreements.pulse import add_pulse_note, answer_pulse, own_pulse
from bot.agreements.reviews import ReviewOutcome, answer_review
from bot.agreements.service import acknowledge, agreement_for_change, confirm_change, propose_change
from bot.agreements.terms import AgreementView
from bot.notify import Notifier
from storage.engine import SessionFactory


def _refresh_both(notifier: Notifier, view: AgreementView) -> None:
    notifier.refresh_home(view.me.slack_id)
    notifier.refresh_home(view.partner.slack_id)


def acknowledge_agreement(*, sessions: SessionFactory, notifier: Notifier, agreement_id: int, version: int,
                          actor: str, now: datetime) -> AgreementView:
    with unit_of_work(sessions, now) as session:
        view = acknowledge(session=session, notifier=notifier, agreement_id=agreement_id, version=version, actor=actor,
                           now=now)
    _refresh_both(notifier, view)
    return view


def propose_agreement_change(*, sessions: SessionFactory, notifier: Notifier, agreement_id: int, version: int,
                             actor: str, cadence_days: int, duration_months: int, now: datetime) -> AgreementView:
    with unit_of_work(sessions, now) as session:
        return propose_change(session=session, notifier=notifier, agreement_id=agreement_id, version=version,
                              actor=actor, cadence_days=cadence_days, duration_months=duration_months, now=now)


def confirm_agreement_change(*, sessions: SessionFactory, notifier: Notifier, agreement_id: int, version: int,
                             actor: str, now: datetime) -> AgreementView:
    with unit_of_work(sessions, now) as session:
        view = confirm_change(session=session, notifier=notifier, agreement_id=agreement_id, version=version,
                              actor=actor, now=now)
    _refresh_both(notifier, view)
    return view


def answer_early_pulse(*, sessions: SessionFactory, prompt_id: int, actor: str, answer: str,
                       now: datetime) -> PromptView:
    with unit_of_work(sessions, now) as session:
        return answer_pulse(session=session, prompt_id=prompt_id, actor=actor, answer=answer, now=now)


def note_early_pulse(*, sessions: SessionFactory, prompt_id: int, actor: str, note: str, now: datetime) -> PromptView:
    with unit_of_work(sessions, now) as session:
        return add_pulse_note(session=session, prompt_id=prompt_id, actor=actor, note=note, now=now)


def answer_term_review(*, sessions: SessionFactory, notifier: Notifier, prompt_id: int, actor: str, answer: str,
                       now: datetime) -> ReviewOutcome:
    with unit_of_work(sessions, now) as session:
        outcome = answer_review(session=session, notifier=notifier, prompt_id=prompt_id, actor=actor, answer=answer,
                                now=now)
    if outcome.result in ("completed", "renewed"):
        notifier.refresh_home(outcome.match.mentee.slack_id)
        notifier.refresh_home(outcome.match.mentor.slack_id)
    return outcome


def agreement_view(*, sessions: SessionFactory, agreement_id: int, version: int, actor: str,
                   now: datetime) -> AgreementView:
    with unit_of_work(sessions, now) as session:
        return agreement_for_change(session=session, agreement_id=agreement_id, version=version, actor=actor)


def pulse_view(*, sessions: SessionFactory, prompt_id: int, actor: str, now: datetime) -> PromptView:
    with unit_of_work(sessions, now) as session:
        return own_pulse(session=session, prompt_id=prompt_id, actor=actor)
