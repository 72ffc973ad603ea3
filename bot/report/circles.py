"""Peer circles in the report, and what flash conversations and speed-mentoring events led to.

Circles are small (4-8 people), so nothing is reported per circle or per theme, only totals; and a total that
rests on fewer people than the minimum group size is hidden, as everywhere in the report: who left a circle, or
how one circle answered its check-ins, must not be recoverable.
"""

from __future__ import annotations

from bot.i18n import _
from dataclasses import dataclass

from bot.report.indicators import Indicator, IndicatorGroup, share
from bot.report.snapshot import Snapshot
from storage.tables import FlashStatus
from storage.tables.circles import CircleCheckInAnswer
from storage.tables.events import Rsvp


@dataclass(frozen=True)
class CircleOutcomes(IndicatorGroup):
    circles_formed: Indicator
    circle_members: Indicator
    circle_checkins_sent: Indicator
    circle_checkins_answered: Indicator
    circle_met: Indicator
    circle_leaves: Indicator
    flash_requests: Indicator
    flash_accepted: Indicator
    event_invitations: Indicator
    event_coming: Indicator
    event_one_sided_picks: Indicator


def _unless_small(value: float | None, people: int, minimum: int) -> float | None:
    """Hidden when it rests on fewer people than the minimum group (zero people: nothing to hide)."""
    return value if people == 0 or people >= minimum else None


def circle_outcomes(snapshot: Snapshot) -> CircleOutcomes:
    """Peer circles and their activity, and what flash conversations and events led to (totals only: no circle or theme is reported on its own).

    circles_formed: peer circles a coordinator approved that were formed in the period.
    circle_members: people in a peer circle at the end (facilitators included; someone who left is not counted); hidden below the minimum group size.
    circle_checkins_sent: circle check-ins sent in the period (one per member and cycle, in each member's own working hours).
    circle_checkins_answered: the share of those answered (We met / Not yet); hidden when fewer people than the minimum group size were asked.
    circle_met: of the answers, the share saying the circle met since the last check-in; hidden when fewer people than the minimum group size answered.
    circle_leaves: people who left a peer circle in the period (no fault, no reasons asked); hidden when fewer than the minimum group size, so that a leaver cannot be singled out.
    flash_requests: flash requests a mentor answered in the period (a decline and the next mentor asked count as two).
    flash_accepted: the share of those a mentor said yes to.
    event_invitations: invitations to speed-mentoring events that started in the period.
    event_coming: the share of those invitations answered "I'll come" (the last answer before the rotation was made).
    event_one_sided_picks: mentees' picks at those events that the mentor did not return; each became an ordinary request with that mentor asked first, where the mentee still had room.
    """
    rows, minimum = snapshot.circles, snapshot.minimum_group
    start, end = snapshot.period.start, snapshot.as_of
    reach = ("engagement",)
    formed = {circle for circle, _unused, at, _unused2 in rows.seats if start <= at < end}
    members = {person for _unused, person, _unused2, left in rows.seats if left is None or left >= end}
    leavers = {person for _unused, person, _unused2, left in rows.seats if left is not None and start <= left < end}
    asked = {person for person, _unused in rows.checkins}
    answers = [(person, answer) for person, answer in rows.checkins if answer is not None]
    answering = {person for person, _unused in answers}
    met = sum(1 for _unused, answer in answers if answer == CircleCheckInAnswer.MET)
    flash_accepted = sum(1 for row in snapshot.flash if row.status == FlashStatus.ACCEPTED)
    flash_answered = sum(1 for row in snapshot.flash if row.status in (FlashStatus.ACCEPTED, FlashStatus.DECLINED))
    coming = sum(1 for _unused, rsvp in rows.rsvps if rsvp == Rsvp.YES)
    return CircleOutcomes(
        circles_formed=Indicator("circles_formed", _("Peer circles formed"), len(formed), "count", reach),
        circle_members=Indicator("circle_members", _("People in peer circles"),
                                 _unless_small(len(members), len(members), minimum), "count", reach, len(members)),
        circle_checkins_sent=Indicator("circle_checkins_sent", _("Circle check-ins sent"), len(rows.checkins), "count",
                                       reach),
        circle_checkins_answered=Indicator(
            "circle_checkins_answered", _("Circle check-ins answered (share)"),
            _unless_small(share(len(answers), len(rows.checkins)), len(asked), minimum), "percent", reach,
            len(rows.checkins)),
        circle_met=Indicator("circle_met", _("Circle check-ins saying the circle met (share)"),
                             _unless_small(share(met, len(answers)), len(answering), minimum), "percent", reach,
                             len(answers)),
        circle_leaves=Indicator("circle_leaves", _("People who left a peer circle"),
                                _unless_small(len(leavers), len(leavers), minimum), "count", reach, len(leavers)),
        flash_requests=Indicator("flash_requests", _("Flash requests answered"), flash_answered, "count", reach),
        flash_accepted=Indicator("flash_accepted", _("Flash requests accepted (share)"),
                                 share(flash_accepted, flash_answered), "percent", reach, flash_answered),
        event_invitations=Indicator("event_invitations", _("Invitations to speed-mentoring events"), len(rows.rsvps),
                                    "count", reach),
        event_coming=Indicator("event_coming", _("Invitations accepted (share)"), share(coming, len(rows.rsvps)),
                               "percent", reach, len(rows.rsvps)),
        event_one_sided_picks=Indicator("event_one_sided_picks", _("One-sided picks at events (became requests)"),
                                        len(rows.one_sided_picks), "count", reach))
