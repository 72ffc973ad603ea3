"""Agreements, early pulses, how matches end and development plans, as evaluation indicators (see bot/agreements
and bot/development_plan.py)."""

from __future__ import annotations

from bot.i18n import _
from dataclasses import dataclass
from datetime import timedelta

from bot.report.indicators import Indicator, IndicatorGroup, share
from bot.report.snapshot import Snapshot
from storage.tables import EndReason, PromptKind, PulseAnswer

LAPSED_AFTER = timedelta(days=30)  # past the agreed end this long, with nothing decided
EARLY_REASONS = (EndReason.NO_FAULT, EndReason.COORDINATOR)


@dataclass(frozen=True)
class AgreementOutcomes(IndicatorGroup):
    agreements_acknowledged: Indicator
    completed: Indicator
    renewed: Indicator
    ended_early: Indicator
    lapsed: Indicator
    pulse_positive_mentees: Indicator
    pulse_positive_mentors: Indicator
    pulse_not_working: Indicator
    mentees_with_plan: Indicator


def agreement_outcomes(snapshot: Snapshot) -> AgreementOutcomes:
    """Agreements and endings: what pairs agreed to, how each early pulse went, and how matches ended.

    agreements_acknowledged: of mentoring agreements sent in the period (one per new match), the share both people had acknowledged (or agreed a change to) by the end.
    completed: matches completed in the period at a midpoint or end review: a success, not a rematch, and the mentee is not sent back into matching.
    renewed: agreements renewed for another term in the period (both people chose to renew; an agreement renewed twice in the period counts once).
    ended_early: matches ended in the period without fault before being completed: by the mentee or the mentor ("Not a fit", `/mentor rematch`) or by a coordinator (leaving the program is counted in the endings by reason, not here).
    lapsed: matches still active at the end whose agreed term ended more than 30 days before the end with neither a renewal nor a completion.
    pulse_positive_mentees: of early pulses mentees answered in the period, the share answering "great" or "fine".
    pulse_positive_mentors: of early pulses mentors answered in the period, the share answering "great" or "fine".
    pulse_not_working: early pulses answered "not working" in the period (each raised an early warning to coordinators and offered that person a no-fault rematch).
    mentees_with_plan: of mentees enrolled at the end, the share who saved an individual development plan in the period (its ratings and goals are never read for the report).
    """
    start, end, as_of = snapshot.period.start, snapshot.period.end, snapshot.as_of
    sent = [a for a in snapshot.agreements if start <= a.created_at < end]
    acknowledged = sum(1 for a in sent if a.agreed_at is not None and a.agreed_at <= as_of)
    ended = [m for m in snapshot.state.matches if m.ended_at is not None and start <= m.ended_at < end]
    completed = sum(1 for m in ended if m.end_reason == EndReason.COMPLETED)
    early = [m for m in ended if m.end_reason in EARLY_REASONS]
    renewed = sum(1 for a in snapshot.agreements if a.renewed_at is not None and start <= a.renewed_at < end)
    active = {m.id for m in snapshot.state.active_matches(as_of)}
    lapsed = sum(1 for a in snapshot.agreements if a.match_id in active and a.ends_at + LAPSED_AFTER <= as_of)
    answers = {role: [p.answer for p in snapshot.prompts if p.kind == PromptKind.PULSE and p.role == role
                      and p.answer is not None and p.answered_at is not None and start <= p.answered_at < end]
               for role in ("mentee", "mentor")}
    good = {PulseAnswer.GREAT, PulseAnswer.FINE}
    not_working = sum(answer == PulseAnswer.NOT_WORKING for given in answers.values() for answer in given)
    matches = len({m.id for m in ended}) or None
    enrolled = {p.id for p in snapshot.state.mentees(as_of)}
    planned = {mentee for mentee, saved in snapshot.plans if start <= saved < end} & enrolled
    return AgreementOutcomes(
        agreements_acknowledged=Indicator("agreements_acknowledged", _("Agreements acknowledged by both"),
                                          share(acknowledged, len(sent)), "percent", ("engagement",), len(sent)),
        completed=Indicator("completed", _("Matches completed (a success)"), completed, "count", ("retention",), matches),
        renewed=Indicator("renewed", _("Agreements renewed for another term"), renewed, "count", ("retention",)),
        ended_early=Indicator("ended_early", _("Matches ended early, no fault"), len(early), "count", ("retention",),
                              matches),
        lapsed=Indicator("lapsed", _("Matches lapsed past their agreed end"), lapsed, "count", ("retention",)),
        pulse_positive_mentees=Indicator("pulse_positive_mentees", _("Early pulse: mentees saying great or fine"),
                                         share(sum(a in good for a in answers["mentee"]), len(answers["mentee"])),
                                         "percent", ("engagement",), len(answers["mentee"])),
        pulse_positive_mentors=Indicator("pulse_positive_mentors", _("Early pulse: mentors saying great or fine"),
                                         share(sum(a in good for a in answers["mentor"]), len(answers["mentor"])),
                                         "percent", ("engagement",), len(answers["mentor"])),
        pulse_not_working=Indicator("pulse_not_working", _("Early pulses answered “not working”"), not_working, "count",
                                    ("retention",), sum(len(given) for given in answers.values())),
        mentees_with_plan=Indicator("mentees_with_plan", _("Mentees with a development plan"), share(len(planned), len(enrolled)),
                                    "percent", ("engagement",), len(enrolled)))
